"""The models of the ``resources`` app, in two parts: the library
(``library.py``) and the advocacy pages (``advocacy.py``), with what they
share in ``common.py``.

They stay one Django app, labelled ``resources``, on purpose: the label names
the content types that every page, revision, wagtail-localize translation
source, workflow state, log entry and search-index row points at, the
database tables, the permissions, the admin's addresses
(/admin/pages/add/resources/newspage/…, /admin/snippets/resources/topic/…),
the templates' folder and every backup made with dumpdata
("model": "resources.newspage"). Two new apps would rewrite all of that in
every installed space for no change in behaviour, and an old backup would no
longer load. See "Architecture notes" in the README.
"""

from .advocacy import (
    CampaignPage,
    ImpactPage,
    NetworkImpactPage,
    NewsIndexPage,
    NewsPage,
    PressPage,
    PublicationIndexPage,
    PublicationPage,
)
from .common import HOME, PAGE_SIZE, ImageWithAltMixin, SearchableTextMixin, feed_route
from .library import (
    FACETS,
    Audience,
    Format,
    RelatedResource,
    ResourceDocument,
    ResourceIndexPage,
    ResourcePage,
    Substance,
    TaxonomyTerm,
    Topic,
    WayOfUse,
    default_language_terms,
)

__all__ = [
    "FACETS",
    "HOME",
    "PAGE_SIZE",
    "Audience",
    "CampaignPage",
    "Format",
    "ImageWithAltMixin",
    "ImpactPage",
    "NetworkImpactPage",
    "NewsIndexPage",
    "NewsPage",
    "PressPage",
    "PublicationIndexPage",
    "PublicationPage",
    "RelatedResource",
    "ResourceDocument",
    "ResourceIndexPage",
    "ResourcePage",
    "SearchableTextMixin",
    "Substance",
    "TaxonomyTerm",
    "Topic",
    "WayOfUse",
    "default_language_terms",
    "feed_route",
]
