from django import template
from django.utils import translation

from safespace import selectors

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    return {"links": selectors.language_links(request=request, page=page)}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    menu = selectors.menu_for_language(language_code=translation.get_language())
    links = selectors.links_localized(items=menu.items, request=request) if menu else []
    return {"links": links, "request": request}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    footer = selectors.footer_for_language(language_code=translation.get_language())
    links = selectors.links_localized(items=footer.links, request=request) if footer else []
    return {"footer": footer, "links": links, "request": request, "settings": context.get("settings")}


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
    """
    from wagtail.templatetags.wagtailcore_tags import richtext

    from safespace.sanitise import sanitise_html

    return sanitise_html(richtext(value))
