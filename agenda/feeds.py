"""iCal feeds, built with ``icalendar``.

One VEVENT per django-scheduler Event, with an RRULE for the recurrence,
EXDATE for cancelled sessions (one by one or by a closure), and an extra
VEVENT with the same UID and a RECURRENCE-ID for each moved session. Times
carry TZID=<TIME_ZONE> and the calendar has the matching VTIMEZONE, so
clients keep a weekly 18:00 at 18:00 across clock changes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from functools import lru_cache
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from schedule.models import Event, Occurrence
from wagtail.models import Site

from safespace import spaces
from safespace.addresses import absolute_url
from safespace.models import SiteSettings

from . import recurrence, selectors
from .models import ActivityPage, Category, Closure, Room

UTC = dt.timezone.utc


def feed_url(*, language: str | None = None, category: str | None = None, activity: ActivityPage | None = None) -> str:
    if activity is not None:
        return reverse("agenda_feed_activity", kwargs={"page_id": activity.pk})
    url = reverse("agenda_feed_category", kwargs={"slug": category}) if category else reverse("agenda_feed")
    if language and language != settings.LANGUAGE_CODE:
        url += f"?lang={language}"
    return url


def describe_slot(slot) -> str:
    """“Every Tuesday, 18:00–20:00” in the active language."""
    days = [str(WEEKDAYS[int(d)]) for d in sorted(int(x) for x in (slot.weekdays or []))]
    times = f"{slot.start_time:%H:%M}–{slot.end_time:%H:%M}"
    if slot.repeat == "once":
        return _("%(date)s, %(times)s") % {"date": capfirst(formats.date_format(slot.start_date, "WEEKDAY_DATE_FORMAT")), "times": times}
    if len(days) > 1:
        day_text = _("%(first)s and %(last)s") % {"first": ", ".join(days[:-1]), "last": days[-1]}
    else:
        day_text = days[0] if days else ""
    if slot.repeat == "weekly":
        text = _("Every week on %(days)s, %(times)s") % {"days": day_text, "times": times}
    elif slot.repeat == "biweekly":
        text = _("Every two weeks on %(days)s, %(times)s") % {"days": day_text, "times": times}
    else:
        which = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last")}.get(slot.monthly_week, "")
        text = _("The %(which)s %(day)s of every month, %(times)s") % {"which": which, "day": day_text, "times": times}
    if slot.until:
        text += " " + _("(until %(date)s)") % {"date": formats.date_format(slot.until, "DATE_FORMAT")}
    elif slot.count:
        text += " " + ngettext("(%(count)s session)", "(%(count)s sessions)", slot.count) % {"count": slot.count}
    return text


def _rrule_property(event: Event) -> dict | None:
    rule = event.rule
    if rule is None:
        return None
    params = recurrence.parse_params(rule.params)
    value: dict = {"freq": rule.frequency}
    if params.get("interval") and params["interval"] != 1:
        value["interval"] = params["interval"]
    if params.get("byweekday"):
        value["byday"] = [recurrence.WEEKDAY_CODES[d.weekday] for d in params["byweekday"]]
    if params.get("bysetpos"):
        value["bysetpos"] = params["bysetpos"]
    if params.get("count"):
        value["count"] = params["count"]
    elif event.end_recurring_period is not None:
        # With a TZID on DTSTART, UNTIL must be in UTC (RFC 5545, 3.3.10).
        value["until"] = event.end_recurring_period.astimezone(UTC)
    return value


def agenda_calendar_ics(*, language: str, category: str | None = None, activity_key=None, request=None,
                        site=None) -> bytes:
    """The feed for the whole agenda, one category (slug) or one activity, of
    one space (``site``, else the request's; every space with neither)."""
    tz = recurrence.local_zone()
    site = selectors.space_of(site=site, request=request)
    url_cache = request if request is not None else SimpleNamespace()
    events_q = Event.objects.filter(activity_link__isnull=False)
    if activity_key is not None:
        events_q = events_q.filter(activity_link__activity_key=activity_key)
    events = list(events_q.select_related("rule", "activity_link").order_by("pk"))
    keys = {e.activity_link.activity_key for e in events}
    pages_by_key: dict = defaultdict(list)
    pages = ActivityPage.objects.live().filter(translation_key__in=keys)
    if site is not None:
        pages = pages.filter(spaces.space_pages_q(site))
    for page in pages.select_related("locale"):
        pages_by_key[page.translation_key].append(page)
    categories, rooms = selectors._Snippets.load(Category), selectors._Snippets.load(Room)
    category_keys = categories.keys_for_slug(category) if category else None
    changed: dict = defaultdict(list)
    for row in Occurrence.objects.filter(event__in=[e.pk for e in events]).filter(
        Q(cancelled=True) | ~Q(start=F("original_start")) | ~Q(end=F("original_end")) | Q(detail__room__isnull=False)
    ).select_related("detail"):
        changed[row.event_id].append(row)
    # A closure closes its own space: the days closed, by space.
    closures = list(Closure.objects.select_related("locale"))
    closure_days_by_space: dict = defaultdict(list)
    sources = [c for c in closures if c.locale.language_code == settings.LANGUAGE_CODE] or closures
    for c in sources:
        closure_days_by_space[c.site_id].append((c.start_date, c.end_date))
    closure_days: list = []

    def closed(moment: dt.datetime) -> bool:
        day = moment.astimezone(tz).date()
        return any(a <= day <= b for a, b in closure_days)

    cal = icalendar.Calendar()
    cal.add("prodid", "-//safespace//agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = _space_name(request)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    cal.add_component(_vtimezone(settings.TIME_ZONE))

    for event in events:
        pages = pages_by_key.get(event.activity_link.activity_key)
        if not pages:
            continue
        page = selectors._best_translation(pages, language)
        closure_days = closure_days_by_space.get(spaces.space_id_for_path(page.path), [])
        cat = categories.localized(page.category_id, language)
        if category_keys is not None and (cat is None or cat.translation_key not in category_keys):
            continue
        room = rooms.localized(page.room_id, language)
        page_url = selectors.page_url(page, request=request, cache=url_cache)
        absolute = absolute_url(page_url, site=site)
        uid = event_uid(event)
        params = selectors._event_params(event)

        def vevent(start, end, room_obj, reason=""):
            item = icalendar.Event()
            item.add("uid", uid)
            item.add("dtstamp", stamp)
            item.add("summary", page.title)
            description = page.summary
            if reason:
                description = f"{reason}\n\n{description}"
            item.add("description", f"{description}\n\n{absolute}".strip())
            item.add("dtstart", start.astimezone(tz))
            item.add("dtend", end.astimezone(tz))
            if room_obj is not None:
                item.add("location", room_obj.name)
            if cat is not None:
                item.add("categories", [cat.name])
            if absolute:
                item.add("url", absolute)
            return item

        main = vevent(event.start, event.end, room)
        rrule_value = _rrule_property(event)
        overrides = []
        exdates = []
        rows = {r.original_start.astimezone(UTC): r for r in changed.get(event.pk, [])}
        if rrule_value:
            main.add("rrule", rrule_value)
            for original, row in sorted(rows.items()):
                if not recurrence.is_occurrence_start(when=original, **params):
                    continue
                if row.cancelled or closed(row.start):
                    exdates.append(original.astimezone(tz))
                    continue
                detail = getattr(row, "detail", None)
                shown_room = rooms.localized(detail.room_id, language) if detail and detail.room_id else room
                override = vevent(row.start, row.end, shown_room, ((detail.reasons.get(language) or detail.reason) if detail else ""))
                override.add("recurrence-id", original.astimezone(tz))
                overrides.append(override)
            for a, b in closure_days:
                lo = recurrence.localize(dt.datetime.combine(a, dt.time.min), tz)
                hi = recurrence.localize(dt.datetime.combine(b + dt.timedelta(days=1), dt.time.min), tz)
                for start, _end in recurrence.expand(window_start=lo, window_end=hi, **params):
                    if start.astimezone(UTC) not in rows and closed(start):
                        exdates.append(start.astimezone(tz))
            if exdates:
                main.add("exdate", sorted(set(exdates)))
        else:
            row = rows.get(event.start.astimezone(UTC))
            if row is not None:
                detail = getattr(row, "detail", None)
                shown_room = rooms.localized(detail.room_id, language) if detail and detail.room_id else room
                main = vevent(row.start, row.end, shown_room, ((detail.reasons.get(language) or detail.reason) if detail else ""))
                if row.cancelled:
                    main.add("status", "CANCELLED")
            if closed(main.decoded("dtstart")):
                main["status"] = icalendar.vText("CANCELLED")
        cal.add_component(main)
        for override in overrides:
            cal.add_component(override)

    return cal.to_ical()


def event_uid(event: Event) -> str:
    """The UID of an event's VEVENTs: the same at every host name the feed is read at.

    Derived from the activity's and the schedule line's keys (both UUIDs), so
    it names no host or domain (RFC 7986, 5.3) and survives a change of address.
    """
    link = event.activity_link
    return str(uuid.uuid5(link.activity_key, f"slot:{link.slot_key}"))


def _space_name(request) -> str:
    """The space's name (SiteSettings) for the calendar's NAME and X-WR-CALNAME."""
    if request is not None:
        return SiteSettings.for_request(request).name
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).name if site is not None else settings.WAGTAIL_SITE_NAME


@lru_cache(maxsize=2)
def _vtimezone(tzid: str, first_year: int = 2000, last_year: int = 2040) -> icalendar.Timezone:
    """The VTIMEZONE for ``tzid``: every change from ``first_year`` to ``last_year``, from the tz database.

    RFC 5545 (3.6.5) gives each onset as the local time *before* the change,
    read with TZOFFSETFROM: in Europe/Madrid 02:00 in spring and 03:00 in
    autumn, both 01:00 UTC. icalendar's own ``Timezone.from_tzid`` (7.3)
    writes the first wall time after the change instead (spring: 03:00 with
    TZOFFSETFROM:+0100, an hour late), and parsers that read the VTIMEZONE
    (vobject, ics; both through dateutil) then put the hour around each
    change on the wrong side. So the instants are found here in UTC and
    written as instant + offset before. Built once per process.
    """
    zone = ZoneInfo(tzid)
    start = dt.datetime(first_year, 1, 1, tzinfo=UTC)
    end = dt.datetime(last_year, 1, 1, tzinfo=UTC)
    step = dt.timedelta(hours=6)  # shorter than any gap between two changes
    observances: dict = defaultdict(list)  # (from, to, name, is_dst) -> local onsets

    def observance(moment):
        local = moment.astimezone(zone)
        return local.utcoffset(), local.tzname(), bool(local.dst())

    offset, name, is_dst = observance(start)
    observances[(offset, offset, name, is_dst)].append(start.astimezone(zone).replace(tzinfo=None))
    moment = start
    while moment < end:
        later = moment + step
        if observance(later) != (offset, name, is_dst):
            lo, hi = moment, later  # the change is in (lo, hi]: halve to the second
            while hi - lo > dt.timedelta(seconds=1):
                mid = lo + dt.timedelta(seconds=(hi - lo).total_seconds() // 2)
                lo, hi = (mid, hi) if observance(mid) == (offset, name, is_dst) else (lo, mid)
            new_offset, new_name, new_dst = observance(hi)
            observances[(offset, new_offset, new_name, new_dst)].append((hi + offset).replace(tzinfo=None))
            offset, name, is_dst = new_offset, new_name, new_dst
        moment = later

    vtimezone = icalendar.Timezone()
    vtimezone.add("tzid", tzid)
    vtimezone.add("comment", f"Changes from {first_year} to {last_year} (tz database)")
    for (offset_from, offset_to, name, is_dst), onsets in observances.items():
        part = icalendar.TimezoneDaylight() if is_dst else icalendar.TimezoneStandard()
        part.add("dtstart", onsets[0])
        for onset in onsets[1:]:
            part.add("rdate", onset)
        part.add("tzoffsetfrom", offset_from)
        part.add("tzoffsetto", offset_to)
        part.add("tzname", name)
        vtimezone.add_component(part)
    return vtimezone
