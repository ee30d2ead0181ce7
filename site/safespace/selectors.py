"""Reads for the page chrome: menu, footer and the language switcher."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from . import content_cache, spaces
from .models import Footer, MainMenu


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool


def _localized_for_language(model, site_id: int | None, language_code: str):
    """The space's row in that language; a request no site answers for reads the default space's.

    A language the space publishes later (its home page translated) has no row until its staff
    translate the menu and footer: until then its pages show the space's row in the site's main
    language, so that the emergency numbers are never missing. Never another space's.
    """
    site_id = site_id if site_id is not None else spaces.site_default_id_cached()
    rows = {row.locale.language_code: row for row in model.objects.filter(
        site_id=site_id, locale__language_code__in={language_code, settings.LANGUAGE_CODE}).select_related("locale")}
    return rows.get(language_code) or rows.get(settings.LANGUAGE_CODE)


def menu_for_language(*, site_id: int | None, language_code: str) -> MainMenu | None:
    """The main menu of space ``site_id`` in that language (never another space's)."""
    return _localized_for_language(MainMenu, site_id, language_code)


def footer_for_language(*, site_id: int | None, language_code: str) -> Footer | None:
    """The footer of space ``site_id`` in that language: its text, emergency numbers and links."""
    return _localized_for_language(Footer, site_id, language_code)


def language_links(*, request, page: Page | None = None) -> list[LanguageLink]:
    """One link per configured language, to the same page in that language.

    For a Wagtail page: its live translation, or the home page of that
    language when the page is not translated yet. For other views under the
    language prefix: the same path with the other prefix.
    """
    current = translation.get_language() or settings.LANGUAGE_CODE
    published = set(spaces.space_languages(request))
    if page is None or not getattr(page, "pk", None):
        return [
            LanguageLink(code=code, name=name, is_current=(code == current),
                         url=translate_url(request.get_full_path(), code) if request is not None else f"/{code}/")
            for code, name in settings.LANGUAGES if code in published
        ]
    site = Site.find_for_request(request) if request is not None else None
    # A routable page's sub-view (a week of the agenda, one session) keeps its
    # sub-path, which does not depend on the language.
    remainder = ""
    if isinstance(page, RoutablePageMixin) and request is not None:
        own_url = page.get_url(request=request) or ""
        if own_url and request.path.startswith(own_url):
            remainder = request.path[len(own_url):]
    targets = content_cache.cached(
        "language-targets", page.pk, site.pk if site else None,
        build=lambda: _language_targets(page=page, site=site, request=request),
    )
    links = []
    for code, name in settings.LANGUAGES:
        if code not in published:
            continue
        url, translated = targets.get(code, (f"/{code}/", False))
        if translated and remainder:
            url = url.rstrip("/") + "/" + remainder
        links.append(LanguageLink(code=code, name=name, url=url, is_current=(code == current)))
    return links


def _language_targets(*, page: Page, site: Site | None, request) -> dict[str, tuple[str, bool]]:
    """Per language: the URL of the page's live translation (True), or of that language's home page (False)."""
    targets: dict[str, tuple[str, bool]] = {}
    for translated in page.get_translations(inclusive=True).live().select_related("locale"):
        url = translated.get_url(request=request)
        if url:
            targets[translated.locale.language_code] = (url, True)
    missing = [code for code, _name in settings.LANGUAGES if code not in targets]
    if missing and site is not None:
        # Read the home page in every language only if a page lacks a translation.
        for home in site.root_page.get_translations(inclusive=True).live().select_related("locale"):
            code = home.locale.language_code
            url = home.get_url(request=request)
            if code in missing and url:
                targets[code] = (url, False)
    return targets


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str


def links_localized(*, items, request=None, language_code: str | None = None) -> list[MenuLink]:
    """LinkBlock values as links in the current language, in a fixed number of queries.

    A chosen page is replaced by its live translation in the current language
    when there is one; its title is the label unless one was given.
    """
    language_code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    values = [item.value for item in items]
    keys = {value["page"].translation_key for value in values if value.get("page")}
    localized = {}
    if keys:
        for page in Page.objects.filter(translation_key__in=keys, locale__language_code=language_code).live():
            localized[page.translation_key] = page
    links = []
    for value in values:
        page = value.get("page")
        if page:
            target = localized.get(page.translation_key, page)
            url = target.get_url(request=request) or ""
            label = value.get("label") or target.title
        else:
            url, label = value.get("url") or "", value.get("label") or value.get("url") or ""
        if url:
            links.append(MenuLink(url=url, label=label))
    return links


# Fields that say what a page is about, in the order they are tried for its
# meta description when the editor left "Search description" empty.
DESCRIPTION_FIELDS = ("search_description", "summary", "intro", "hero_text", "description")
DESCRIPTION_LENGTH = 300


def _plain(value) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(str(value or "")).split())


def page_description(*, page: Page | None, request=None, language_code: str | None = None) -> str:
    """The meta description of a page: its search description, else its summary,
    introduction or lead text, else that of the home page in the same language,
    so that every public page has one (search results and link previews show it).
    """
    own = _description_of(page)
    if own:
        return own
    site = Site.find_for_request(request) if request is not None else None
    if site is None and page is not None:
        site = page.get_site()
    if site is None or (page is not None and page.pk == site.root_page_id):
        return ""
    from safespace import content_cache

    # Read on every page that has no description of its own: kept until the content changes.
    language = {"locale_id": page.locale_id} if page is not None else {
        "locale__language_code": language_code or translation.get_language()}
    return content_cache.cached(
        "home-description", site.pk, *language.values(),
        build=lambda: _description_of(_home_for(site=site, language=language)),
    )


def _description_of(page: Page | None) -> str:
    if page is None:
        return ""
    page = getattr(page, "specific", page)
    for name in DESCRIPTION_FIELDS:
        text = _plain(getattr(page, name, ""))
        if text:
            return text[:DESCRIPTION_LENGTH]
    return ""


def _home_for(*, site: Site, language: dict) -> Page | None:
    home = site.root_page
    return home.get_translations(inclusive=True).filter(**language).live().first() or home
