"""The advocacy pages: campaigns, news, publications, the press page, the
impact page and the network's impact page."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from safespace.blocks import BodyBlock

from ..blocks import PressBlock
from .common import HOME, PAGE_SIZE, ImageWithAltMixin, SearchableTextMixin, feed_route


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

    rss = feed_route("rss/", "rss", "resources.feeds.NewsRssFeed")
    atom = feed_route("atom/", "atom", "resources.feeds.NewsAtomFeed")


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

        from ..selectors import impact_figure_groups

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
        from safespace import spaces

        from ..selectors import impact_figure_groups
        from ..signals import network_impact_figures

        context = super().get_context(request, *args, **kwargs)
        context["figure_groups"] = impact_figure_groups(
            site=Site.find_for_request(request), request=request, language=translation.get_language(),
            signal=network_impact_figures,
        )
        context["spaces"] = [spaces.space_name(site) for site in network.members("impact")]
        return context
