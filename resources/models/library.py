"""The resource library: taxonomy terms, the library index and its resources.

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
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from ..blocks import ResourceBodyBlock
from ..text import unaccent
from .common import HOME, ImageWithAltMixin, SearchableTextMixin


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
        from ..selectors import library_listing

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
        from ..selectors import add_months

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
