"""The agenda: an AgendaPage index, ActivityPages under it, their schedule on
django-scheduler, and the snippets that describe them (categories, rooms,
closures).

How the schedule is stored
--------------------------
The editor writes the schedule in the activity's own edit form, as lines
(``ActivitySlot``: "weekly on Tuesday, 18:00-20:00 from 3 March") and
exceptions (``ActivityChange``: "cancel 17 March", "move 24 March to 19:00").
They are versioned with the page like any other field. When the page that
owns the schedule is published, ``services.activity_schedule_sync`` turns
them into django-scheduler rows: one ``schedule.Event`` with its own
``schedule.Rule`` per line, and a ``schedule.Occurrence`` row per changed
session. ``ActivityEvent`` links each Event to the activity's
``translation_key``, so every translation of the activity shows the same
schedule. The page that owns the schedule is the first one created in the
translation group (normally the one in the default language).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from safespace.blocks import WEEKDAYS
from safespace.space_admin import SpaceOwnedForm
from safespace import spaces
from safespace.spaces import site_default_id

from . import recurrence
from .panels import ExtensionPointPanel
from .fields import ChoiceListField
from .pictograms import PICTOGRAMS

# The same day names as the site's opening hours.
WEEKDAY_CHOICES = WEEKDAYS

# Languages an activity can be held in: named in their own language.
ACTIVITY_LANGUAGES = [
    ("ca", "Català"),
    ("es", "Español"),
    ("en", "English"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ar", "العربية"),
]


class Audience(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants only")
    OPEN = "open", _("Open to neighbours")


class Repeat(models.TextChoices):
    ONCE = recurrence.ONCE, _("Once")
    WEEKLY = recurrence.WEEKLY, _("Every week")
    BIWEEKLY = recurrence.BIWEEKLY, _("Every two weeks")
    MONTHLY = recurrence.MONTHLY, _("Once a month, on a weekday")


MONTHLY_WEEK_CHOICES = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))]


# --- Snippets ---------------------------------------------------------------

class HasPictogram(models.Model):
    """A pictogram beside the name (agenda/pictograms.py), the same in every
    language: agenda.services.pictogram_sync copies it to the translations."""

    pictogram = models.CharField(
        _("Pictogram"), max_length=40, blank=True, choices=PICTOGRAMS,
        help_text=_("Shown beside the name, so people recognise it without reading. The same in every language."),
    )
    pictogram_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Own pictogram"),
        help_text=_("Instead of one from the set: a square picture (PNG, JPEG or WebP), simple and clear at small sizes."),
    )

    class Meta:
        abstract = True


PICTOGRAM_FIELDS = [SynchronizedField("pictogram"), SynchronizedField("pictogram_image")]


class Category(TranslatableMixin, HasPictogram, models.Model):
    """Cultural, creative, productive, leisure, care, assembly..."""

    name = models.CharField(_("Name"), max_length=80)
    slug = models.SlugField(
        _("Short name in addresses"), max_length=60,
        help_text=_("Used in filter and feed addresses; the same in every language."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("pictogram"), FieldPanel("pictogram_image")]
    override_translatable_fields = PICTOGRAM_FIELDS

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("activity category")
        verbose_name_plural = _("activity categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Room(TranslatableMixin, HasPictogram, models.Model):
    """A room of the space, or a place outside it."""

    name = models.CharField(_("Name"), max_length=80)
    slug = models.SlugField(_("Short name in addresses"), max_length=60)
    directions = models.CharField(
        _("How to find it"), max_length=200, blank=True,
        help_text=_("For example: first floor, lift available."),
    )
    # The space it belongs to (safespace/spaces.py).
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, default=site_default_id, related_name="+",
        verbose_name=_("Space"),
    )

    panels = [
        FieldPanel("site"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("directions"), FieldPanel("pictogram"),
        FieldPanel("pictogram_image"),
    ]
    override_translatable_fields = PICTOGRAM_FIELDS
    base_form_class = SpaceOwnedForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("room or place")
        verbose_name_plural = _("rooms and places")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Closure(TranslatableMixin, models.Model):
    """The space is closed from ``start_date`` to ``end_date`` (both included):
    every occurrence in those days is shown as cancelled, with the reason."""

    start_date = models.DateField(_("First closed day"))
    end_date = models.DateField(_("Last closed day"))
    reason = models.CharField(_("Public reason"), max_length=200, blank=True)
    # The space it belongs to (safespace/spaces.py).
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, default=site_default_id, related_name="+",
        verbose_name=_("Space"),
    )

    panels = [FieldPanel("site"), FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]), FieldPanel("reason")]

    base_form_class = SpaceOwnedForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("closure of the space")
        verbose_name_plural = _("closures of the space")
        ordering = ["-start_date"]

    def __str__(self):
        if self.start_date == self.end_date:
            return f"{self.start_date:%Y-%m-%d} {self.reason}".strip()
        return f"{self.start_date:%Y-%m-%d} – {self.end_date:%Y-%m-%d} {self.reason}".strip()

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last closed day cannot be before the first one.")})


# --- Pages ------------------------------------------------------------------

class AgendaViews(RoutablePageMixin, models.Model):
    """An agenda's introduction and periods (week, day, month, list), for AgendaPage and NetworkAgendaPage alike."""

    intro = models.TextField(_("Introduction"), blank=True, max_length=400)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["safespace.HomePage"]
    max_count_per_parent = 1
    # Whose sessions the views show: this space's, or every space that shares them.
    network = False

    class Meta:
        abstract = True

    @path("")
    def week_current(self, request):
        from . import views

        return views.agenda_view(request, self, view="week", when=None)

    @re_path(r"^(?P<view>week|day)/(?P<when>[0-9]{4}-[0-9]{2}-[0-9]{2})/$")
    def by_day(self, request, view, when):
        from . import views

        return views.agenda_view(request, self, view=view, when=when)

    @re_path(r"^month/(?P<when>[0-9]{4}-[0-9]{2})/$")
    def by_month(self, request, when):
        from . import views

        return views.agenda_view(request, self, view="month", when=when)

    @path("day/")
    def today(self, request):
        from . import views

        return views.agenda_view(request, self, view="day", when=None)

    @path("month/")
    def this_month(self, request):
        from . import views

        return views.agenda_view(request, self, view="month", when=None)

    @path("list/")
    def as_list(self, request):
        from . import views

        return views.agenda_view(request, self, view="list", when=request.GET.get("from"))


class AgendaPage(AgendaViews, Page):
    """The agenda: week, day, month and list views of every activity."""

    subpage_types = ["agenda.ActivityPage"]

    class Meta:
        verbose_name = _("agenda")


class NetworkAgendaPage(AgendaViews, Page):
    """The network's agenda: the sessions of every space that shares them (Settings -> Network).

    A page type of its own rather than a switch on AgendaPage: a space keeps
    its one agenda (with the activities under it) and can have this one
    beside it, holding no activities. Both serve the same views and template
    (``views.agenda_view``); each session names its space and links to it at
    that space's address.
    """

    subpage_types: list[str] = []
    network = True

    class Meta:
        verbose_name = _("network agenda")


class ActivityPageForm(WagtailAdminPageForm):
    """Checks the schedule as a whole: each exception must hit a session.
    Offers only the categories and rooms of the page's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or (self.parent_page.locale_id if getattr(self, "parent_page", None) else None)
        if locale_id is None:
            return
        # Rooms of the page's own space (safespace/spaces.py); categories are shared.
        parent = self.instance if self.instance.pk else getattr(self, "parent_page", None)
        space_id = spaces.space_id_for_path(parent.path) if parent is not None and parent.path else None
        rooms = Room.objects.filter(locale_id=locale_id)
        if space_id is not None:
            rooms = rooms.filter(site_id=space_id)
        for name, queryset in (("category", Category.objects.filter(locale_id=locale_id)), ("room", rooms)):
            if name in self.fields:
                self.fields[name].queryset = queryset
        changes = self.formsets.get("changes")
        if changes is not None:
            # The formset builds a fresh empty form (the template for "Add change") each time it
            # is asked for one: limiting the rooms must happen wherever a form is built.
            add_fields = changes.add_fields

            def add_fields_in_locale(form, index):
                add_fields(form, index)
                if "new_room" in form.fields:
                    form.fields["new_room"].queryset = rooms

            changes.add_fields = add_fields_in_locale
            for form in changes.forms:
                if "new_room" in form.fields:
                    form.fields["new_room"].queryset = rooms

    def clean(self):
        cleaned = super().clean()
        slots, changes = self.formsets.get("slots"), self.formsets.get("changes")
        if slots is None or changes is None or not slots.is_valid() or not changes.is_valid():
            return cleaned
        specs = []
        for form in slots.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            try:
                specs.append(ActivitySlot(**{k: v for k, v in data.items() if k in SLOT_FIELDS}).spec())
            except (ValueError, TypeError):
                continue
        for form in changes.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("original_date"):
                continue
            day, at = data["original_date"], data.get("original_time")
            on_day = sorted({s for spec in specs for s in spec.starts_on(day)})
            starts = on_day
            if at is not None:
                starts = [s for s in on_day if s.astimezone(recurrence.local_zone()).time() == at]
            if not on_day:
                form.add_error("original_date", _("There is no session on that day in this schedule."))
            elif not starts:
                # Typically after the schedule line's time was changed: say what is there now.
                times = ", ".join(s.astimezone(recurrence.local_zone()).strftime("%H:%M") for s in on_day)
                form.add_error("original_time", _("No session starts at that time that day; it has sessions at %(times)s.") % {"times": times})
            elif len(starts) > 1:
                form.add_error("original_time", _("There are several sessions that day: give the start time."))
        return cleaned


class ActivityPage(RoutablePageMixin, Page):
    summary = models.TextField(_("Summary"), max_length=300, help_text=_("One or two sentences for lists and feeds."))
    description = RichTextField(_("Description"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    easy_read = models.TextField(
        _("Easy read"), blank=True, max_length=600,
        help_text=_(
            "Optional. Short sentences, one idea each, one per line. Shown first to people who choose "
            "Easy read, and on the wall screen."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Image"),
    )
    image_alt = models.CharField(
        _("Image description"), max_length=200, blank=True,
        help_text=_("What the image shows, for people who cannot see it. Leave empty if it is decorative."),
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Category"),
    )
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Room or place"),
    )
    audience = models.CharField(_("Who it is for"), max_length=20, choices=Audience.choices, default=Audience.PARTICIPANTS)
    languages = ChoiceListField(_("Held in"), item_choices=ACTIVITY_LANGUAGES, max_length=40)
    accessibility = models.TextField(_("Accessibility notes"), blank=True, max_length=600)
    facilitators = models.CharField(
        _("Facilitated by"), max_length=200, blank=True,
        help_text=_("Display names only, as the facilitators want to be called in public."),
    )
    # The one number of places: shown on the page, and the capacity of sign-up (enrollment) if it is on.
    capacity = models.PositiveSmallIntegerField(
        _("Places"), null=True, blank=True,
        help_text=_("Leave empty if there is no limit. If people sign up for this activity, this is how many get a place."),
    )

    base_form_class = ActivityPageForm
    parent_page_types = ["agenda.AgendaPage"]
    subpage_types: list[str] = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("easy_read"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        MultiFieldPanel(
            [
                # A plain select: a handful of rooms, no modal needed (and it works without JS).
                FieldRowPanel([FieldPanel("category", widget=forms.Select), FieldPanel("room", widget=forms.Select)]),
                FieldPanel("audience"),
                FieldPanel("languages"),
                FieldPanel("facilitators"),
                FieldPanel("capacity"),
                FieldPanel("accessibility"),
            ],
            heading=_("Practical details"),
        ),
        HelpPanel(
            content=_(
                "<p>The schedule is shared by every translation of this activity. "
                "Edit it on the version in the original language; it changes on the site when you publish.</p>"
            ),
            heading=_("Schedule"),
        ),
        InlinePanel("slots", heading=_("When it happens"), label=_("Schedule line"), min_num=1),
        InlinePanel("changes", heading=_("Changes to single sessions"), label=_("Change")),
        ExtensionPointPanel(heading=_("Plugins")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("description")]
    # wagtail-localize would offer a list of language codes as text to translate
    # (and fail on it): the languages an activity is held in are the same in
    # every translation.
    override_translatable_fields = [SynchronizedField("languages")]

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    @path("")
    def activity(self, request):
        from . import views

        return views.activity_view(request, self)

    @re_path(r"^(?P<stamp>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4})/$")
    def occurrence(self, request, stamp):
        from . import views

        return views.occurrence_view(request, self, stamp=stamp)

    def owns_schedule(self) -> bool:
        """The first page of the translation group holds the schedule."""
        if self.pk is None:
            return True
        return not ActivityPage.objects.filter(translation_key=self.translation_key, pk__lt=self.pk).exists()


SLOT_FIELDS = ("repeat", "start_date", "start_time", "end_time", "weekdays", "monthly_week", "until", "count")


class ActivitySlot(Orderable):
    """One line of an activity's schedule; becomes one django-scheduler Event."""

    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="slots")
    # Stable across revisions and translations (child row ids are not): it names the Event.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    repeat = models.CharField(_("Repeats"), max_length=10, choices=Repeat.choices, default=Repeat.WEEKLY)
    start_date = models.DateField(_("From"), help_text=_("The first day it can happen."))
    start_time = models.TimeField(_("Starts at"))
    end_time = models.TimeField(_("Ends at"))
    weekdays = ChoiceListField(
        _("On"), item_choices=WEEKDAY_CHOICES, max_length=20,
        help_text=_("For weekly and fortnightly: one or more days. For monthly: one day."),
    )
    monthly_week = models.SmallIntegerField(
        _("Which one in the month"), choices=MONTHLY_WEEK_CHOICES, null=True, blank=True,
        help_text=_("For monthly: the first, second... or last of that weekday."),
    )
    until = models.DateField(_("Until"), null=True, blank=True, help_text=_("Last day it can happen. Optional."))
    count = models.PositiveSmallIntegerField(
        _("Or a number of sessions"), null=True, blank=True, help_text=_("Optional, instead of an end date."),
    )

    panels = [
        FieldPanel("repeat"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("weekdays"),
        FieldPanel("monthly_week"),
        FieldRowPanel([FieldPanel("until"), FieldPanel("count")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("schedule line")

    def clean(self):
        errors: dict[str, list] = {}
        if self.start_time is not None and self.end_time is not None:
            if self.end_time == self.start_time:
                errors.setdefault("end_time", []).append(_("A session cannot last zero minutes."))
            elif self.end_time < self.start_time:
                errors.setdefault("end_time", []).append(
                    _("The end is before the start. Sessions that go past midnight are not supported.")
                )
        days = list(self.weekdays or [])
        if self.repeat in (Repeat.WEEKLY, Repeat.BIWEEKLY) and not days:
            errors.setdefault("weekdays", []).append(_("Choose at least one weekday."))
        if self.repeat == Repeat.MONTHLY:
            if len(days) != 1:
                errors.setdefault("weekdays", []).append(_("For a monthly rule choose exactly one weekday."))
            if self.monthly_week is None:
                errors.setdefault("monthly_week", []).append(_("Say which one in the month: first, second..."))
        if self.repeat != Repeat.ONCE:
            if self.until and self.count:
                errors.setdefault("count", []).append(_("Give an end date or a number of sessions, not both."))
            if self.until and self.start_date and self.until < self.start_date:
                errors.setdefault("until", []).append(_("The end date is before the first day."))
        if self.count == 0:
            errors.setdefault("count", []).append(_("At least one session."))
        if not errors and self.start_date and self.start_time and self.end_time:
            try:
                self.spec()
            except ValueError:
                errors.setdefault("start_date", []).append(_("This rule gives no session at all. Check the days and dates."))
        if errors:
            raise ValidationError(errors)

    def spec(self) -> recurrence.SlotSpec:
        return recurrence.slot_spec(
            repeat=self.repeat, start_date=self.start_date, start_time=self.start_time, end_time=self.end_time,
            weekdays=list(self.weekdays or []), monthly_week=self.monthly_week,
            until=self.until if self.repeat != Repeat.ONCE else None,
            count=self.count if self.repeat != Repeat.ONCE else None,
        )


class ChangeKind(models.TextChoices):
    CANCEL = "cancel", _("Cancel this session")
    MOVE = "move", _("Move this session")


class ActivityChange(TranslatableMixin, Orderable):
    """An exception to the schedule: one session cancelled or moved.

    Translatable so that its public reason can be translated with the page
    (wagtail-localize offers it as a segment; dates, times and the room come
    from the page that owns the schedule). A translation's rows share the
    ``translation_key`` of the row they translate.
    """

    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("Change"), max_length=10, choices=ChangeKind.choices, default=ChangeKind.CANCEL)
    original_date = models.DateField(_("Session of"), help_text=_("The day the session was planned."))
    original_time = models.TimeField(
        _("Planned start"), null=True, blank=True, help_text=_("Only needed if there are several sessions that day."),
    )
    new_date = models.DateField(_("New day"), null=True, blank=True)
    new_start_time = models.TimeField(_("New start"), null=True, blank=True)
    new_end_time = models.TimeField(_("New end"), null=True, blank=True)
    new_room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("New room or place"),
    )
    reason = models.CharField(_("Public reason"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("original_date"), FieldPanel("original_time")]),
        FieldRowPanel([FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")]),
        FieldPanel("new_room", widget=forms.Select),
        FieldPanel("reason"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("change to a session")

    def clean(self):
        if self.kind == ChangeKind.MOVE:
            if not (self.new_date or self.new_start_time or self.new_room_id):
                raise ValidationError({"new_date": _("Say where the session moves: a new day, time or room.")})
            if self.new_end_time and not self.new_start_time:
                raise ValidationError({"new_start_time": _("Give the new start time too.")})
            if self.new_start_time and self.new_end_time and self.new_end_time <= self.new_start_time:
                raise ValidationError({"new_end_time": _("The new end must be after the new start.")})

    def new_times(self, *, original_start: dt.datetime, original_end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """Where a moved session goes, in local wall-clock time."""
        tz = recurrence.local_zone()
        start_local = recurrence.to_local_naive(original_start, tz)
        wall = recurrence.to_local_naive(original_end, tz) - start_local
        day = self.new_date or start_local.date()
        start_t = self.new_start_time or start_local.time()
        new_start = dt.datetime.combine(day, start_t)
        new_end = dt.datetime.combine(day, self.new_end_time) if self.new_end_time else new_start + wall
        return recurrence.localize(new_start, tz), recurrence.localize(new_end, tz)


# --- Links to django-scheduler ----------------------------------------------

class ActivityEvent(models.Model):
    """Ties a django-scheduler Event to an activity (all its translations)."""

    event = models.OneToOneField("schedule.Event", on_delete=models.CASCADE, primary_key=True, related_name="activity_link")
    activity_key = models.UUIDField(db_index=True)
    slot_key = models.UUIDField(help_text="The ActivitySlot.key it comes from.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity_key", "slot_key"], name="agenda_activityevent_slot")]

    def __str__(self):
        return f"{self.activity_key} #{self.slot_key}"


class OccurrenceDetail(models.Model):
    """What django-scheduler's Occurrence has no field for: a room change and
    a public reason, plus whether ``occurrence_finished`` has been sent."""

    occurrence = models.OneToOneField("schedule.Occurrence", on_delete=models.CASCADE, primary_key=True, related_name="detail")
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=200, blank=True)
    # The reason in the languages it has been translated into: {"es": "...", "en": "..."}.
    reasons = models.JSONField(default=dict, blank=True)
    finished_sent = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.occurrence_id}"


class FinishedDelivery(models.Model):
    """Which app has processed ``occurrence_finished`` for one session.

    ``occurrences_finish`` marks a session finished only once every receiver
    enabled for the site has succeeded; a plugin whose receiver failed is
    called again on the next run, and one that succeeded is not called twice.
    """

    occurrence = models.ForeignKey("schedule.Occurrence", on_delete=models.CASCADE, related_name="+")
    # The receiver's app label (a plugin's label), or its module for code outside any app.
    app = models.CharField(max_length=200)
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occurrence", "app"], name="agenda_finisheddelivery_once")]

    def __str__(self):
        return f"{self.occurrence_id} → {self.app}"


def default_language() -> str:
    return settings.LANGUAGE_CODE
