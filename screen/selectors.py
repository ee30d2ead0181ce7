"""Reads of the screen: which screen a token opens, and everything it shows.

``screen_data`` builds the whole payload a screen needs (agenda items in
every language the screen rotates through, announcements, labels, day
headings) in a fixed number of queries, whatever the number of activities:
the agenda is read once, in the default language, and the words of the other
languages come from one read of the activities' titles, the categories and
rooms already loaded, and one read of the closures. Places left come from
whichever plugin answers the agenda's ``occurrence_places`` (the screen names
none), and only for sessions that have not started.

"Now" and "next" are not decided here: the browser works them out from the
items against its own clock, so a screen that has lost the server still
moves on (see static/screen/screen.js).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from agenda import recurrence
from agenda.pictograms import pictogram_ref
from agenda.models import ActivityPage, AgendaPage, Category, Closure, Room
from agenda.selectors import local_midnight, occurrences_between, snippets_load, space_of
from agenda.signals import occurrence_places
from plugins.api.registry import app_label_of
from safespace import spaces
from safespace.addresses import absolute_url, page_full_url

from .labels import day_label, labels_for
from .models import Announcement, Screen
from .signals import screen_notices

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TIME_FORMAT = "%H:%M"
FORMAT_VERSION = 1


def screen_by_token(*, token) -> Screen | None:
    """The screen whose address holds ``token``, or None (also for malformed tokens)."""
    if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
        return None
    return (
        Screen.objects.filter(token=token)
        .select_related("site")
        .prefetch_related(
            Prefetch("rooms", queryset=Room.objects.only("pk", "translation_key")),
            Prefetch("categories", queryset=Category.objects.only("pk", "translation_key")),
        )
        .first()
    )


def _ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _hhmm(moment: dt.datetime) -> str:
    return moment.astimezone(recurrence.local_zone()).strftime(TIME_FORMAT)


def _per_language(languages, get) -> dict[str, str]:
    return {code: get(code) for code in languages}


def _titles(keys, languages) -> tuple[dict, dict]:
    """{activity key: {language: title}} and {activity key: {language: easy read}}
    for the live translations of these activities."""
    titles: dict = defaultdict(dict)
    easy: dict = defaultdict(dict)
    if not keys:
        return titles, easy
    rows = ActivityPage.objects.live().filter(translation_key__in=keys, locale__language_code__in=languages)
    for key, code, title, easy_read in rows.values_list("translation_key", "locale__language_code", "title", "easy_read"):
        titles[key][code] = title
        easy[key][code] = easy_read
    return titles, easy


def _closure_reasons(keys) -> dict:
    reasons: dict = defaultdict(dict)
    if not keys:
        return reasons
    for key, code, reason in Closure.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "locale__language_code", "reason"
    ):
        reasons[key][code] = reason
    return reasons


def _places(occurrence, *, site, request, batch) -> dict | None:
    """Places left of a session, from whichever plugin manages them (``occurrence_places``).

    Only two counts leave this function: whatever else a plugin adds, no code
    or name can reach the screen.
    """
    responses = occurrence_places.send_robust(sender=site, occurrence=occurrence, occurrences=batch, request=request)
    for _receiver, value in responses:
        if not isinstance(value, dict):
            continue
        left, capacity = value.get("left"), value.get("capacity")
        if isinstance(left, int) and isinstance(capacity, int):
            return {"left": left, "capacity": capacity}
    return None


def _matches(occ, room_keys: set, category_keys: set) -> bool:
    if category_keys and (occ.category is None or occ.category.translation_key not in category_keys):
        return False
    if room_keys:
        # A session moved out of one of the screen's rooms still shows there, as moved.
        rooms = {r.translation_key for r in (occ.room, occ.original_room) if r is not None}
        if not rooms & room_keys:
            return False
    return True


def agenda_items(*, screen: Screen, first: dt.date, last: dt.date, now: dt.datetime, request=None,
                 site=None) -> list[dict]:
    """The screen's sessions from ``first`` to ``last`` (local days, both included)."""
    languages = screen.language_list()
    snippets = snippets_load()
    occurrences = occurrences_between(
        start=local_midnight(first), end=local_midnight(last + dt.timedelta(days=1)),
        language=settings.LANGUAGE_CODE, request=request, snippets=snippets, site=screen.site,
    )
    room_keys = {room.translation_key for room in screen.rooms.all()}
    category_keys = {category.translation_key for category in screen.categories.all()}
    occurrences = [o for o in occurrences if _matches(o, room_keys, category_keys)]

    titles, easy = _titles({o.activity.translation_key for o in occurrences}, languages)
    closures = _closure_reasons({o.closure.translation_key for o in occurrences if o.closure is not None})
    rooms, categories = snippets["rooms"], snippets["categories"]

    def snippet_names(obj, loaded):
        if obj is None:
            return None
        return _per_language(languages, lambda code: loaded.localized(obj.pk, code).name)

    items = []
    for occ in occurrences:
        key = occ.activity.translation_key
        if occ.closure is not None:
            by_language = closures.get(occ.closure.translation_key, {})
            reason = _per_language(languages, lambda code: by_language.get(code) or occ.closure.reason)
        else:
            reason = _per_language(languages, lambda code: occ.reasons.get(code) or occ.reason)
        was_time = None
        if occ.time_moved:
            original = occ.original_start.astimezone(recurrence.local_zone())
            was_time = _hhmm(original) if original.date() == occ.start.date() else original.strftime("%d/%m %H:%M")
        item = {
            "id": occ.key,
            "day": occ.start.date().isoformat(),
            "start": _ms(occ.start),
            "end": _ms(occ.end),
            "time": f"{_hhmm(occ.start)}–{_hhmm(occ.end)}",
            "title": _per_language(languages, lambda code: titles.get(key, {}).get(code) or occ.title),
            "room": snippet_names(occ.room, rooms),
            "category": snippet_names(occ.category, categories),
            # The category's pictogram: {"name": ...} from the set, or {"src": ...} for an upload.
            "pictogram": pictogram_ref(occ.category),
            # Easy read: what the activity is, in short sentences, shown on the screen.
            "easy_read": _per_language(languages, lambda code: " ".join(
                (easy.get(key, {}).get(code) or easy.get(key, {}).get(settings.LANGUAGE_CODE) or "").split()
            )),
            "cancelled": occ.cancelled,
            "moved": occ.moved,
            "was_time": was_time if occ.moved else None,
            "was_room": snippet_names(occ.original_room, rooms) if occ.moved and occ.room_moved else None,
            "reason": reason if any(reason.values()) else None,
            "places": None,
        }
        if not occ.cancelled and occ.start > now:  # places left only before the start (plugins.api.disclosure)
            item["places"] = _places(occ, site=site, request=request, batch=occurrences)
        items.append(item)
    return items


def announcements_current(*, screen: Screen, now: dt.datetime, until: dt.datetime, languages: list[str]) -> list[dict]:
    """Announcements for ``screen`` that have not ended by ``now`` and start before ``until``.

    The window and the screens come from the default-language version (or
    the first one written); translations bring only their words.
    """
    # The screen's own space's announcements only.
    pending = Announcement.objects.filter(ends_at__gt=now, site_id=screen.site_id).values("translation_key")
    rows = (
        Announcement.objects.filter(translation_key__in=pending, site_id=screen.site_id)
        .select_related("locale").prefetch_related(Prefetch("screens", queryset=Screen.objects.only("pk")))
        .order_by("pk")
    )
    groups: dict = defaultdict(dict)
    for row in rows:
        groups[row.translation_key].setdefault(row.locale.language_code, row)
    result = []
    for versions in groups.values():
        source = versions.get(settings.LANGUAGE_CODE) or min(versions.values(), key=lambda a: a.pk)
        if not (source.ends_at > now and source.starts_at < until):
            continue
        screen_ids = {s.pk for s in source.screens.all()}
        if screen_ids and screen.pk not in screen_ids:
            continue
        shown = {code: versions.get(code) or source for code in languages}
        result.append({
            "id": source.pk,
            "start": _ms(source.starts_at),
            "end": _ms(source.ends_at),
            "title": {code: a.title for code, a in shown.items()},
            "text": {code: a.text for code, a in shown.items()},
        })
    result.sort(key=lambda a: (a["start"], a["id"]))
    return result


def notices_current(*, screen: Screen, site, now: dt.datetime, until: dt.datetime, languages: list[str],
                    request=None) -> list[dict]:
    """What the ``screen_notices`` extension point answers, checked and ordered: urgent first, then by start."""
    notices = []
    for receiver, answer in screen_notices.send_robust(
        sender=site, screen=screen, now=now, until=until, languages=languages, request=request,
    ):
        if isinstance(answer, Exception) or not answer:
            continue
        label = app_label_of(receiver) or "core"
        for notice in answer:
            if not (notice["end"] > now and notice["start"] < until):
                continue
            notices.append({
                "id": f"{label}:{notice['id']}",
                "urgent": bool(notice.get("urgent")),
                "start": _ms(notice["start"]),
                "end": _ms(notice["end"]),
                **{key: {code: str(notice.get(key, {}).get(code, "")) for code in languages}
                   for key in ("label", "title", "text")},
            })
    notices.sort(key=lambda n: (not n["urgent"], n["start"], n["id"]))
    return notices


def agenda_urls(*, languages: list[str], request=None, site=None) -> dict[str, str]:
    """The public agenda's full address in each language (the home page if there is no agenda), of
    ``site``'s space (else the request's)."""
    site = space_of(site=site, request=request)
    agendas = AgendaPage.objects.live()
    if site is not None:
        agendas = agendas.filter(spaces.space_pages_q(site))
    pages = {p.locale.language_code: p for p in agendas.select_related("locale")}
    urls = {}
    for code in languages:
        page = pages.get(code) or pages.get(settings.LANGUAGE_CODE)
        urls[code] = page_full_url(page, request=request) or absolute_url(f"/{code}/", site=site)
    return urls


def short_url(url: str) -> str:
    """An address as people type it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def screen_data(*, screen: Screen, request=None, now: dt.datetime | None = None) -> dict:
    """Everything a screen shows, in every language it rotates through. Shape in screen/README.md."""
    now = now or timezone.now()
    tz = recurrence.local_zone()
    languages = screen.language_list()
    # The screen's own space, whatever host name it is read at (the view refuses another space's).
    site = screen.site
    today = now.astimezone(tz).date()
    last = today + dt.timedelta(days=screen.days_ahead)
    days = []
    day = today
    while day <= last:
        days.append({
            "date": day.isoformat(),
            "start": _ms(local_midnight(day)),
            "end": _ms(local_midnight(day + dt.timedelta(days=1))),
            "label": _per_language(languages, lambda code: day_label(day, code)),
        })
        day += dt.timedelta(days=1)
    urls = agenda_urls(languages=languages, request=request, site=site)
    return {
        "version": FORMAT_VERSION,
        "generated": _ms(now),
        "timezone": settings.TIME_ZONE,
        "languages": languages,
        "orientation": screen.orientation,
        "rotate_seconds": screen.rotate_seconds,
        "refresh_seconds": screen.refresh_seconds,
        "days": days,
        "items": agenda_items(screen=screen, first=today, last=last, now=now, request=request, site=site),
        "announcements": announcements_current(
            screen=screen, now=now, until=local_midnight(last + dt.timedelta(days=1)), languages=languages,
        ),
        "notices": notices_current(
            screen=screen, site=site, now=now, until=local_midnight(last + dt.timedelta(days=1)),
            languages=languages, request=request,
        ),
        "agenda_url": {code: short_url(url) for code, url in urls.items()},
        "labels": {code: labels_for(code) for code in languages},
    }
