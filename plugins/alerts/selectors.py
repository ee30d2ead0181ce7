"""Reads of the alerts plugin."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from .models import RANK, AlertIndexPage, AlertPage


def _in_language(pages, locale) -> list[AlertPage]:
    """One version per alert: the one in ``locale``, else the default language's, else the first written."""
    groups: dict = {}
    for page in pages:
        groups.setdefault(page.translation_key, []).append(page)
    chosen = []
    for versions in groups.values():
        by_code = {p.locale.language_code: p for p in versions}
        page = (
            (locale and by_code.get(locale.language_code))
            or by_code.get(settings.LANGUAGE_CODE)
            or min(versions, key=lambda p: p.pk)
        )
        chosen.append(page)
    return chosen


def _live():
    return AlertPage.objects.live().public().select_related("locale", "image")


def alerts_current(*, now: dt.datetime | None = None, locale: Locale | None = None, parent=None) -> list[AlertPage]:
    """Alerts shown at ``now``, most urgent first, then newest, in ``locale`` where translated."""
    now = now or timezone.now()
    pages = _live().filter(valid_from__lte=now, valid_until__gt=now)
    if parent is not None:
        pages = pages.filter(translation_key__in=AlertPage.objects.child_of(parent).values("translation_key"))
    chosen = _in_language(pages, locale)
    chosen.sort(key=lambda p: (-RANK.get(p.severity, 0), -p.valid_from.timestamp(), p.pk))
    return chosen


def alerts_expired(*, now: dt.datetime | None = None, locale: Locale | None = None, parent=None) -> list[AlertPage]:
    """The archive: alerts whose end has passed, latest ended first."""
    now = now or timezone.now()
    pages = _live().filter(valid_until__lte=now)
    if parent is not None:
        pages = pages.filter(translation_key__in=AlertPage.objects.child_of(parent).values("translation_key"))
    chosen = _in_language(pages, locale)
    chosen.sort(key=lambda p: (-p.valid_until.timestamp(), p.pk))
    return chosen


def alerts_next_change(*, now: dt.datetime | None = None) -> dt.datetime | None:
    """The next moment an alert starts or ends after ``now``: what a cache may not outlive."""
    now = now or timezone.now()
    live = AlertPage.objects.live()
    starts = live.filter(valid_from__gt=now).order_by("valid_from").values_list("valid_from", flat=True).first()
    ends = live.filter(valid_until__gt=now).order_by("valid_until").values_list("valid_until", flat=True).first()
    moments = [m for m in (starts, ends) if m is not None]
    return min(moments) if moments else None


def alert_index(*, locale: Locale | None = None) -> AlertIndexPage | None:
    pages = AlertIndexPage.objects.live().select_related("locale")
    by_code = {p.locale.language_code: p for p in pages}
    if locale is not None and locale.language_code in by_code:
        return by_code[locale.language_code]
    return by_code.get(settings.LANGUAGE_CODE) or next(iter(by_code.values()), None)


def alerts_by_language(*, start_before: dt.datetime, end_after: dt.datetime) -> list[dict[str, AlertPage]]:
    """Live alerts shown at some moment between ``end_after`` and ``start_before``: each as {language code: version}."""
    pages = _live().filter(valid_from__lt=start_before, valid_until__gt=end_after).order_by("pk")
    groups: dict = {}
    for page in pages:
        groups.setdefault(page.translation_key, {}).setdefault(page.locale.language_code, page)
    return list(groups.values())


def next_change(now: dt.datetime) -> dt.datetime | None:
    """``alerts_next_change`` in the form ``content_cache.register_next_change`` calls."""
    return alerts_next_change(now=now)
