"""Service counts: indicators the participants agree on, and anonymous counts.

What is stored is a number per indicator per hour. No row holds a person, a
participant code or free text typed at the counter. ``SeenTap`` keeps the ids
that the tally devices make for each tap, only so that a tap sent twice (a
retry after a dropped connection) is counted once; it is pruned after a few
days (``SERVICECOUNTS_SEEN_TAP_DAYS``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin

from plugins.api.sites import SiteScopedManager, site_field


class Category(models.TextChoices):
    CONSUMPTION = "consumption", _("Accompanied consumption room")
    ADVICE = "advice", _("Advice and support")
    SUPPLIES = "supplies", _("Harm-reduction supplies")
    BASIC_NEEDS = "basic_needs", _("Food and hygiene")
    OTHER = "other", _("Other")


def _in_language(values: dict, language: str | None = None) -> str:
    """The text in ``language``, else the default language, else any."""
    values = values or {}
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return values.get(language) or values.get(settings.LANGUAGE_CODE) or next((v for v in values.values() if v), "")


def written_changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What a counted indicator's meaning may not do: the keys whose text, once written, would change or go.

    The one rule, per language (``{language code: text}``, the services) and
    per row (``{field: text}``, an ``IndicatorText``): a text already written
    stays as it is, in every language; filling one still empty is a
    translation, not a new meaning. To change what is counted: a new version.
    """
    return [key for key, text in before.items() if text and (after.get(key) or "") != text]


class IndicatorText(TranslatableMixin, models.Model):
    """An indicator's name, unit and description in one language.

    Translatable like the agenda's categories and rooms: the rows of one
    indicator share a ``translation_key`` (``Indicator.texts_key``), one per
    locale, and wagtail-localize translates them (Admin → Snippets). Once the
    indicator has counts, a text already written cannot change or go
    (``written_changes``), whatever door it comes through: the snippet form
    and wagtail-localize's editor (``clean``, which both call before saving),
    the delete views (``meaning_locked``, servicecounts' ``before_delete_snippet``
    hook). A missing translation can still be added; wagtail-localize's
    stand-in for one (the source's text, copied while nothing is translated)
    is not written into a counted indicator's row, so it is never taken for
    a translation and frozen.
    """

    name = models.CharField(_("name"), max_length=80, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    description = models.TextField(_("what is counted, exactly"), max_length=600, blank=True)

    # The space of its indicator (translations are copies, so they keep it).
    site = site_field()

    objects = SiteScopedManager()
    site_path = "site"

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("indicator name")
        verbose_name_plural = _("indicator names")

    def __str__(self):
        return self.name or str(_("(no name yet in this language)"))

    def written(self) -> dict[str, str]:
        return {field: getattr(self, field) for field in TEXT_FIELDS}

    def counted(self) -> bool:
        """Whether its indicator has counts (then its meaning is fixed)."""
        # By its key: the row was read in its space already.
        indicator = Indicator.objects.unscoped().filter(texts_key=self.translation_key).first()
        return indicator is not None and indicator.has_counts()

    def meaning_locked(self) -> bool:
        """Whether deleting this row would take a counted indicator's written text away."""
        return bool(written_changes(self.written(), {})) and self.counted()

    def translation(self):
        """wagtail-localize's translation into this row (its editor opens for it), or None."""
        from wagtail_localize.models import Translation

        return (Translation.objects.filter(source__object_id=self.translation_key, target_locale_id=self.locale_id,
                                           enabled=True).select_related("source", "target_locale").first())

    def untranslated(self) -> list[str]:
        """The fields wagtail-localize fills with its source's text for want of a translation into this row's
        language (a translation in progress here; a string refused for an error counts as not translated)."""
        from wagtail_localize.models import StringSegment

        translation = self.translation()
        if translation is None:
            return []
        segments = (StringSegment.objects.filter(source=translation.source).annotate_translation(self.locale_id)
                    .select_related("context", "string"))
        return [s.context.path for s in segments
                if s.context.path in TEXT_FIELDS and s.translation is None and getattr(self, s.context.path) == s.string.data]

    def meaning_changes(self) -> list[str]:
        """The fields whose written text this unsaved row would change, if its indicator has counts.

        A field wagtail-localize would fill with its source's text for want of
        a translation is not a translation: the row keeps what it has there.
        """
        if not self.counted():
            return []
        before = type(self).objects.unscoped().get(pk=self.pk).written() if self.pk else {}
        for field in self.untranslated():
            setattr(self, field, before.get(field, ""))
        return written_changes(before, self.written())

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        changed = self.meaning_changes()
        if changed:
            raise ValidationError({f: _("This indicator already has counts, so what it means cannot change. "
                                        "Make a new version instead.") for f in changed})


TEXT_FIELDS = ("name", "unit", "description")


class Indicator(models.Model):
    """Something the space counts, as agreed in assembly.

    Its meaning (name, description, unit, category) is fixed once it has
    counts: changing what is counted makes a new indicator (``replaces`` points
    back), so old figures keep their meaning.

    ``name``, ``unit`` and ``description`` read as ``{language code: text}``
    from its ``IndicatorText`` rows (translatable, one per locale); the
    services write them.
    """

    MEANING_FIELDS = ("name", "description", "unit", "category")

    texts_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False,
                                 help_text="The translation_key of its IndicatorText rows.")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    agreed = models.CharField(
        _("agreed when and by whom"), max_length=200,
        help_text=_("For example “assembly of March 2026”."),
    )
    publishable = models.BooleanField(
        _("may be published"), default=False,
        help_text=_("Monthly totals appear on the public impact page, small numbers hidden."),
    )
    active_from = models.DateField(_("counted from"))
    active_until = models.DateField(_("counted until"), null=True, blank=True, help_text=_("Empty: still counted."))
    order = models.PositiveSmallIntegerField(_("order on the tally screen"), default=100)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="versions",
        verbose_name=_("new version of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    site = site_field()

    objects = SiteScopedManager()
    site_path = "site"

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [
            ("tally", "Can count services on the tally screen"),
            ("view_report", "Can see reports of service counts"),
        ]

    def __str__(self):
        return self.label()

    def has_counts(self) -> bool:
        """Whether it has counts, or a tap on its way (a tap id already seen): then its meaning is fixed."""
        return (Count.objects.unscoped().filter(indicator=self).exists()
                or SeenTap.objects.filter(indicator=self).exists())

    def texts(self) -> dict[str, IndicatorText]:
        """Its texts by language code (read once; ``texts_prefetch`` reads many indicators' at once)."""
        if getattr(self, "_texts", None) is None:
            texts_prefetch([self])
        return self._texts

    def _text(self, field: str) -> dict[str, str]:
        return {code: value for code, text in self.texts().items() if (value := getattr(text, field))}

    @property
    def name(self) -> dict[str, str]:
        return self._text("name")

    @property
    def unit(self) -> dict[str, str]:
        return self._text("unit")

    @property
    def description(self) -> dict[str, str]:
        return self._text("description")

    def label(self, language: str | None = None) -> str:
        return _in_language(self.name, language)

    def description_in(self, language: str | None = None) -> str:
        return _in_language(self.description, language)

    def unit_in(self, language: str | None = None) -> str:
        return _in_language(self.unit, language)

    def is_active_on(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)


def texts_prefetch(indicators) -> None:
    """Read the texts of these indicators in one query."""
    indicators = [i for i in indicators if getattr(i, "_texts", None) is None]
    if not indicators:
        return
    by_key: dict = {i.texts_key: {} for i in indicators}
    # By the indicators' own keys: they were read in their space already (the network page reads several).
    for text in IndicatorText.objects.unscoped().filter(translation_key__in=by_key).select_related("locale"):
        by_key[text.translation_key][text.locale.language_code] = text
    for indicator in indicators:
        indicator._texts = by_key[indicator.texts_key]


class Count(models.Model):
    """How many times an indicator's service was given in one hour (UTC hour start)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="counts")
    hour = models.DateTimeField()
    count = models.IntegerField(default=0)

    objects = SiteScopedManager()
    site_path = "indicator__site"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "hour"], name="servicecounts_count_unique_hour")]
        indexes = [models.Index(fields=["hour"])]

    def __str__(self):
        return f"{self.indicator_id} {self.hour:%Y-%m-%d %H}h: {self.count}"


class SeenTap(models.Model):
    """A tap id already applied (or cancelled before it arrived), kept a few days.

    ``shift`` is a random id the tally screen makes per shift, so that the
    person counting can see the totals of their own shift; it names nobody.
    """

    tap_id = models.UUIDField(primary_key=True)
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(null=True, blank=True)
    delta = models.IntegerField(default=0)
    shift = models.UUIDField(null=True, blank=True, db_index=True)
    undoes = models.UUIDField(null=True, blank=True)
    # True once an undo for this tap has been applied (or arrived first).
    undone = models.BooleanField(default=False)
    seen_at = models.DateTimeField(db_index=True)

    site_scope_exempt = (
        "A tap id made at random by a tally device, read only by that id or by its shift's random id, "
        "which no other space can know; the counts it stands for are Count rows, scoped by their indicator."
    )

    def __str__(self):
        return str(self.tap_id)
