"""Spaces: one install, several harm-reduction spaces, each a Wagtail Site.

A space is a ``wagtail.models.Site``: its host name, its home page (and the
home page's translations, which Wagtail keeps as siblings of it at the top of
the tree), its SiteSettings and its plugin switches. What belongs to one
space carries a ``site`` foreign key (rooms, closures, screens,
announcements, the main menu and the footer); a page belongs to the space whose home page, or one of its
translations, it sits under.

Rows that existed before spaces did were given the default site by the
migrations that added the key, so a single-space install keeps working as it
was: ``site_default_id`` is also the key's default, for code (and tests)
that create rows without naming a space.

Reads take the request's space (``space_for_request``); a read without a
request and without a space (background jobs, the whole-page cache's
clock) covers every space.
"""

from __future__ import annotations

from django.db.models import Q

from . import content_cache


def site_default_id() -> int | None:
    """The default site's id: the ``site`` key's default for rows created without one."""
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()


def site_default_id_cached() -> int | None:
    """``site_default_id()``, kept in the content cache (read for every absolute address)."""
    return content_cache.cached("space-default", build=site_default_id)


def space_default():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).first()


def space_for_request(request):
    """The request's space (Wagtail's own host matching), or the default one."""
    from wagtail.models import Site

    if request is None:
        return None
    site = Site.find_for_request(request)
    return site if site is not None else space_default()


def space_name(site) -> str:
    """A space's name on the network's pages (the impact page, the network agenda)."""
    return site.site_name or site.hostname


def space_languages(request) -> list[str]:
    """The language codes the request's space publishes in, in settings.LANGUAGES order (never empty)."""
    from django.conf import settings

    every = [code for code, _name in settings.LANGUAGES]
    if request is None:
        return every
    from .models import SiteSettings

    try:
        chosen = set(SiteSettings.for_request(request).languages or [])
    except SiteSettings.DoesNotExist:
        return every
    published = [code for code in every if code in chosen]
    return published or every


def locale_code(locale_id) -> str | None:
    """A Locale's language code by its id, without a query once the content cache is warm."""
    from wagtail.models import Locale

    codes = content_cache.cached("locale-codes", build=lambda: dict(Locale.objects.values_list("pk", "language_code")))
    return codes.get(locale_id)


def space_reading_q(site) -> Q:
    """Pages a visitor of ``site`` may find (search): the space's own tree and the
    resource library it points to in its SiteSettings (shared by another space, or its own)."""
    from wagtail.models import Page

    from .models import SiteSettings

    condition = space_pages_q(site)
    library_id = SiteSettings.for_site(site).library_id
    if library_id:
        library = Page.objects.filter(pk=library_id).first()
        if library is not None:
            for path in Page.objects.filter(translation_key=library.translation_key).values_list("path", flat=True):
                condition |= Q(path__startswith=path)
    return condition


def _read_roots() -> list[tuple[str, int]]:
    from wagtail.models import Page, Site

    roots: list[tuple[str, int]] = []
    sites = list(Site.objects.select_related("root_page"))
    keys = {site.root_page.translation_key: site.pk for site in sites}
    for page in Page.objects.filter(translation_key__in=keys).only("path", "translation_key"):
        roots.append((page.path, keys[page.translation_key]))
    # Longest first: a space whose home sits inside another's tree wins for its pages.
    roots.sort(key=lambda item: -len(item[0]))
    return roots


def space_roots() -> list[tuple[str, int]]:
    """(tree path, site id) of every space's home page and its translations, longest path first."""
    return content_cache.cached("space-roots", build=_read_roots)


def space_root_paths(site) -> list[str]:
    site_id = getattr(site, "pk", site)
    return [path for path, owner in space_roots() if owner == site_id]


def space_id_for_path(path: str) -> int | None:
    """The id of the space a page (by its tree path) belongs to, or None."""
    for root, site_id in space_roots():
        if path.startswith(root):
            return site_id
    return None


def space_pages_q(site, *, prefix: str = "") -> Q:
    """A filter on pages (``prefix``: the lookup to the page, e.g. "page__") for the pages of ``site``."""
    paths = space_root_paths(site)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def rows_attach_to_default_site(apps, *, app_label: str, model_names: list[str]) -> None:
    """For migrations that add a ``site`` key: give every existing row the default site.

    An install that had one space keeps it, now named as the default site.
    """
    Site = apps.get_model("wagtailcore", "Site")
    default = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    for name in model_names:
        model = apps.get_model(app_label, name)
        if default is None:
            if model.objects.exists():
                raise RuntimeError(f"{app_label}.{name} has rows but there is no Wagtail Site to attach them to.")
            continue
        model.objects.filter(site__isnull=True).update(site=default)
