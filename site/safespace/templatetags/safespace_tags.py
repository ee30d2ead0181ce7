from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Site

from safespace import content_cache, selectors

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    return {"links": selectors.language_links(request=request, page=page)}


def _site_pk(request):
    site = Site.find_for_request(request) if request is not None else None
    return site.pk if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    language = translation.get_language()
    site_id = _site_pk(request)

    def build():
        menu = selectors.menu_for_language(site_id=site_id, language_code=language)
        return selectors.links_localized(items=menu.items, request=request) if menu else []

    links = content_cache.cached("main-menu", site_id, language, build=build)
    return {"links": links, "request": request}


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, the same on every page of a site and language: rendered once per content version."""
    request = context.get("request")
    language = translation.get_language()
    site_id = _site_pk(request)

    def build():
        footer = selectors.footer_for_language(site_id=site_id, language_code=language)
        links = selectors.links_localized(items=footer.links, request=request) if footer else []
        return render_to_string(
            "includes/footer.html",
            {"footer": footer, "links": links, "request": request, "settings": context.get("settings")},
        )

    return mark_safe(content_cache.cached("footer", site_id, language, build=build))  # noqa: S308 (our own template's output)


@register.simple_tag(takes_context=True)
def page_banners(context):
    """What plugins answer to ``safespace.signals.page_banners``, once per site, language and change.

    Read on every page: kept until the content or the schedule changes (not
    at a sign-up) or the
    next moment a plugin registered (content_cache.cached_until_change), so
    an alert shows and goes at its start and end without a query per page.
    """
    from plugins.api.rendering import render_responses

    from safespace.signals import page_banners as signal

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None

    def build():
        return str(render_responses(signal.send_robust(sender=site, request=request)))

    # places=False: banners never show places left, so a sign-up keeps them.
    return mark_safe(content_cache.cached_until_change(  # noqa: S308 (rendered by render_responses' rule)
        "page-banners", site.pk if site else None, build=build, places=False))


@register.simple_tag(takes_context=True)
def home_featured(context, page):
    """The home page's "Read and share" list, rendered once per content version (a preview is never kept)."""
    request = context.get("request")

    def build():
        return render_to_string("safespace/includes/home_featured.html", {"page": page, "request": request})

    if getattr(request, "is_preview", False):
        return mark_safe(build())  # noqa: S308 (our own template's output)
    return mark_safe(content_cache.cached(  # noqa: S308 (our own template's output)
        "home-featured", _site_pk(request), translation.get_language(), page.pk, build=build))


@register.simple_tag(takes_context=True)
def meta_description(context, page=None):
    """The page's description for <meta name="description">, with fallbacks (see selectors.page_description)."""
    return selectors.page_description(
        page=page or context.get("page"), request=context.get("request"), language_code=translation.get_language()
    )


@register.simple_tag(takes_context=True)
def link_url(context, link):
    """URL of a LinkBlock value, in the current language where the page is translated."""
    page = link.get("page")
    if page:
        localized = page.specific.localized
        return localized.get_url(request=context.get("request")) or ""
    return link.get("url") or ""


@register.simple_tag
def link_label(link):
    if link.get("label"):
        return link["label"]
    page = link.get("page")
    return page.specific.localized.title if page else link.get("url", "")


@register.filter
def weekday_names(codes):
    """Turn ["0", "1", "2", "4"] into localized day names: "Monday–Wednesday, Friday"."""
    from safespace.blocks import WEEKDAYS

    names = dict(WEEKDAYS)
    days = sorted(int(c) for c in (codes or []) if c in names)
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        first, last = str(names[str(run[0])]), str(names[str(run[-1])])
        if len(run) == 1:
            parts.append(first)
        elif len(run) == 2:
            parts.append(f"{first}, {last}")
        else:
            parts.append(f"{first}–{last}")
    return ", ".join(parts)


@register.filter
def richtext_safe(value):
    """Wagtail's ``richtext`` (expands page and document links), then our whitelist.

    Wagtail cleans rich text that comes through its editor; content that
    arrives any other way (import, API, a migration) is cleaned here on output.

    Kept per source text and language until the content changes: expanding
    the links (each page's address, in the active language) and cleaning with
    BeautifulSoup cost about a millisecond a field, and the address of a
    linked page only changes with a publish, a move or a slug change.
    """
    from wagtail.rich_text import RichText
    from wagtail.templatetags.wagtailcore_tags import richtext

    from safespace.sanitise import sanitise_html

    source = value.source if isinstance(value, RichText) else value
    if not source:
        return sanitise_html(richtext(value))
    return mark_safe(content_cache.cached(  # noqa: S308 (cleaned by sanitise_html before it was kept)
        "richtext", translation.get_language(), source, build=lambda: str(sanitise_html(richtext(value)))))
