"""Reads of the agenda.

Every read of a period goes through ``occurrences_between``, which takes a
fixed number of queries whatever the number of activities: events filtered
by date (with their rule and activity link), persisted occurrences in or
moved into the period, the live activity pages, categories, rooms and
closures. Recurrence is expanded in Python, in local time (see recurrence.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Q, Subquery
from django.utils import timezone, translation
from safespace import content_cache, spaces
from schedule.models import Event, Occurrence

from . import recurrence
from .filters import MAX_LENGTH as MAX_FILTER_LENGTH
from .filters import AgendaFilterSet, FilterError, query_values  # noqa: F401 (FilterError: for callers)
from .models import ActivityPage, Audience, Category, Closure, Room

UTC = dt.timezone.utc
STAMP_FORMAT = "%Y-%m-%d-%H%M"
# The years the agenda can be asked about, in addresses and queries alike. Far
# enough for any plan; near enough that date arithmetic (a window of days
# around a date, a time zone's offset) never leaves Python's or the database's range.
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class OccurrenceSummary:
    """What a page needs to show one occurrence in a list."""

    title: str
    start: dt.datetime
    end: dt.datetime
    url: str
    room: str = ""
    category: str = ""
    cancelled: bool = False
    moved: bool = False
    reason: str = ""


@dataclass
class AgendaOccurrence:
    """One occurrence as the site shows it, in one language.

    Identity: ``event`` + ``original_start`` (see agenda/signals.py).
    """

    event: Event
    original_start: dt.datetime
    start: dt.datetime
    end: dt.datetime
    activity: ActivityPage
    activity_url: str
    category: Category | None = None
    room: Room | None = None
    original_room: Room | None = None
    cancelled: bool = False
    moved: bool = False
    reason: str = ""
    closure: Closure | None = None
    occurrence_id: int | None = None
    # The public reason of a cancellation or move in every language it was
    # translated into; ``reason`` is the one for this occurrence's language.
    reasons: dict = field(default_factory=dict)
    # The space it belongs to (safespace/spaces.py); its name where several spaces are shown together.
    space_id: int | None = None
    space_name: str = ""
    # The schedule.Occurrence row (``occurrence_id``) as read with it: a sign-up hangs on it.
    row: Occurrence | None = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.activity.title

    @property
    def stamp(self) -> str:
        return self.original_start.astimezone(recurrence.local_zone()).strftime(STAMP_FORMAT)

    @property
    def key(self) -> str:
        return f"{self.event.pk}-{self.stamp}"

    @property
    def url(self) -> str:
        return f"{self.activity_url.rstrip('/')}/{self.stamp}/"

    @property
    def room_moved(self) -> bool:
        return self.room is not None and self.original_room is not None and self.room.translation_key != self.original_room.translation_key

    @property
    def time_moved(self) -> bool:
        return self.start != self.original_start

    @property
    def public_reason(self) -> str:
        if self.closure is not None and self.closure.reason:
            return self.closure.reason
        return self.reason

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def summary(self) -> OccurrenceSummary:
        return OccurrenceSummary(
            title=self.title, start=self.start, end=self.end, url=self.url,
            room=self.room.name if self.room else "", category=self.category.name if self.category else "",
            cancelled=self.cancelled, moved=self.moved, reason=self.public_reason,
        )


@dataclass(frozen=True)
class AgendaFilters:
    category: str = ""
    room: str = ""
    audience: str = ""
    language: str = ""
    # The network agenda's only: one sharing space, by its Site id (space_filter()).
    space: str = ""

    def is_empty(self) -> bool:
        return not (self.category or self.room or self.audience or self.language or self.space)

    def as_query(self) -> dict[str, str]:
        pairs = (("category", self.category), ("room", self.room), ("audience", self.audience),
                 ("language", self.language), ("space", self.space))
        return {k: v for k, v in pairs if v}


@dataclass
class _Snippets:
    """Categories or rooms of every locale, looked up by id or translation key."""

    by_id: dict = field(default_factory=dict)
    by_key: dict = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def load(cls, model) -> _Snippets:
        # Read on every agenda page, feed and screen refresh; edited rarely.
        return content_cache.cached("agenda-snippets", model._meta.label, build=lambda: cls._read(model))

    @classmethod
    def _read(cls, model) -> _Snippets:
        result = cls()
        for obj in model.objects.select_related("locale"):
            result.by_id[obj.pk] = obj
            result.by_key[obj.translation_key][obj.locale.language_code] = obj
        return result

    def localized(self, obj_id, language: str):
        obj = self.by_id.get(obj_id)
        if obj is None:
            return None
        versions = self.by_key[obj.translation_key]
        return versions.get(language) or versions.get(settings.LANGUAGE_CODE) or obj

    def in_space(self, site) -> _Snippets:
        """Only the rows of ``site``'s space, or spaces (rooms belong to a space; categories, shared, all stay)."""
        site_ids = space_ids(site)
        if site_ids is None:
            return self
        result = _Snippets()
        for pk, obj in self.by_id.items():
            if _in_space(obj, site_ids):
                result.by_id[pk] = obj
        for key, versions in self.by_key.items():
            if _in_space(next(iter(versions.values())), site_ids):
                result.by_key[key] = versions
        return result

    def slugs(self) -> list[str]:
        return sorted({obj.slug for obj in self.by_id.values()})

    def keys_for_slug(self, slug: str) -> set:
        return {obj.translation_key for obj in self.by_id.values() if obj.slug == slug}

    def options(self, language: str) -> list:
        """One per translation group, named in ``language``, sorted by name."""
        chosen = []
        for versions in self.by_key.values():
            chosen.append(versions.get(language) or versions.get(settings.LANGUAGE_CODE) or next(iter(versions.values())))
        return sorted(chosen, key=lambda o: o.name.lower())


def _in_space(obj, site_ids: set) -> bool:
    # Categories are shared by every space; rooms and closures belong to one.
    return not hasattr(obj, "site_id") or obj.site_id in site_ids


def space_of(*, site=None, request=None):
    """The space a read is for: ``site`` (a Site, or a list of Sites: the network
    agenda), else the request's, else None (every space)."""
    if site is not None:
        return site
    return spaces.space_for_request(request) if request is not None else None


def space_ids(site) -> set | None:
    """The ids of the spaces a read is for (``site`` as space_of() returns it); None: every space."""
    if site is None:
        return None
    if isinstance(site, (list, tuple)):
        return {getattr(each, "pk", each) for each in site}
    return {getattr(site, "pk", site)}


def _space_pages_q(site) -> Q:
    if isinstance(site, (list, tuple)):
        condition = Q(pk__in=[])
        for each in site:
            condition |= spaces.space_pages_q(each)
        return condition
    return spaces.space_pages_q(site)


def network_spaces() -> list:
    """The spaces that show their sessions on the network agenda (Settings -> Network), by id.

    Kept in the content cache: saving a space's network setting starts a new version."""
    from plugins.api import network

    return content_cache.cached("network-agenda-spaces", build=lambda: network.members("agenda"))


def filter_options(*, language: str, categories: _Snippets | None = None, rooms: _Snippets | None = None,
                   site=None) -> dict:
    return {
        "categories": (categories or _Snippets.load(Category)).options(language),
        # One option per name in addresses: a network agenda's spaces may each have a "kitchen".
        "rooms": list({r.slug: r for r in (rooms or _Snippets.load(Room)).in_space(site).options(language)}.values()),
        "audiences": list(Audience.choices),
        "languages": [(code, name) for code, name in _activity_languages()],
    }


def _activity_languages():
    from .models import ACTIVITY_LANGUAGES

    return ACTIVITY_LANGUAGES


def snippets_load() -> dict:
    """Categories and rooms of every locale, for a request that needs them more than once."""
    return {"categories": _Snippets.load(Category), "rooms": _Snippets.load(Room)}


def filters_from_query(query, *, categories: _Snippets | None = None, rooms: _Snippets | None = None,
                       site=None) -> AgendaFilters:
    """Read category, room, audience and language from a query string; raise
    FilterError with a readable message for anything unknown (agenda/filters.py);
    a room of another space than ``site`` is unknown."""
    filterset = AgendaFilterSet(query_values(query), categories=categories or _Snippets.load(Category),
                                rooms=(rooms or _Snippets.load(Room)).in_space(site))
    return AgendaFilters(**filterset.cleaned())


def space_filter(query, *, members: list, filters: AgendaFilters) -> tuple[list, AgendaFilters]:
    """The network agenda's ``?space=<site id>``: (the spaces to read, the filters with it).

    Only a space among ``members`` (network_spaces()) can be chosen; any other
    value is a FilterError, as an unknown category is."""
    value = query.get("space", "")
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        return members, filters
    chosen = [site for site in members if str(site.pk) == value]
    if not chosen:
        raise FilterError(translation.gettext("Unknown space “%(value)s”.") % {"value": value[:MAX_FILTER_LENGTH]})
    return chosen, replace(filters, space=value)


def _best_translation(pages: list[ActivityPage], language: str) -> ActivityPage:
    by_lang = {p.locale.language_code: p for p in pages}
    return by_lang.get(language) or by_lang.get(settings.LANGUAGE_CODE) or min(pages, key=lambda p: p.pk)


def page_url(page, *, request=None, cache=None) -> str:
    """The page's URL without a query per page (site root paths are cached on ``cache``)."""
    if request is not None:
        return page.get_url(request=request) or ""
    parts = page.get_url_parts(request=cache if cache is not None else SimpleNamespace())
    return parts[2] if parts and parts[2] else ""


def _event_params(event: Event):
    rule = event.rule
    return {
        "start": event.start, "end": event.end,
        "frequency": rule.frequency if rule else None,
        "params": recurrence.parse_params(rule.params) if rule else {},
        "end_recurring_period": event.end_recurring_period,
    }


def _closures(first_day: dt.date, last_day: dt.date, language: str) -> list[Closure]:
    """Closures touching these days; dates from the source, reason in ``language``."""
    groups: dict = defaultdict(dict)
    # A space closes a few times a year: all closures are kept in the content
    # cache, and the period is picked out here.
    every = content_cache.cached("agenda-closures", build=lambda: list(Closure.objects.select_related("locale")))
    for closure in (c for c in every if c.start_date <= last_day and c.end_date >= first_day):
        groups[closure.translation_key][closure.locale.language_code] = closure
    result = []
    for versions in groups.values():
        source = versions.get(settings.LANGUAGE_CODE) or min(versions.values(), key=lambda c: c.pk)
        shown = versions.get(language) or source
        if shown is not source:
            shown = SimpleNamespace(start_date=source.start_date, end_date=source.end_date, reason=shown.reason,
                                    pk=source.pk, translation_key=source.translation_key, site_id=source.site_id)
        result.append(shown)
    return result


@dataclass(frozen=True)
class ShownActivity:
    """An activity the read shows: its page in the read's language, its URL, category and room."""

    page: ActivityPage
    url: str
    category: Category | None
    room: Room | None
    # The space the activity belongs to (safespace/spaces.py): its closures apply.
    space_id: int | None = None


@dataclass
class Window:
    """What one read of [start, end) holds (step 1 of ``occurrences_between``).

    ``events``: the schedules overlapping the window, by id. ``changes``: the
    persisted occurrences (cancelled or moved sessions) in the window or moved
    into it, by (event id, original start in UTC). ``activities``: the
    activities that pass the filters, by translation key. ``room_keys``: the
    rooms asked for (None: any room). ``closures``: the days the space is closed.
    """

    start: dt.datetime
    end: dt.datetime
    language: str
    events: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)
    rooms: _Snippets | None = None
    room_keys: set | None = None
    closures: list = field(default_factory=list)


@dataclass(frozen=True)
class Expanded:
    """One occurrence of a schedule's rule as planned, before any change (step 2)."""

    event: Event
    start: dt.datetime
    end: dt.datetime


def window_read(*, start: dt.datetime, end: dt.datetime, language: str, filters: AgendaFilters | None = None,
                activity_key=None, request=None, snippets: dict | None = None, site=None) -> Window:
    """Step 1: read everything the period needs, in a fixed number of queries.

    Events overlapping the period (with their rule and activity link), the
    persisted occurrences in or moved into it, the live activity pages;
    categories, rooms and closures come from the content cache. Nothing more
    is read when no schedule touches the period. With ``site``: that space's
    activities and rooms only.
    """
    filters = filters or AgendaFilters()
    window = Window(start=start, end=end, language=language)
    event_filter = Q(activity_link__isnull=False, start__lt=end) & (
        Q(rule__isnull=True, end__gt=start)
        | Q(rule__isnull=False) & (Q(end_recurring_period__isnull=True) | Q(end_recurring_period__gt=start))
    )
    occurrence_filter = Q(event__activity_link__isnull=False) & (
        Q(start__lt=end, end__gt=start) | Q(original_start__lt=end, original_end__gt=start)
    )
    if activity_key is not None:
        event_filter &= Q(activity_link__activity_key=activity_key)
        occurrence_filter &= Q(event__activity_link__activity_key=activity_key)
    window.events = {e.pk: e for e in Event.objects.filter(event_filter).select_related("rule", "activity_link")}
    persisted = Occurrence.objects.filter(occurrence_filter).select_related("event__rule", "event__activity_link", "detail")
    for occ in persisted:
        window.events.setdefault(occ.event_id, occ.event)
        window.changes[(occ.event_id, occ.original_start.astimezone(UTC))] = occ
    if not window.events:
        return window

    snippets = snippets or {}
    categories = snippets.get("categories") or _Snippets.load(Category)
    window.rooms = snippets.get("rooms") or _Snippets.load(Room)
    site_rooms = window.rooms.in_space(site)
    # A session moved into the filtered room still shows: the room is checked
    # per occurrence (step 3), not per activity.
    window.room_keys = site_rooms.keys_for_slug(filters.room) if filters.room else None
    keys = {e.activity_link.activity_key for e in window.events.values()}
    window.activities = _activities_read(keys=keys, language=language, filters=filters, categories=categories,
                                         rooms=window.rooms, filter_rooms=site_rooms, request=request, site=site)
    tz = recurrence.local_zone()
    first_day = (start.astimezone(tz) - dt.timedelta(days=1)).date()
    last_day = (end.astimezone(tz) + dt.timedelta(days=1)).date()
    window.closures = _closures(first_day, last_day, language)
    return window


def _activities_read(*, keys, language: str, filters: AgendaFilters, categories: _Snippets, rooms: _Snippets,
                     request=None, site=None, filter_rooms: _Snippets | None = None) -> dict:
    """The live activities among translation ``keys`` that pass ``filters`` (but the room), in ``language``,
    of ``site``'s space (every space's without it)."""
    url_cache = request if request is not None else SimpleNamespace()
    pages = ActivityPage.objects.live().filter(translation_key__in=keys)
    if site is not None:
        pages = pages.filter(_space_pages_q(site))
    pages = pages.select_related("locale", "image")
    filterset = AgendaFilterSet(filters.as_query(), queryset=pages, categories=categories, rooms=filter_rooms or rooms)
    if not filterset.is_valid():
        return {}  # a filter nothing matches
    pages_by_key: dict = defaultdict(list)
    for page in filterset.qs:
        pages_by_key[page.translation_key].append(page)
    activities = {}
    for key, versions in pages_by_key.items():
        page = _best_translation(versions, language)
        activities[key] = ShownActivity(page=page, url=page_url(page, request=request, cache=url_cache),
                                        category=categories.localized(page.category_id, language),
                                        room=rooms.localized(page.room_id, language),
                                        space_id=spaces.space_id_for_path(page.path))
    return activities


def rules_expand(window: Window) -> list[Expanded]:
    """Step 2: each shown activity's schedule expanded over the window, as planned (no query)."""
    expanded = []
    for event in window.events.values():
        if event.activity_link.activity_key not in window.activities:
            continue
        for start, end in recurrence.expand(window_start=window.start, window_end=window.end, **_event_params(event)):
            expanded.append(Expanded(event=event, start=start, end=end))
    return expanded


def changes_apply(window: Window, expanded: list[Expanded], *, include_cancelled: bool = True) -> list[AgendaOccurrence]:
    """Step 3: the planned occurrences with the window's changes and closures applied, sorted (no query).

    A change replaces its planned occurrence (and takes it out of the period
    if it was moved out); a session moved into the period from outside it
    shows if its original start is still in the schedule. Then the room
    filter, closures and ``include_cancelled`` apply to each.
    """
    start, end = window.start, window.end
    found = []
    seen = set()
    for planned in expanded:
        k = (planned.event.pk, planned.start.astimezone(UTC))
        row = window.changes.get(k)
        if row is None:
            found.append((planned.event, planned.start, planned.start, planned.end, None))
            continue
        seen.add(k)
        if row.start < end and row.end > start:  # else moved out of the period
            found.append((planned.event, planned.start, row.start, row.end, row))
    for k, row in window.changes.items():
        if k in seen or not (row.start < end and row.end > start):
            continue
        event = window.events[row.event_id]
        if event.activity_link.activity_key not in window.activities:
            continue
        if not recurrence.is_occurrence_start(when=row.original_start, **_event_params(event)):
            continue
        found.append((event, row.original_start, row.start, row.end, row))
    result = []
    for event, original_start, occ_start, occ_end, row in found:
        item = _occurrence(window, event, original_start, occ_start, occ_end, row)
        if item is not None and (include_cancelled or not item.cancelled):
            result.append(item)
    result.sort(key=lambda o: (o.start, o.title.lower(), o.event.pk))
    return result


def _occurrence(window: Window, event, original_start, occ_start, occ_end, row) -> AgendaOccurrence | None:
    """One occurrence as shown, or None if its room is not the one asked for."""
    tz = recurrence.local_zone()
    language = window.language
    activity = window.activities[event.activity_link.activity_key]
    detail = getattr(row, "detail", None) if row is not None else None
    shown_room = activity.room
    if detail is not None and detail.room_id:
        shown_room = window.rooms.localized(detail.room_id, language)
    if window.room_keys is not None and (shown_room is None or shown_room.translation_key not in window.room_keys):
        return None
    cancelled = bool(row and row.cancelled)
    item = AgendaOccurrence(
        event=event, original_start=original_start.astimezone(tz), start=occ_start.astimezone(tz),
        end=occ_end.astimezone(tz), activity=activity.page, activity_url=activity.url, category=activity.category,
        room=shown_room, original_room=activity.room, cancelled=cancelled,
        reason=((detail.reasons.get(language) or detail.reason) if detail is not None else ""),
        reasons=(detail.reasons if detail is not None else {}), occurrence_id=row.pk if row else None,
        space_id=activity.space_id, row=row,
    )
    item.moved = not cancelled and (item.time_moved or item.room_moved)
    local_day = item.start.date()
    for closure in window.closures:
        if closure.site_id == activity.space_id and closure.start_date <= local_day <= closure.end_date:
            item.cancelled, item.closure, item.moved = True, closure, False
            break
    return item


def occurrences_between(*, start: dt.datetime, end: dt.datetime, language: str | None = None,
                        filters: AgendaFilters | None = None, activity_key=None, request=None,
                        include_cancelled: bool = True, snippets: dict | None = None,
                        site=None) -> list[AgendaOccurrence]:
    """Every occurrence overlapping [start, end), sorted by start, in ``language``.

    Of one space: ``site``, else the request's; with neither, of every space
    (safespace/spaces.py). A closure cancels its own space's sessions only.

    Cancelled occurrences (one by one, or by a closure) are included and
    flagged, unless ``include_cancelled`` is False. ``snippets`` may carry
    {"categories": _Snippets, "rooms": _Snippets} already loaded by the caller.
    Three steps: read the window, expand the rules, apply the changes.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    window = window_read(start=start, end=end, language=language, filters=filters, activity_key=activity_key,
                         request=request, snippets=snippets, site=space_of(site=site, request=request))
    if not window.events:
        return []
    return changes_apply(window, rules_expand(window), include_cancelled=include_cancelled)


# --- Periods ---------------------------------------------------------------

@dataclass
class AgendaDay:
    date: dt.date
    occurrences: list[AgendaOccurrence]
    is_today: bool = False
    in_period: bool = True


def local_midnight(day: dt.date) -> dt.datetime:
    return recurrence.localize(dt.datetime.combine(day, dt.time.min))


def local_today() -> dt.date:
    return timezone.now().astimezone(recurrence.local_zone()).date()


def group_by_day(occurrences: list[AgendaOccurrence], first: dt.date, last: dt.date, *, keep_empty: bool = True) -> list[AgendaDay]:
    today = local_today()
    by_day: dict = defaultdict(list)
    for occ in occurrences:
        by_day[occ.start.date()].append(occ)
    days = []
    day = first
    while day <= last:
        if keep_empty or by_day.get(day):
            days.append(AgendaDay(date=day, occurrences=by_day.get(day, []), is_today=(day == today)))
        day += dt.timedelta(days=1)
    return days


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def agenda_week(*, day: dt.date, language: str | None = None, filters: AgendaFilters | None = None, request=None,
                site=None) -> list[AgendaDay]:
    first = week_start(day)
    last = first + dt.timedelta(days=6)
    occs = occurrences_between(start=local_midnight(first), end=local_midnight(last + dt.timedelta(days=1)),
                               language=language, filters=filters, request=request, site=site)
    return group_by_day(occs, first, last)


def next_change_after(now: dt.datetime) -> dt.datetime | None:
    """The next moment after ``now`` when the public agenda changes by itself.

    A session's start or end (“happening now”, “coming next”, places left
    going away at the start) within the next week, or the next local
    midnight (“today” in the agenda), whichever is first. Registered with
    content_cache.register_next_change() for the whole-page cache.
    """
    midnight = local_midnight(now.astimezone(recurrence.local_zone()).date() + dt.timedelta(days=1))
    moments = [midnight]
    for occ in occurrences_between(start=now, end=midnight + dt.timedelta(days=7)):
        moments.extend(moment for moment in (occ.start, occ.end) if moment > now)
    return min(moments)


def occurrences_upcoming(*, limit: int = 6, site=None, request=None) -> list[OccurrenceSummary]:
    """The next ``limit`` occurrences from now, in the current language, of one space (``site``, else the request's)."""
    site = space_of(site=site, request=request)
    now = timezone.now()
    found: list[AgendaOccurrence] = []
    horizon = dt.timedelta(days=14)
    # Widen the window only when the agenda is sparse; usually one read is enough.
    while len(found) < limit and horizon <= dt.timedelta(days=120):
        found = [o for o in occurrences_between(start=now, end=now + horizon, site=site) if o.start >= now]
        horizon *= 3
    return [o.summary() for o in found[:limit]]


def occurrences_now_and_next(*, now: dt.datetime | None = None, language: str | None = None,
                             filters: AgendaFilters | None = None, request=None, next_count: int = 3, site=None):
    """(happening now, coming next): what is on at ``now`` and the next few after it."""
    now = now or timezone.now()
    window = occurrences_between(start=now, end=now + dt.timedelta(days=14), language=language,
                                 filters=filters, request=request, include_cancelled=False, site=site)
    happening = [o for o in window if o.start <= now < o.end]
    coming = [o for o in window if o.start > now][:next_count]
    return happening, coming


def occurrence_at(*, page: ActivityPage, stamp: str, language: str | None = None, request=None) -> AgendaOccurrence | None:
    """The occurrence of ``page``'s activity whose original start is ``stamp``, wherever it moved.

    The same occurrence as ``occurrences_between`` shows (live activity of the
    request's space, in ``language``, changes and closures applied), read for
    that one moment: the activity's schedules and the rows kept for that
    start, two queries, instead of a window of the whole agenda (each sign-up
    asks for one; see bench/README.md).
    """
    try:
        naive = dt.datetime.strptime(stamp, STAMP_FORMAT)
    except ValueError:
        return None
    if not MIN_YEAR <= naive.year <= MAX_YEAR:
        return None
    original = recurrence.localize(naive)
    language = language or page.locale.language_code
    events = Event.objects.filter(activity_link__activity_key=page.translation_key, start__lte=original)
    planned = []
    for event in events.select_related("rule", "activity_link"):
        # A schedule's own expansion decides, as in a period read: a start its rule does not give is no session.
        planned += [(event, start, end) for start, end in recurrence.expand(
            window_start=original - dt.timedelta(minutes=1), window_end=original + dt.timedelta(minutes=1),
            **_event_params(event))
            if start == original]
    if not planned:
        return None
    site = space_of(request=request)
    categories, rooms = _Snippets.load(Category), _Snippets.load(Room)
    activity = _shown_activity(page=page, language=language, categories=categories, rooms=rooms,
                               request=request, site=site)
    if activity is None:
        return None
    rows = Occurrence.objects.filter(event__in=[event for event, _start, _end in planned],
                                     original_start=original.astimezone(UTC)).select_related("detail")
    changes = {row.event_id: row for row in rows}
    found = []
    for event, planned_start, planned_end in planned:
        row = changes.get(event.pk)
        occ_start, occ_end = (row.start, row.end) if row is not None else (planned_start, planned_end)
        day = occ_start.astimezone(recurrence.local_zone()).date()
        window = Window(start=original, end=original, language=language, events={event.pk: event},
                        activities={page.translation_key: activity}, rooms=rooms,
                        closures=_closures(day, day, language))
        found.append(_occurrence(window, event, original, occ_start, occ_end, row))
    return min(found, key=lambda o: (o.start, o.title.lower(), o.event.pk))


def _shown_activity(*, page: ActivityPage, language: str, categories: _Snippets, rooms: _Snippets,
                    request=None, site=None) -> ShownActivity | None:
    """The activity as a period read shows it (``_activities_read`` for one key), or None if
    it shows nowhere: not live, or not of the space. A live page in ``language`` of the
    space is its own best translation: nothing to read."""
    roots = None if site is None else [root for each in (site if isinstance(site, (list, tuple)) else [site])
                                       for root in spaces.space_root_paths(each)]
    if page.live and page.locale.language_code == language and (roots is None or page.path.startswith(tuple(roots))):
        return ShownActivity(page=page, url=page_url(page, request=request), category=categories.localized(page.category_id, language),
                             room=rooms.localized(page.room_id, language), space_id=spaces.space_id_for_path(page.path))
    return _activities_read(keys={page.translation_key}, language=language, filters=AgendaFilters(),
                            categories=categories, rooms=rooms, filter_rooms=rooms.in_space(site),
                            request=request, site=site).get(page.translation_key)


def activity_upcoming(*, page: ActivityPage, limit: int = 8, request=None) -> list[AgendaOccurrence]:
    now = timezone.now()
    occs = occurrences_between(start=now, end=now + dt.timedelta(days=180), language=page.locale.language_code,
                               activity_key=page.translation_key, request=request)
    return occs[:limit]


def activity_overlaps(*, page: ActivityPage, days: int = 180) -> list[tuple[AgendaOccurrence, AgendaOccurrence]]:
    """Pairs (this activity's session, another activity's session) at the same
    time in the same room in the coming ``days``."""
    now = timezone.now()
    space_id = spaces.space_id_for_path(page.path)
    occs = occurrences_between(start=now, end=now + dt.timedelta(days=days), language=settings.LANGUAGE_CODE,
                               include_cancelled=False, site=space_id and _site(space_id))
    mine = [o for o in occs if o.activity.translation_key == page.translation_key and o.room is not None]
    others = [o for o in occs if o.activity.translation_key != page.translation_key and o.room is not None]
    pairs = []
    for a in mine:
        for b in others:
            if b.start >= a.end:
                break
            if a.room.translation_key == b.room.translation_key and a.start < b.end and b.start < a.end:
                pairs.append((a, b))
    return pairs


def moves_onto_closures(*, page: ActivityPage) -> list[tuple]:
    """(change, closure) for each session that ``page``'s changes move onto a day the space is closed.

    Reads the changes as they are in ``page`` (a draft counts), and each
    closure's dates (the same in every language) once.
    """
    from .models import ChangeKind

    moves = [c for c in page.changes.all() if c.kind == ChangeKind.MOVE and c.new_date]
    if not moves:
        return []
    closures: dict = {}
    mine = Closure.objects.filter(site_id=spaces.space_id_for_path(page.path) or spaces.site_default_id())
    for closure in mine.select_related("locale").order_by("start_date"):
        if closure.translation_key not in closures or closure.locale.language_code == settings.LANGUAGE_CODE:
            closures[closure.translation_key] = closure
    found = []
    for change in moves:
        for closure in closures.values():
            if closure.start_date <= change.new_date <= closure.end_date:
                found.append((change, closure))
                break
    return found


def activity_site(*, key):
    """The Wagtail Site of the activity with this translation key (where its first page lives), or None.

    Plugins keep a space's data under it (plugins/api/sites.py)."""
    page = ActivityPage.objects.filter(translation_key=key).order_by("pk").first()
    return page.get_site() if page is not None else None


def activity_capacities(*, keys) -> dict:
    """The places of each activity, by translation key: the number on the page
    that owns the schedule (the first of its translation group). None: no limit.

    This is the one number of places: the activity's page shows it and sign-up
    plugins take it as their capacity.
    """
    result: dict = {}
    rows = ActivityPage.objects.filter(translation_key__in=set(keys)).order_by("pk").values_list("translation_key", "capacity")
    for key, capacity in rows:
        result.setdefault(key, capacity)
    return result


def activity_capacity_subquery(key) -> Subquery:
    """``activity_capacities`` of one activity inside another query: ``key`` is the
    translation key's expression there, e.g. ``OuterRef("activity_key")``."""
    pages = ActivityPage.objects.filter(translation_key=key).order_by("pk")
    return Subquery(pages.values("capacity")[:1])


def _site(site_id):
    from wagtail.models import Site

    return Site.objects.get(pk=site_id)
