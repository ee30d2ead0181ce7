"""Site search, robots.txt and sitemap.xml."""

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from safespace.addresses import absolute_url
from safespace.spaces import space_for_request

from . import selectors
from .sitemaps import I18nSitemap


@require_GET
def search(request):
    """Search every page of the current language; ``kind`` narrows to one type."""
    query = selectors.clean_query(request.GET.get("q"))
    kind = request.GET.get("kind", "")
    if kind not in selectors.SEARCH_KINDS:
        kind = ""
    results, count = selectors.site_search(
        query=query, locale=selectors.current_locale(), kind=kind, page_number=request.GET.get("page"),
        site=space_for_request(request),
    )
    return TemplateResponse(
        request,
        "resources/search.html",
        {"query": query, "kind": kind, "kinds": list(selectors.SEARCH_KINDS), "results": results, "result_count": count},
    )


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /documents/"]
    for code, _name in settings.LANGUAGES:
        lines.append(f"Disallow: /{code}/search/")
    lines.append(f"Sitemap: {absolute_url(reverse('resources_sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": I18nSitemap})
