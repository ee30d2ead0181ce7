"""What the library and the advocacy pages share: the leading image with its
required alt text, the accent-free search text, and the feed routes of an
index page (public: the alerts plugin's index uses them too)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from ..text import unaccent

HOME = "safespace.HomePage"
PAGE_SIZE = 12


def feed_route(pattern: str, name: str, feed: str, doc: str = ""):
    """A route of a ``RoutablePageMixin`` index page that serves one of its feeds.

    ``feed`` is the dotted path of a Django ``Feed`` class whose ``__call__``
    takes the index page as ``index``; it is imported when the feed is asked
    for, since feed modules import the models. Use as a class attribute:
    ``atom = feed_route("atom/", "atom", "resources.feeds.NewsAtomFeed")``.
    """
    from django.utils.module_loading import import_string
    from wagtail.contrib.routable_page.models import path

    def serve(self, request):
        return import_string(feed)()(request, index=self)

    serve.__name__, serve.__doc__ = name, doc or None
    return path(pattern, name=name)(serve)


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
