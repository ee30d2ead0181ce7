"""Reads of the resource library and the advocacy pages."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from wagtail.models import Locale, Page
from wagtail.search.query import Or, PlainText

from .filters import LibraryFilterSet
from .models import FACETS, PAGE_SIZE, ResourcePage
from .text import unaccent

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier); the 31st becomes the month's last day."""
    return day + relativedelta(months=months)


def clean_query(raw: str | None) -> str:
    """A search query as typed, trimmed; control characters and overlong input are dropped, never an error."""
    import unicodedata

    printable = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in (raw or ""))
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def run_search(queryset, text: str) -> list:
    """Evaluate a search; a query the database cannot parse finds nothing instead of failing."""
    from django.db import DatabaseError, transaction

    if not any(ch.isalnum() for ch in text):
        # Only marks or punctuation (such as a lone accent): nothing to look for.
        return []
    try:
        with transaction.atomic():
            return list(queryset.search(search_query(text), order_by_relevance=True))
    except DatabaseError:
        logger.warning("Search for %r could not be run", text, exc_info=True)
        return []


def search_query(text: str):
    """The query as typed OR accent-folded: ``heroina`` and ``heroína`` find the same pages.

    Our pages index a folded copy of their text (``search_text_unaccented``);
    other pages are matched on their own words, and on SQLite FTS5 folds both.
    """
    folded = unaccent(text)
    if folded == text or not any(ch.isalnum() for ch in folded):
        return PlainText(text)
    return Or([PlainText(text), PlainText(folded)])


def current_locale() -> Locale:
    code = translation.get_language() or settings.LANGUAGE_CODE
    return Locale.objects.filter(language_code=code).first() or Locale.get_default()


# --- The library ------------------------------------------------------------


@dataclass
class FacetChoice:
    slug: str
    name: str
    selected: bool


@dataclass
class Facet:
    param: str
    label: str
    choices: list[FacetChoice] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetChoice]:
        return [c for c in self.choices if c.selected]


def facet_terms(*, model, locale: Locale):
    """Terms in ``locale``; terms not translated yet appear in the default language."""
    local = list(model.objects.filter(locale=locale))
    keys = {t.translation_key for t in local}
    fallback = [
        t for t in model.objects.filter(locale__language_code=settings.LANGUAGE_CODE) if t.translation_key not in keys
    ]
    return sorted(local + fallback, key=lambda t: (t.sort_order, t.name.casefold()))


def library_listing(*, index_page, params) -> dict[str, Any]:
    """Everything the library page shows for the GET parameters ``params``.

    Unknown filter values and page numbers are ignored (and reported back as
    ``ignored``), never an error.
    """
    locale = index_page.locale
    terms = {param: facet_terms(model=model, locale=locale) for param, _field, model in FACETS}
    filterset = LibraryFilterSet(
        params, queryset=ResourcePage.objects.child_of(index_page).live().public().filter(locale=locale), terms=terms,
    )
    filterset.is_valid()  # unknown values are set aside, never an error
    facets = []
    for param, _field, model in FACETS:
        chosen_keys = filterset.chosen_keys(param)
        facets.append(Facet(param=param, label=str(model._meta.verbose_name_plural), choices=[
            FacetChoice(slug=t.slug, name=t.name, selected=t.translation_key in chosen_keys) for t in terms[param]
        ]))
    ignored = filterset.ignored()
    resources = filterset.qs.distinct()
    query = clean_query(params.get("q"))
    if query:
        # The search backend filters only on indexed fields; narrow by primary key instead.
        ids = list(resources.values_list("pk", flat=True))
        candidates = ResourcePage.objects.filter(pk__in=ids)
        ordered = run_search(candidates, query) if ids else []
    else:
        ordered = list(resources.order_by("title").select_related("image"))
    page_obj = Paginator(ordered, PAGE_SIZE).get_page(params.get("page"))
    filter_params = [(f.param, c.slug) for f in facets for c in f.selected]
    if query:
        filter_params.append(("q", query))
    return {
        "facets": facets,
        "query": query,
        "resources": page_obj,
        "result_count": len(ordered),
        "ignored_filters": ignored[:10],
        "is_filtered": bool(filter_params),
        "active_filter_count": sum(len(f.selected) for f in facets),
        "filter_querystring": urlencode(filter_params),
    }


# --- Site search ------------------------------------------------------------

SEARCH_KINDS = {
    "resources": ("resources", "ResourcePage"),
    "news": ("resources", "NewsPage"),
    "publications": ("resources", "PublicationPage"),
    "campaigns": ("resources", "CampaignPage"),
}


def site_search(*, query: str, locale: Locale, kind: str = "", page_number=None, site=None):
    """Live, public pages in ``locale`` matching ``query``; ``kind`` narrows to one type.

    With ``site``: that space's pages and the library it points to (safespace/spaces.py).
    """
    pages: QuerySet = Page.objects.live().public().filter(locale=locale).exclude(depth=1)
    if kind in SEARCH_KINDS:
        pages = apps.get_model(*SEARCH_KINDS[kind]).objects.live().public().filter(locale=locale)
    if site is not None:
        from safespace.spaces import space_reading_q

        pages = pages.filter(space_reading_q(site))
    results = run_search(pages, query) if query else []
    page_obj = Paginator(results, PAGE_SIZE).get_page(page_number)
    page_obj.object_list = [p.specific for p in page_obj.object_list]
    for item in page_obj.object_list:
        item.snippet = result_snippet(item)
    return page_obj, len(results)


def result_snippet(page) -> str:
    from django.utils.html import strip_tags

    for name in ("search_description", "summary", "intro", "hero_text"):
        value = getattr(page, name, "") or ""
        if value:
            return " ".join(strip_tags(str(value)).split())
    return ""


# --- Review -----------------------------------------------------------------


def resources_due_for_review(*, today: datetime.date | None = None, within_days: int = 0) -> QuerySet:
    """Resources (all languages, live or draft) whose review date is today or past.

    ``within_days`` also includes those due in the next days, for a heads-up.
    """
    today = (today or timezone.localdate()) + datetime.timedelta(days=within_days)
    condition = Q()
    for months, _label in ResourcePage.REVIEW_INTERVALS:
        # Reviewed on or before (today - interval) ⇔ due on or before today.
        limit = add_months(today, -months)
        condition |= Q(review_interval_months=months, last_reviewed_on__lte=limit)
    return ResourcePage.objects.filter(condition).select_related("locale").order_by("last_reviewed_on", "title")


# --- Impact -----------------------------------------------------------------


@dataclass
class FigureGroup:
    label: str
    app_label: str
    figures: list


def _as_figure(item):
    from .signals import ImpactFigure

    if isinstance(item, ImpactFigure):
        return item
    if isinstance(item, dict):
        known = {k: item[k] for k in ("label", "value", "unit", "period", "note") if k in item}
        if "label" in known and "value" in known:
            return ImpactFigure(**{k: v if k == "value" else str(v) for k, v in known.items()})
    return None


def impact_figure_groups(*, site, request, language: str, signal=None) -> list[FigureGroup]:
    """Figures from every enabled plugin (and core receivers), grouped per app, in signal order.

    ``signal``: ``impact_figures`` (a space's page, the default) or ``network_impact_figures``."""
    from plugins.api.registry import all_plugins, app_label_of

    from .signals import impact_figures

    signal = signal or impact_figures
    names = {p.label: p.name for p in all_plugins()}
    groups: dict[str, FigureGroup] = {}
    for receiver, response in signal.send_robust(sender=site, request=request, language=language):
        if isinstance(response, BaseException):
            continue  # logged by send_robust
        label = app_label_of(receiver) or "core"
        try:
            items = list(response or [])
        except TypeError:
            logger.warning("impact_figures receiver %r returned %r, not a list; ignored", receiver, response)
            continue
        figures = []
        for item in items:
            figure = _as_figure(item)
            if figure is None:
                logger.warning("impact_figures receiver %r returned %r, not a figure; dropped", receiver, item)
                continue
            figures.append(figure)
        if not figures:
            continue
        if label not in groups:
            verbose = names.get(label)
            if verbose is None:
                config = apps.get_containing_app_config(getattr(receiver, "__module__", "")) if label != "core" else None
                verbose = str(config.verbose_name) if config else label
            groups[label] = FigureGroup(label=verbose, app_label=label, figures=[])
        groups[label].figures.extend(figures)
    return list(groups.values())


# --- Sharing and metadata ---------------------------------------------------


@dataclass(frozen=True)
class ShareLink:
    name: str
    url: str


def share_links(*, url: str, title: str) -> list[ShareLink]:
    """Plain links: no script, no widget, nothing loaded from the other site."""
    from django.utils.translation import gettext as _

    text = f"{title} {url}"
    return [
        ShareLink(_("Email"), f"mailto:?subject={quote(title)}&body={quote(url)}"),
        ShareLink("WhatsApp", f"https://wa.me/?text={quote(text)}"),
        ShareLink("Telegram", f"https://t.me/share/url?url={quote(url)}&text={quote(title)}"),
        ShareLink("Bluesky", f"https://bsky.app/intent/compose?text={quote(text)}"),
    ]


# --- Translations -----------------------------------------------------------

MISSING, DRAFT, OUTDATED, CURRENT = "missing", "draft", "outdated", "current"


@dataclass
class TranslationRow:
    page: Page
    states: dict[str, tuple[str, Page | None]]  # language code -> (state, translated page)

    @property
    def needs_work(self) -> bool:
        return any(state != CURRENT for state, _ in self.states.values())

    @property
    def cells(self) -> list[tuple[str, str, Page | None]]:
        """(language code, state, translated page), in the order of settings.LANGUAGES."""
        return [(code, state, translated) for code, (state, translated) in self.states.items()]


def translation_status(*, pages=None) -> list[TranslationRow]:
    """For each page in the default language, the state of its translation in every other language.

    ``missing``: no page in that locale; ``draft``: exists, not live;
    ``outdated``: the source was published after the translation was last
    synced by wagtail-localize (or, for pages translated by copy, after the
    translation was last edited); ``current``: otherwise.
    """
    from wagtail_localize.models import TranslationSource

    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    sources = pages if pages is not None else Page.objects.filter(locale=default, depth__gt=1).order_by("path")
    sources = list(sources)
    others = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    translations: dict[Any, dict[str, Page]] = {}
    for translated in Page.objects.filter(
        translation_key__in=[p.translation_key for p in sources], locale__language_code__in=others
    ).select_related("locale"):
        translations.setdefault(translated.translation_key, {})[translated.locale.language_code] = translated
    synced = {
        source.object_id: source.last_updated_at
        for source in TranslationSource.objects.filter(
            object_id__in=[p.translation_key for p in sources], locale=default
        )
    }
    rows = []
    for source in sources:
        states = {}
        for code in others:
            translated = translations.get(source.translation_key, {}).get(code)
            if translated is None:
                states[code] = (MISSING, None)
                continue
            if not translated.live:
                states[code] = (DRAFT, translated)
                continue
            source_changed = source.last_published_at
            reference = synced.get(source.translation_key) or translated.latest_revision_created_at
            if source_changed and reference and source_changed > reference:
                states[code] = (OUTDATED, translated)
            else:
                states[code] = (CURRENT, translated)
        rows.append(TranslationRow(page=source, states=states))
    return rows
