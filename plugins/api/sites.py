"""Spaces: every plugin query is scoped to the request's site, so no plugin can forget.

An install serves several spaces, one Wagtail ``Site`` each. A plugin model
that holds a space's data gets ``objects = SiteScopedManager()`` and says,
in ``site_path``, how a row reaches its ``Site``: ``"site"`` for a model with
its own foreign key (give it ``site_field()``), ``"indicator__site"`` for a
row that belongs to one that has it. Then:

- while a request is served, ``Model.objects`` sees only the rows of the
  request's site (``SiteScopeMiddleware`` sets it), so a plugin's views,
  reports, exports, receivers and Wagtail viewsets see nothing of another
  space, and another space's object is a 404 (``get_object_or_404``);
- outside a request (a management command, a periodic job, the tests) it sees
  every space, as retention and backups need;
- ``Model.objects.for_site(site)`` reads one space explicitly, whatever the
  scope; ``Model.objects.unscoped()`` reads every space (the network pages,
  a network administrator's data-rights export), and ``scope(site)`` /
  ``scope(None)`` set the scope for a block of code;
- a new row's ``site_field()`` defaults to the scope's site, else the
  default site.

A plugin model without a site path declares why in ``site_scope_exempt`` (a
page, which Wagtail's tree already places in one site; a record keyed by a
random id nobody else knows). ``tests/plugins/api/test_sites.py`` walks every
plugin model and fails on one that does neither.

Participant codes are per space: the same code in two spaces is two people,
unless the network chooses shared codes (``SAFESPACE_SHARED_CODES``);
``code_scope(site)`` says which spaces a participant's own page covers.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.db import models

_ALL = object()  # no scope: every space
_current: ContextVar = ContextVar("safespace_space", default=_ALL)


class _RequestSite:
    """The request's site, looked up at the first query that needs it (a cached page needs none)."""

    def __init__(self, request):
        self.request = request

    def resolve(self):
        from wagtail.models import Site

        return Site.find_for_request(self.request)  # Wagtail keeps it on the request


def current_site():
    """The site the current scope is limited to, or None when it covers every space."""
    site = _current.get()
    if isinstance(site, _RequestSite):
        site = site.resolve()
    return None if site is _ALL else site


@contextlib.contextmanager
def scope(site):
    """Limit ``Model.objects`` of site-scoped models to ``site`` (None: every space) inside the block."""
    token = _current.set(_ALL if site is None else site)
    try:
        yield
    finally:
        _current.reset(token)


def default_site_id():
    """A new row's site: the scope's, else the default site (the one the install started with)."""
    site = current_site()
    if site is not None:
        return site.pk
    from wagtail.models import Site

    found = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    return found if found is not None else Site.objects.order_by("pk").values_list("pk", flat=True).first()


def site_field(**kwargs) -> models.ForeignKey:
    """The foreign key a site-scoped model keeps its space in."""
    options = {"on_delete": models.CASCADE, "related_name": "+", "default": default_site_id, "editable": False}
    options.update(kwargs)
    return models.ForeignKey("wagtailcore.Site", **options)


class SiteScopedQuerySet(models.QuerySet):
    def for_site(self, site):
        """The rows of ``site`` only (a Site or its pk)."""
        path = self.model.site_path
        return self.filter(**{path: site})

    def for_sites(self, sites):
        return self.filter(**{f"{self.model.site_path}__in": list(sites)})


class SiteScopedManager(models.Manager.from_queryset(SiteScopedQuerySet)):
    """The default manager of a model with per-space data: scoped to the current site."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if isinstance(_current.get(), _RequestSite) and current_site() is None:
            return queryset.none()  # a request no site answers for (no default site): nothing, not everything
        site = current_site()
        return queryset if site is None else queryset.for_site(site)

    def unscoped(self) -> SiteScopedQuerySet:
        """Every space's rows: for network-wide work only (say why where you call it)."""
        return super().get_queryset()

    def for_site(self, site) -> SiteScopedQuerySet:
        return self.unscoped().for_site(site)

    def for_sites(self, sites) -> SiteScopedQuerySet:
        return self.unscoped().for_sites(sites)


class SiteScopeMiddleware:
    """Scope every plugin query of a request to the request's site (Wagtail's ``Site.find_for_request``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(_RequestSite(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def pages_of(queryset, site=None):
    """Pages of ``site`` (default: the scope's; no scope: every space), in every language.

    A site's tree is its root page and the root's translations (wagtail-localize
    keeps each language's tree beside the others), so Wagtail's ``in_site`` alone
    would miss the translations.
    """
    site = site or current_site()
    if site is None:
        return queryset
    from django.db.models import Q
    from wagtail.models import Page

    roots = Page.objects.filter(translation_key=site.root_page.translation_key).only("path", "depth")
    where = Q(pk__in=[])
    for root in roots:
        where |= Q(path__startswith=root.path, depth__gte=root.depth)
    return queryset.filter(where)


NETWORK_GROUP = "Network administrators"  # the host's group of people who reach every space


def is_network_admin(user) -> bool:
    """A network administrator acts on every space (data rights across spaces): a superuser, or a
    member of the host's "Network administrators" group."""
    if not getattr(user, "is_active", False):
        return False
    return bool(user.is_superuser or user.groups.filter(name=NETWORK_GROUP).exists())


def codes_shared() -> bool:
    """True when the network chose shared codes: the same code in two spaces is one person."""
    return bool(getattr(settings, "SAFESPACE_SHARED_CODES", False))


def code_scope(site):
    """The spaces a code means one person in, from ``site``: that site, or None (every space) with shared codes."""
    return None if codes_shared() else site
