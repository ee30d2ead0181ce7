"""Screens at the space and the announcements they show.

A ``Screen`` is one display on a wall: what it shows (rooms, categories, how
many days), in which languages, and an unguessable token that is its whole
address (``/screen/<token>/``): a kiosk needs no login, and nobody can guess
another screen's address. Rooms and categories are stored as their
default-language snippets; every translation of them matches.

An ``Announcement`` is translatable; its window (start, end) and the screens
it shows on are read from the version in the default language, so a
translation only carries the words.
"""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin

from agenda.fields import ChoiceListField
from safespace.space_admin import SpaceOwnedForm
from safespace.spaces import site_default_id

from .forms import ScreenForm

TOKEN_BYTES = 24  # 32 URL-safe characters


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def default_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def in_default_language() -> Q:
    return Q(locale__language_code=settings.LANGUAGE_CODE)


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape (1920 × 1080)")
    PORTRAIT = "portrait", _("Portrait (1080 × 1920)")


class Screen(models.Model):
    name = models.CharField(_("Name"), max_length=80, help_text=_("For you, in the admin: “Hall”, “Kitchen door”..."))
    # The space it belongs to (safespace/spaces.py).
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, default=site_default_id, related_name="+",
        verbose_name=_("Space"),
    )
    rooms = models.ManyToManyField(
        "agenda.Room", blank=True, related_name="+", limit_choices_to=in_default_language,
        verbose_name=_("Rooms"), help_text=_("Show only these rooms. None: every room."),
    )
    categories = models.ManyToManyField(
        "agenda.Category", blank=True, related_name="+", limit_choices_to=in_default_language,
        verbose_name=_("Categories"), help_text=_("Show only these categories. None: every category."),
    )
    languages = ChoiceListField(
        _("Languages"), item_choices=settings.LANGUAGES, max_length=40, blank=False, default=default_languages,
        help_text=_("The screen takes turns in these languages. Choose one to keep it in that language."),
    )
    rotate_seconds = models.PositiveSmallIntegerField(
        _("Seconds per language"), default=20, validators=[MinValueValidator(5), MaxValueValidator(600)],
        help_text=_("Also how long each page stays when a busy day needs more than one."),
    )
    orientation = models.CharField(_("Orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE)
    days_ahead = models.PositiveSmallIntegerField(
        _("Days after today"), default=3, validators=[MaxValueValidator(14)],
        help_text=_("How many coming days to show after today (0 to 14)."),
    )
    refresh_seconds = models.PositiveSmallIntegerField(
        _("Check for changes every (seconds)"), default=60, validators=[MinValueValidator(2), MaxValueValidator(60)],
    )
    token = models.CharField(
        _("Secret part of the address"), max_length=64, unique=True, default=token_new, editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("rooms", widget=forms.CheckboxSelectMultiple),
             FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
             FieldPanel("days_ahead")],
            heading=_("What it shows"),
        ),
        MultiFieldPanel(
            [FieldPanel("languages"), FieldRowPanel([FieldPanel("rotate_seconds"), FieldPanel("refresh_seconds")]),
             FieldPanel("orientation")],
            heading=_("How it shows it"),
        ),
        MultiFieldPanel(
            [FieldPanel("token", read_only=True, help_text=_("The screen's address is /screen/ followed by this.")),
             FieldPanel("regenerate_token")],
            heading=_("Address"),
        ),
    ]
    base_form_class = ScreenForm

    class Meta:
        verbose_name = _("screen")
        verbose_name_plural = _("screens")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("screen:show", args=[self.token])

    def address(self) -> str:
        return self.get_absolute_url()

    address.short_description = _("Address")

    def language_list(self) -> list[str]:
        """The screen's languages in the order of settings.LANGUAGES, never empty."""
        chosen = set(self.languages or [])
        ordered = [code for code, _name in settings.LANGUAGES if code in chosen]
        return ordered or [settings.LANGUAGE_CODE]


class Announcement(TranslatableMixin, models.Model):
    title = models.CharField(_("Title"), max_length=90)
    text = models.TextField(_("Text"), max_length=280, blank=True, help_text=_("A few words; it must be read from afar."))
    starts_at = models.DateTimeField(_("Show from"))
    ends_at = models.DateTimeField(_("Show until"))
    screens = models.ManyToManyField(
        Screen, blank=True, related_name="announcements", verbose_name=_("Screens"),
        help_text=_("None: every screen."),
    )
    # The space it belongs to (safespace/spaces.py).
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, default=site_default_id, related_name="+",
        verbose_name=_("Space"),
    )

    panels = [
        FieldPanel("site"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("screens", widget=forms.CheckboxSelectMultiple),
    ]

    base_form_class = SpaceOwnedForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})
