from django import template

from resources import selectors
from safespace.addresses import absolute_url, page_full_url
from safespace.models import SiteSettings

register = template.Library()

OG_LOCALES = {"ca": "ca_ES", "es": "es_ES", "en": "en_GB"}


@register.simple_tag(takes_context=True)
def full_url(context, page) -> str:
    """A page's public address (safespace/addresses.py): ``{% full_url page %}``."""
    return page_full_url(page, request=context.get("request"))


def _description(page, request=None) -> str:
    from safespace.selectors import page_description

    return page_description(page=page, request=request)


@register.inclusion_tag("resources/includes/meta.html", takes_context=True)
def page_meta(context, page=None):
    """Description, OpenGraph, Twitter card and hreflang alternates: tags only, nothing fetched."""
    request = context.get("request")
    page = page or context.get("page")
    if page is None:
        return {}
    image_url = ""
    image = getattr(page, "image", None)
    if image is not None:
        rendition = image.get_rendition("fill-1200x630|format-jpeg|jpegquality-70")
        image_url = absolute_url(rendition.url)
    translations = list(page.get_translations(inclusive=True).live().public().select_related("locale"))
    code = page.locale.language_code
    return {
        "title": page.seo_title or page.title,
        "description": _description(page, request),
        "url": page_full_url(page, request=request),
        "image_url": image_url,
        "image_alt": getattr(page, "image_alt_text", ""),
        "og_type": "article" if page.specific_class.__name__ in ("NewsPage", "ResourcePage", "PublicationPage", "CampaignPage") else "website",
        "og_locale": OG_LOCALES.get(code, code),
        "alternates": [
            {"code": t.locale.language_code, "og": OG_LOCALES.get(t.locale.language_code, t.locale.language_code), "url": page_full_url(t, request=request)}
            for t in translations
        ],
        "site_name": SiteSettings.for_request(request).name if request else "",
    }


@register.inclusion_tag("resources/includes/share.html", takes_context=True)
def share_links(context, page=None):
    request = context.get("request")
    page = page or context.get("page")
    url = page_full_url(page, request=request)
    return {"links": selectors.share_links(url=url, title=page.title), "url": url, "page": page}


@register.filter
def richtext_clean(value):
    """Wagtail's ``richtext`` (expands page/document links), then our whitelist."""
    from wagtail.templatetags.wagtailcore_tags import richtext

    from safespace.sanitise import sanitise_html

    return sanitise_html(richtext(value))
