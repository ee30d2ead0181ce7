"""The resource library and the advocacy pages.

Taxonomy terms are translatable snippets. Pages point at the terms of the
default language; filters match on ``translation_key``, so a page and its
translations share their terms whichever locale's row they point at, and the
template shows each term in the reader's language.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page, TranslatableMixin
from wagtail.search import index

from safespace.blocks import BodyBlock

from .blocks import PressBlock, ResourceBodyBlock
from .text import unaccent

HOME = "safespace.HomePage"
PAGE_SIZE = 12


def default_language_terms():
    """Editors tag with the terms of the default language; the site shows them translated."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


# --- Taxonomy -----------------------------------------------------------------


class TaxonomyTerm(TranslatableMixin, models.Model):
    name = models.CharField(_("Name"), max_length=80)
    slug = models.SlugField(
        _("Slug"), max_length=80, allow_unicode=False, help_text=_("Used in filter addresses, e.g. ?topic=naloxone")
    )
    sort_order = models.PositiveSmallIntegerField(_("Order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        clash = type(self).objects.filter(slug=self.slug, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.locale_id and clash.exists():
            raise ValidationError({"slug": _("Another term in this language already uses this slug.")})


class Substance(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("substance")
        verbose_name_plural = _("substances")


class WayOfUse(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("way of use")
        verbose_name_plural = _("ways of use")


class Topic(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Audience(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class Format(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("format")
        verbose_name_plural = _("formats")


# (GET parameter, field on ResourcePage, model), in the order the filters show.
FACETS = [
    ("substance", "substances", Substance),
    ("use", "ways_of_use", WayOfUse),
    ("topic", "topics", Topic),
    ("audience", "audiences", Audience),
    ("format", "formats", Format),
]


# --- Shared bits ------------------------------------------------------------


class ImageWithAltMixin(models.Model):
    """A card/leading image whose alt text is required (or explicitly empty for decoration)."""

    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Image"),
    )
    image_alt = models.CharField(
        _("Image description (alt text)"), max_length=250, blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    image_decorative = models.BooleanField(
        _("The image is decorative"), default=False,
        help_text=_("Tick only if the image adds nothing to the text; it will then have an empty alt."),
    )

    image_panels = [
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_decorative")],
            heading=_("Image"),
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip() and not self.image_decorative:
            raise ValidationError({"image_alt": _("Describe the image, or mark it as decorative.")})

    @property
    def image_alt_text(self) -> str:
        return "" if self.image_decorative else self.image_alt


class SearchableTextMixin:
    """Adds an accent-free copy of the page's text to the search index.

    PostgreSQL's full-text search (``simple`` config) keeps accents, so
    ``heroina`` would not find ``heroína``; SQLite's FTS5 strips them. Rather
    than depend on the ``unaccent`` extension (a superuser job on many hosts),
    we index a folded copy and fold the query the same way (see
    ``selectors.search_query``), which behaves the same on both databases.
    """

    search_text_fields: tuple[str, ...] = ("title",)

    def search_text_unaccented(self) -> str:
        parts = []
        for name in self.search_text_fields:
            value = getattr(self, name, "")
            if hasattr(value, "get_prep_value"):  # StreamValue
                from wagtail.search.index import SearchField

                value = " ".join(str(v) for v in SearchField(name).get_value(self) or [])
            parts.append(str(value or ""))
        from django.utils.html import strip_tags

        return unaccent(strip_tags(" ".join(parts)))


# --- Resources --------------------------------------------------------------


class ResourceIndexPage(RoutablePageMixin, Page):
    """The library: browse by taxonomy, search, paginate; all with a GET form."""

    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = [HOME]
    subpage_types = ["resources.ResourcePage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        from .selectors import library_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(library_listing(index_page=self, params=request.GET))
        return context


class ResourcePage(SearchableTextMixin, ImageWithAltMixin, RoutablePageMixin, Page):
    REVIEW_INTERVALS = [(3, _("every 3 months")), (6, _("every 6 months")), (12, _("every year")), (24, _("every 2 years"))]

    summary = models.TextField(_("Summary"), max_length=400, help_text=_("Two or three sentences, shown in lists and shares."))
    body = StreamField(ResourceBodyBlock(), verbose_name=_("Body"))
    substances = ParentalManyToManyField(Substance, blank=True, limit_choices_to=default_language_terms, related_name="resources")
    ways_of_use = ParentalManyToManyField(WayOfUse, blank=True, limit_choices_to=default_language_terms, related_name="resources")
    topics = ParentalManyToManyField(Topic, blank=True, limit_choices_to=default_language_terms, related_name="resources")
    audiences = ParentalManyToManyField(Audience, blank=True, limit_choices_to=default_language_terms, related_name="resources")
    formats = ParentalManyToManyField(Format, blank=True, limit_choices_to=default_language_terms, related_name="resources")
    last_reviewed_on = models.DateField(_("Last reviewed on"), default=datetime.date.today)
    last_reviewed_by = models.CharField(
        _("Last reviewed by"), max_length=120, help_text=_("Shown publicly, e.g. \"Health team\" or a first name.")
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("Review"), choices=REVIEW_INTERVALS, default=12,
        help_text=_("Resources past this interval appear in Reports › Resources due for review."),
    )

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("title", "summary", "body")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        *ImageWithAltMixin.image_panels,
        FieldPanel("body"),
        InlinePanel("documents", label=_("Downloadable documents")),
        InlinePanel("related_resources", label=_("Related resources")),
        MultiFieldPanel(
            [
                FieldPanel("substances", widget=forms.CheckboxSelectMultiple),
                FieldPanel("ways_of_use", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("formats", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Taxonomy"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("last_reviewed_on"), FieldPanel("last_reviewed_by")]), FieldPanel("review_interval_months")],
            heading=_("Review"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_text_unaccented"),
        index.FilterField("last_reviewed_on"),
    ]

    class Meta:
        verbose_name = _("resource")

    def clean(self):
        super().clean()
        if self.last_reviewed_on and self.last_reviewed_on > timezone.localdate():
            raise ValidationError({"last_reviewed_on": _("The review date cannot be in the future.")})

    def search_text_unaccented(self) -> str:
        # Term names in the page's own language (pages point at the default
        # language's terms), so an English page is not found by Catalan words.
        names = []
        for _param, field, _model in FACETS:
            for term in getattr(self, field).all():
                local = term.get_translation_or_none(self.locale) or term
                names.append(local.name)
        return super().search_text_unaccented() + " " + unaccent(" ".join(names))

    @property
    def review_due_on(self) -> datetime.date:
        from .selectors import add_months

        return add_months(self.last_reviewed_on, self.review_interval_months)

    @property
    def is_due_for_review(self) -> bool:
        return self.review_due_on <= timezone.localdate()

    def terms(self):
        """Taxonomy terms in the page's language, per facet, for the template."""
        result = []
        for param, field, model in FACETS:
            terms = [term.get_translation_or_none(self.locale) or term for term in getattr(self, field).all()]
            if terms:
                result.append((model._meta.verbose_name_plural, param, terms))
        return result

    def related(self):
        pages = []
        for link in self.related_resources.select_related("related"):
            target = link.related
            if target is None:
                continue
            target = target.get_translation_or_none(self.locale) or target
            if target.live:
                pages.append(target.specific)
        return pages

    @path("print/", name="print")
    def print_view(self, request):
        return render(request, "resources/resource_page_print.html", self.get_context(request) | {"print_view": True})


class ResourceDocument(TranslatableMixin, Orderable):
    """A download on a resource page. Its link text is translated with the page:
    as a translatable child (TranslatableMixin), wagtail-localize offers
    ``title`` to translators and each translation of the page keeps its own
    rows, while the document itself stays shared."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("Document"))
    title = models.CharField(_("Link text"), max_length=120, blank=True, help_text=_("Leave empty to use the resource's title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    @property
    def label(self) -> str:
        # Documents are not translated: their title is in whatever language it
        # was uploaded in. The link text, or else the resource's title, is in the reader's language.
        return self.title or self.page.title


class RelatedResource(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="related_resources")
    related = models.ForeignKey(
        ResourcePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("Resource")
    )

    panels = [FieldPanel("related")]


# --- Advocacy ---------------------------------------------------------------


class CampaignPage(SearchableTextMixin, ImageWithAltMixin, Page):
    intro = models.TextField(_("Introduction"), max_length=400)
    demands = StreamField(
        [("demand", blocks.CharBlock(max_length=200, label=_("Demand")))],
        blank=True, verbose_name=_("What we ask for"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Body"))
    starts_on = models.DateField(_("Starts on"), null=True, blank=True)
    ends_on = models.DateField(_("Ends on"), null=True, blank=True)

    parent_page_types = [HOME]
    subpage_types: list[str] = []
    search_text_fields = ("title", "intro", "body")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        *ImageWithAltMixin.image_panels,
        FieldPanel("demands"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_text_unaccented"),
    ]

    class Meta:
        verbose_name = _("campaign")

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A campaign cannot end before it starts.")})


class NewsIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("Introduction"), blank=True, max_length=400)

    parent_page_types = [HOME]
    subpage_types = ["resources.NewsPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index")

    def news(self):
        return NewsPage.objects.child_of(self).live().public().order_by("-date", "-first_published_at")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = Paginator(self.news().select_related("image"), PAGE_SIZE).get_page(request.GET.get("page"))
        return context

    @path("rss/", name="rss")
    def rss(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index=self)


class NewsPage(SearchableTextMixin, ImageWithAltMixin, Page):
    date = models.DateField(_("Date"), default=datetime.date.today)
    intro = models.TextField(_("Introduction"), max_length=400)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Body"))

    parent_page_types = ["resources.NewsIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("title", "intro", "body")

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        *ImageWithAltMixin.image_panels,
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_text_unaccented"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class PublicationIndexPage(Page):
    intro = models.TextField(_("Introduction"), blank=True, max_length=400)

    parent_page_types = [HOME]
    subpage_types = ["resources.PublicationPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("publications index")

    def publications(self):
        return PublicationPage.objects.child_of(self).live().public().order_by("-published_on")


class PublicationPage(SearchableTextMixin, ImageWithAltMixin, Page):
    published_on = models.DateField(_("Published on"), default=datetime.date.today)
    authors = models.CharField(_("Authors"), max_length=200, blank=True)
    summary = models.TextField(_("Summary"), max_length=600)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Report (PDF)"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Key findings"))

    parent_page_types = ["resources.PublicationIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("title", "summary", "body")

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("authors")]),
        FieldPanel("summary"),
        FieldPanel("document"),
        *ImageWithAltMixin.image_panels,
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_text_unaccented"),
    ]

    class Meta:
        verbose_name = _("publication")


class PressPage(Page):
    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])
    contact_name = models.CharField(_("Press contact"), max_length=120, blank=True)
    contact_email = models.EmailField(_("Press email"), blank=True)
    contact_phone = models.CharField(_("Press phone"), max_length=40, blank=True)
    items = StreamField(PressBlock(), blank=True, verbose_name=_("Press kit and coverage"))

    parent_page_types = [HOME]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Contact")
        ),
        FieldPanel("items"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("press page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = NewsIndexPage.objects.live().filter(locale=self.locale).first()
        context["latest_news"] = index_page.news()[:5] if index_page else []
        return context


class ImpactPage(Page):
    """Public figures; the numbers come from plugins through ``signals.impact_figures``."""

    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Body"))
    method_note = models.TextField(
        _("How we count"), blank=True,
        default="",
        help_text=_("Shown under the figures: how they are counted and how small numbers are protected."),
    )

    parent_page_types = [HOME]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("method_note")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("impact page")

    def get_context(self, request, *args, **kwargs):
        from django.utils import translation
        from wagtail.models import Site

        from .selectors import impact_figure_groups

        context = super().get_context(request, *args, **kwargs)
        context["figure_groups"] = impact_figure_groups(
            site=Site.find_for_request(request), request=request, language=translation.get_language()
        )
        return context


class NetworkImpactPage(Page):
    """The network's figures: every space that shares them (Settings -> Network), added up.

    The numbers come from plugins through ``signals.network_impact_figures``,
    under the same disclosure rule as each space's impact page and protected
    together with them (plugins/api/network.py).
    """

    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])
    method_note = models.TextField(
        _("How we count"), blank=True, default="",
        help_text=_("Shown under the figures: how they are counted and how small numbers are protected."),
    )

    parent_page_types = [HOME]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("method_note")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("network impact page")

    def get_context(self, request, *args, **kwargs):
        from django.utils import translation
        from wagtail.models import Site

        from plugins.api import network

        from .selectors import impact_figure_groups
        from .signals import network_impact_figures

        context = super().get_context(request, *args, **kwargs)
        context["figure_groups"] = impact_figure_groups(
            site=Site.find_for_request(request), request=request, language=translation.get_language(),
            signal=network_impact_figures,
        )
        context["spaces"] = [site.site_name or site.hostname for site in network.members("impact")]
        return context


# --- Publishing -------------------------------------------------------------


class SecondPersonApprovalTask(AbstractGroupApprovalTask):
    """Group approval where whoever submitted the page cannot approve it.

    Members of the chosen groups (Communications) review each other's work:
    the submitter sees no approve action and the page is not in their
    "awaiting your review" list, so every publication has had two people.
    """

    def _requested_by(self, obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return bool(state and user.is_authenticated and state.requested_by_id == user.pk)

    def get_actions(self, obj, user):
        if self._requested_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, but never their own submission")

    class Meta:
        verbose_name = _("review by a second person")
        verbose_name_plural = _("reviews by a second person")
