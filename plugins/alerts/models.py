"""Drug-checking and safety alerts.

An alert is a page (``AlertPage``) under one ``AlertIndexPage`` per language,
not a snippet: a page type brings, for free, what an alert needs most: the
"Communications review" workflow on the root of the tree (a second person
approves; only Administrators hold the permission to publish alone),
revisions and their history, a public URL for the poster's QR code and for
feeds, an archive, and wagtail-localize's translation of pages.

The window (``valid_from``/``valid_until``), the severity and the photo are
synchronised from the source page to its translations (wagtail-localize
synchronises every field that is not text), so every language shows and
hides an alert at the same moment.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, Site
from wagtail.search import index

from plugins.api.registry import is_enabled
from plugins.api.sites import SiteScopedManager, site_field
from resources.models import ImageWithAltMixin, Substance, default_language_terms, feed_route

VALID_DAYS = 30
LABEL = "alerts"


def default_valid_until() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=VALID_DAYS)


class Severity(models.TextChoices):
    # Ordered from least to most urgent: ``RANK`` below sorts by it.
    INFORMATION = "information", _("Information")
    CAUTION = "caution", _("Caution")
    WARNING = "warning", _("Warning")
    DANGER = "danger", _("Danger")


RANK = {value: rank for rank, value in enumerate(Severity.values)}


PAGE_EXEMPT = "A page: Wagtail's page tree places it in one site, and page permissions scope who edits it."


class _PluginGuard:
    """A page of this plugin: not found while the plugin is off for the site.

    Wagtail serves pages through its own view, which the plugin guard
    middleware cannot attribute to a plugin; so the page checks at ``route``,
    which every URL under it (routable sub-pages too) goes through.
    """

    def route(self, request, path_components):
        if not is_enabled(Site.find_for_request(request) or self.get_site(), LABEL):
            raise Http404("The alerts plugin is switched off for this site.")
        return super().route(request, path_components)


class AlertIndexPage(_PluginGuard, RoutablePageMixin, Page):
    """The alerts page: current alerts first, then the archive of expired ones."""

    intro = models.TextField(_("Introduction"), blank=True, max_length=600)

    parent_page_types = ["safespace.HomePage"]
    subpage_types = ["alerts.AlertPage"]
    max_count_per_parent = 1
    site_scope_exempt = PAGE_EXEMPT

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("alerts page")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["current_alerts"] = selectors.alerts_current(now=now, locale=self.locale, parent=self)
        context["expired_alerts"] = selectors.alerts_expired(now=now, locale=self.locale, parent=self)
        from . import push

        context["push_public_key"] = push.vapid_public_key() if push.enabled() else ""
        return context

    atom = feed_route("atom/", "atom", "plugins.alerts.feeds.AlertAtomFeed")
    cap = feed_route("cap/", "cap", "plugins.alerts.feeds.AlertCapIndexFeed",
                     doc="An Atom index of the current alerts' CAP 1.2 messages (see feeds.py).")


class AlertPage(_PluginGuard, RoutablePageMixin, ImageWithAltMixin, Page):
    severity = models.CharField(_("Severity"), max_length=16, choices=Severity.choices, default=Severity.WARNING)
    sold_as = models.CharField(
        _("Sold as"), max_length=200, blank=True, help_text=_("What people were told it was, e.g. “MDMA”, “heroin”."),
    )
    contains = models.TextField(
        _("What was found"), max_length=1000,
        help_text=_("What the analysis found, e.g. “a very high dose of MDMA (270 mg)”, “fentanyl”."),
    )
    substances = ParentalManyToManyField(
        Substance, blank=True, limit_choices_to=default_language_terms, related_name="alerts",
        verbose_name=_("Substance tags"),
    )
    advice = models.TextField(
        _("Advice"), max_length=2000,
        help_text=_("What to do: start low, don't use alone, carry naloxone…"),
    )
    seen_where = models.CharField(_("Where it was seen"), max_length=200, blank=True)
    seen_on = models.DateField(_("When it was seen"), null=True, blank=True)
    source = models.CharField(
        _("Source"), max_length=200, help_text=_("Which drug-checking service or team found it."),
    )
    valid_from = models.DateTimeField(_("Shown from"), default=timezone.now)
    valid_until = models.DateTimeField(
        _("Shown until"), default=default_valid_until,
        help_text=_("It disappears from pages, screens and feeds at this time (30 days by default)."),
    )

    parent_page_types = ["alerts.AlertIndexPage"]
    subpage_types: list[str] = []
    site_scope_exempt = PAGE_EXEMPT

    content_panels = Page.content_panels + [
        FieldPanel("severity"),
        MultiFieldPanel(
            [FieldPanel("sold_as"), FieldPanel("contains"), FieldPanel("substances")], heading=_("What was found"),
        ),
        FieldPanel("advice"),
        *ImageWithAltMixin.image_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("seen_where"), FieldPanel("seen_on")]), FieldPanel("source")],
            heading=_("Where it comes from"),
        ),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")], heading=_("When it is shown")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("sold_as"),
        index.SearchField("contains"),
        index.SearchField("advice"),
    ]

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": _("The end must come after the start.")})

    def is_current(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.valid_from <= now < self.valid_until

    @property
    def revision_key(self) -> str:
        """Changes with each published revision: a dismissed banner comes back after an update."""
        return f"{self.translation_key}:{self.live_revision_id or 0}"

    def get_context(self, request, *args, **kwargs):
        from django.utils.safestring import mark_safe

        from safespace.addresses import page_full_url
        from screen.qr import qr_svg

        context = super().get_context(request, *args, **kwargs)
        context["page_full_url"] = url = page_full_url(self, request=request)
        # segno's SVG: escaped by segno, no inline style, drawn here (no request to anyone).
        context["poster_qr"] = mark_safe(qr_svg(url=url, title=self.title).decode())  # noqa: S308
        return context

    @path("cap/", name="cap")
    def cap(self, request):
        """This alert as a CAP 1.2 message, in every language it is published in."""
        from django.http import HttpResponse

        from .feeds import CAP_TYPE, cap_message

        return HttpResponse(cap_message(self), content_type=f"{CAP_TYPE}; charset=utf-8")

    def emergency_publications(self):
        return EmergencyPublication.objects.filter(page__translation_key=self.translation_key).order_by("-at")


class EmergencyPublication(models.Model):
    """An alert an Administrator published alone, without a second person's review.

    Kept (and shown on the alert's page and in the admin) so that nobody
    wonders afterwards whether the alert was reviewed.
    """

    page = models.ForeignKey(AlertPage, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    site_scope_exempt = "Belongs to its alert page, which the page tree places in one site; read from that page."

    class Meta:
        verbose_name = _("alert published without review")
        verbose_name_plural = _("alerts published without review")


class PushSubscription(models.Model):
    """A browser's Web Push subscription: the push service's address and the keys
    to encrypt for it, and nothing about a person (no account, no language, no address)."""

    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    # The space whose alerts this browser asked for (the site it subscribed on).
    site = site_field()

    objects = SiteScopedManager()
    site_path = "site"

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")


class PushSent(models.Model):
    """An alert already announced by push: a later revision is not pushed again."""

    translation_key = models.UUIDField(unique=True)
    at = models.DateTimeField(default=timezone.now)

    site_scope_exempt = "Keyed by an alert page's translation key, and pages belong to one site."
