"""Site-wide pages and settings: the home page, plain pages, the site's
contact details, the translated menu and footer, and the workflow task that
publishes every page after a second person's review (see publishing.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Page, Site, TranslatableMixin
from wagtail.search import index

from agenda.fields import ChoiceListField

from .blocks import BodyBlock, EmergencyNumberBlock, LinkBlock, OpeningHoursBlock
from .space_admin import SpaceOwnedForm
from .spaces import site_default_id


class HomePage(Page):
    """What the space is, what is on next, what to read, and how to get there."""

    hero_heading = models.CharField(_("Welcome heading"), max_length=120)
    hero_text = RichTextField(_("What the space is"), features=["bold", "italic", "link"])
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("More about the space"))
    featured = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("Featured pages and resources")
    )
    how_to_get_there = RichTextField(
        _("How to get there"), blank=True, features=["bold", "italic", "link", "ul"]
    )

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Welcome"),
        ),
        FieldPanel("body"),
        FieldPanel("featured"),
        FieldPanel("how_to_get_there"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text"), index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from agenda.selectors import occurrences_upcoming

        from .content_cache import cached_until_change

        context = super().get_context(request, *args, **kwargs)
        # The same for every visitor of a site and language until the schedule or the clock moves on.
        site = Site.find_for_request(request)
        context["next_activities"] = cached_until_change(
            "home-upcoming", site.pk if site else None, build=lambda: occurrences_upcoming(limit=6, site=site))
        context["hero_image_tag"] = self.hero_image_tag()
        return context

    def hero_image_tag(self) -> str:
        """The hero image's <img>, kept per image until the content changes (an image saved
        is a change): reading the image row and its rendition is a query and a millisecond or two."""
        from wagtail.images.shortcuts import get_rendition_or_not_found

        from .content_cache import cached

        if not self.hero_image_id:
            return ""
        return mark_safe(cached(  # noqa: S308 (Wagtail's own img tag)
            "home-hero-image", self.hero_image_id,
            build=lambda: str(get_rendition_or_not_found(self.hero_image, "fill-720x540|format-webp").img_tag({"alt": ""}))))


class StandardPage(Page):
    intro = models.TextField(_("Introduction"), blank=True, max_length=400)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


def every_language() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Facts about the place that do not change with the language."""

    name = models.CharField(_("Name of the space"), max_length=120, default="safespace")
    address = models.TextField(_("Address"), blank=True)
    phone = models.CharField(_("Phone"), max_length=40, blank=True)
    email = models.EmailField(_("Email"), blank=True)
    opening_hours = StreamField([("hours", OpeningHoursBlock())], blank=True, verbose_name=_("Opening hours"))
    # Quick exit: a navigation the visitor's browser makes on purpose, not a
    # request the page makes, so "no request to another host" still holds.
    quick_exit_url = models.URLField(
        _("Quick exit goes to"),
        default="https://www.meteo.cat/",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("A neutral site that replaces the page when someone presses Quick exit, e.g. the weather."),
    )
    # Each space publishes in its own languages (safespace/spaces.py): pages in another
    # language are not served at its address, nor offered in its language menu.
    languages = ChoiceListField(
        _("Languages the space publishes in"), item_choices=settings.LANGUAGES, max_length=40, blank=False,
        default=every_language,
        help_text=_("Pages in other languages are not shown at this space's address."),
    )
    # The resource library the space offers: its own, or another space's shared by the
    # network (safespace/spaces.py). Empty: the library in the space's own tree, if any.
    library = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Resource library"),
        help_text=_("A library index page: this space's own, or one another space shares with the network."),
    )
    quick_exit_stealth = models.BooleanField(
        _("Stealth mode"),
        default=False,
        help_text=_("Browser tabs show a neutral title and icon instead of the space's name."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("opening_hours"),
        FieldPanel("languages"),
        PageChooserPanel("library", "resources.ResourceIndexPage"),
        MultiFieldPanel([FieldPanel("quick_exit_url"), FieldPanel("quick_exit_stealth")], heading=_("Quick exit")),
    ]

    @classmethod
    def for_request(cls, request):
        # Read on every public page (title, footer): kept in the content cache.
        # Only reads come through here; the settings form uses for_site().
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        from wagtail.models import Site

        from .content_cache import cached

        site = Site.find_for_request(request)
        if site is None:
            raise cls.DoesNotExist("SiteSettings does not exist for site None.")
        instance = cached("site-settings", site.pk, build=lambda: cls.for_site(site))
        instance._request = request
        setattr(request, attr_name, instance)
        return instance

    class Meta:
        verbose_name = _("site settings")
        permissions = [("manage_participant_data", "Can export and erase everything linked to a participant code")]


class SpaceGroup(models.Model):
    """The space a group of staff works in (safespace/space_admin.py).

    A group without one reaches no space's snippets; the "Network
    administrators" group has none and reaches every space.
    """

    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="space")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    # Which of the four roles (safespace/roles.py) the group is for this space, if one.
    role = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("group's space")

    def __str__(self):
        return f"{self.group} → {self.site}"


class SpaceChrome(TranslatableMixin, models.Model):
    """What every page of a space carries around its content (the menu, the
    footer): one per space and language. The space is the ``site`` key
    (safespace/spaces.py); wagtail-localize keeps it the same in every
    translation (a key to a model that is not translatable is synchronised).
    Edited through safespace/wagtail_hooks.py's space-scoped viewsets."""

    # The space it belongs to (safespace/spaces.py).
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, default=site_default_id, related_name="+",
        verbose_name=_("Space"),
    )

    base_form_class = SpaceOwnedForm

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.locale})"

    def clean(self):
        super().clean()
        # The form may leave out the space (one to choose from) and the language (the URL's):
        # the unique constraint below would not be checked by the form, so it is checked here.
        if self.site_id is None or self.locale_id is None:
            return
        taken = type(self)._default_manager.filter(site_id=self.site_id, locale_id=self.locale_id)
        if taken.exclude(pk=self.pk).exists():
            raise ValidationError(
                _("This space already has its %(name)s in this language: edit that one.")
                % {"name": self._meta.verbose_name}
            )

    @staticmethod
    def one_per_space_and_language(name: str) -> list:
        return [models.UniqueConstraint(fields=["site", "locale"], name=name)]


class MainMenu(SpaceChrome):
    """The menu at the top of every page of a space; one per language."""

    items = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("Menu items"))

    panels = [FieldPanel("site"), FieldPanel("items")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("main menu")
        verbose_name_plural = _("main menus")
        constraints = SpaceChrome.one_per_space_and_language("safespace_mainmenu_one_per_space_and_language")


class Footer(SpaceChrome):
    """The footer of every page of a space (its emergency numbers); one per language."""

    text = RichTextField(_("Text"), blank=True, features=["bold", "italic", "link"])
    emergency_numbers = StreamField(
        [("number", EmergencyNumberBlock())], blank=True, verbose_name=_("Emergency numbers")
    )
    links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("Links"))

    panels = [FieldPanel("site"), FieldPanel("text"), FieldPanel("emergency_numbers"), FieldPanel("links")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer")
        verbose_name_plural = _("footers")
        constraints = SpaceChrome.one_per_space_and_language("safespace_footer_one_per_space_and_language")


class SecondPersonApprovalTask(AbstractGroupApprovalTask):
    """Group approval where whoever submitted the page cannot approve it.

    Members of the chosen groups (Communications) review each other's work:
    the submitter sees no approve action and the page is not in their
    "awaiting your review" list, so every publication has had two people.
    """

    def _requested_by(self, obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return bool(state and user.is_authenticated and state.requested_by_id == user.pk)

    def _review_spaces(self, user) -> set[int] | None:
        """The spaces whose pages ``user`` reviews (safespace/spaces.py); None: every space.

        A space's Communications group ("Espai Violeta · Communications") reviews its
        own space's pages only; the role's own group, which belongs to no space and
        holds its rights on the whole tree, and superusers review everywhere.
        """
        if user.is_superuser:
            return None
        kept = getattr(user, "_review_spaces", {})  # asked three times per editor view: read once
        if self.pk not in kept:
            mine = list(self.groups.filter(pk__in=user.groups.values("pk")).values_list("pk", flat=True))
            linked = dict(SpaceGroup.objects.filter(group_id__in=mine).values_list("group_id", "site_id"))
            kept[self.pk] = None if any(pk not in linked for pk in mine) else set(linked.values())
            user._review_spaces = kept
        return kept[self.pk]

    def _in_review_spaces(self, obj, user) -> bool:
        from .spaces import space_id_for_path

        spaces = self._review_spaces(user)
        return spaces is None or space_id_for_path(getattr(obj, "path", "")) in spaces

    def get_actions(self, obj, user):
        if self._requested_by(obj, user) or not self._in_review_spaces(obj, user):
            return []
        return super().get_actions(obj, user)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and self._in_review_spaces(obj, user)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) or not self._in_review_spaces(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)
        spaces = self._review_spaces(user) if user.is_authenticated else set()
        if spaces is None:
            return states
        from django.db.models import CharField, Q
        from django.db.models.functions import Cast
        from wagtail.models import Page

        from .spaces import space_pages_q

        where = Q(pk__in=[])
        for site_id in spaces:
            where |= space_pages_q(site_id)
        pages = Page.objects.filter(where).annotate(key=Cast("pk", CharField())).values("key")
        return states.filter(workflow_state__object_id__in=pages)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, but never their own submission")

    class Meta:
        verbose_name = _("review by a second person")
        verbose_name_plural = _("reviews by a second person")
