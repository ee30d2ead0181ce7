"""Recurrence on django-scheduler's Event and Rule, expanded in local time.

Why not ``Event.get_occurrences``: django-scheduler has three problems we
test for in tests/agenda/test_dst.py and avoid here:

* It expands rules in the time zone of the datetime it is given (UTC by
  default), so a weekly 18:00 Madrid event drifts to 17:00 or 19:00 after a
  clock change, unless every caller remembers to pass the local zone.
* Because of that drift, the persisted (moved) Occurrence no longer matches
  its generated twin near a clock change and both are shown.
* ``Event._event_params`` replaces a rule's BYDAY list with the weekday of
  the event's start when that weekday is in the list, so "weekly on Monday
  and Wednesday" starting on a Monday yields only Mondays.

So we keep django-scheduler's models (Event, Rule with its ``params`` text,
Occurrence for exceptions) and build the dateutil rrule ourselves, always in
``settings.TIME_ZONE``, from naive local wall-clock times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule as du
from django.conf import settings

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
FREQUENCIES = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY, "YEARLY": du.YEARLY}


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_zone() -> ZoneInfo:
    return _zone(settings.TIME_ZONE)


def localize(naive: dt.datetime, tz: ZoneInfo | None = None) -> dt.datetime:
    """Wall-clock time in ``tz`` -> aware datetime (zoneinfo picks fold=0 in gaps)."""
    return naive.replace(tzinfo=tz or local_zone())


def to_local_naive(value: dt.datetime, tz: ZoneInfo | None = None) -> dt.datetime:
    return value.astimezone(tz or local_zone()).replace(tzinfo=None)


@dataclass(frozen=True)
class SlotSpec:
    """What one line of an activity's schedule means for django-scheduler."""

    start: dt.datetime  # aware, the first real occurrence
    end: dt.datetime
    frequency: str | None  # None: once
    params: str  # django-scheduler Rule.params syntax: "byweekday:MO,WE;interval:2"
    end_recurring_period: dt.datetime | None

    def rrule(self) -> du.rrule | None:
        return build_rrule(
            start=self.start, frequency=self.frequency, params=parse_params(self.params),
            end_recurring_period=self.end_recurring_period,
        )

    def starts_on(self, day: dt.date) -> list[dt.datetime]:
        tz = local_zone()
        lo = localize(dt.datetime.combine(day, dt.time.min), tz)
        hi = lo + dt.timedelta(days=1, hours=2)
        return [s for s, _e in expand(
            start=self.start, end=self.end, frequency=self.frequency, params=parse_params(self.params),
            end_recurring_period=self.end_recurring_period, window_start=lo, window_end=hi,
        ) if s.astimezone(tz).date() == day]


def parse_params(text: str) -> dict:
    """Parse Rule.params the way django-scheduler's Rule.get_params does, lists kept as lists."""
    result: dict = {}
    for part in (text or "").split(";"):
        if ":" not in part:
            continue
        key, _, raw = part.partition(":")
        key = key.strip().lower()
        values = []
        for item in raw.split(","):
            item = item.strip()
            if item.upper() in WEEKDAY_CODES:
                values.append(getattr(du, item.upper()))
            else:
                try:
                    values.append(int(item))
                except ValueError:
                    continue
        if key in ("interval", "count"):
            result[key] = values[0] if values else None
        else:
            result[key] = values
    return result


def build_rrule(*, start, frequency, params, end_recurring_period, tz=None) -> du.rrule | None:
    if not frequency:
        return None
    tz = tz or local_zone()
    kwargs = {k: v for k, v in params.items() if k in ("interval", "count", "byweekday", "bysetpos", "bymonthday", "bymonth") and v}
    if end_recurring_period is not None and "count" not in kwargs:
        kwargs["until"] = to_local_naive(end_recurring_period, tz)
    return du.rrule(FREQUENCIES[frequency], dtstart=to_local_naive(start, tz), cache=False, **kwargs)


def expand(*, start, end, frequency, params, end_recurring_period, window_start, window_end, tz=None):
    """(start, end) pairs of the occurrences overlapping [window_start, window_end), local-time exact.

    Durations are wall-clock: 18:00-20:00 stays 18:00-20:00 on the night the clocks change.
    """
    tz = tz or local_zone()
    local_start = to_local_naive(start, tz)
    wall = to_local_naive(end, tz) - local_start
    rule = build_rrule(start=start, frequency=frequency, params=params, end_recurring_period=end_recurring_period, tz=tz)
    if rule is None:
        return [(start, end)] if start < window_end and end > window_start else []
    lo = to_local_naive(window_start, tz) - wall - dt.timedelta(hours=2)
    hi = to_local_naive(window_end, tz) + dt.timedelta(hours=2)
    # A weekly or daily rule without COUNT keeps its phase if we start it close to
    # the window: saves walking years of past weeks for every event.
    interval = params.get("interval") or 1
    step = {"WEEKLY": 7, "DAILY": 1}.get(frequency)
    if step and not params.get("count") and lo > local_start:
        periods = (lo - local_start).days // (step * interval)
        if periods > 1:
            rule = rule.replace(dtstart=local_start + dt.timedelta(days=(periods - 1) * step * interval))
    result = []
    for naive in rule.between(lo, hi, inc=True):
        occ_start = naive.replace(tzinfo=tz)
        occ_end = (naive + wall).replace(tzinfo=tz)
        if occ_start < window_end and occ_end > window_start:
            result.append((occ_start, occ_end))
    return result


def is_occurrence_start(*, start, end, frequency, params, end_recurring_period, when, tz=None) -> bool:
    """Whether ``when`` is an original start of this schedule."""
    found = expand(
        start=start, end=end, frequency=frequency, params=params, end_recurring_period=end_recurring_period,
        window_start=when - dt.timedelta(minutes=1), window_end=when + dt.timedelta(minutes=1), tz=tz,
    )
    return any(s == when for s, _e in found)


# --- From the admin's words to a SlotSpec -------------------------------------

ONCE, WEEKLY, BIWEEKLY, MONTHLY = "once", "weekly", "biweekly", "monthly"


def slot_spec(*, repeat: str, start_date: dt.date, start_time: dt.time, end_time: dt.time,
              weekdays: list[str] | None = None, monthly_week: int | None = None,
              until: dt.date | None = None, count: int | None = None) -> SlotSpec:
    """Turn one schedule line into Event/Rule values. Assumes the line is valid
    (see ActivitySlot.clean); the Event's start is moved to the first real
    occurrence so that DTSTART is always an instance, as RFC 5545 expects."""
    tz = local_zone()
    days = sorted(int(d) for d in (weekdays or []))
    first_start = localize(dt.datetime.combine(start_date, start_time), tz)
    first_end = localize(dt.datetime.combine(start_date, end_time), tz)
    if repeat == ONCE:
        return SlotSpec(first_start, first_end, None, "", None)
    parts = []
    if repeat in (WEEKLY, BIWEEKLY):
        frequency = "WEEKLY"
        parts.append("byweekday:" + ",".join(WEEKDAY_CODES[d] for d in days))
        if repeat == BIWEEKLY:
            parts.append("interval:2")
    elif repeat == MONTHLY:
        frequency = "MONTHLY"
        parts.append("byweekday:" + WEEKDAY_CODES[days[0]])
        parts.append(f"bysetpos:{int(monthly_week)}")
    else:  # pragma: no cover - the form only offers the choices above
        raise ValueError(repeat)
    if count:
        parts.append(f"count:{int(count)}")
    params = ";".join(parts)
    end_period = localize(dt.datetime.combine(until, dt.time(23, 59, 59)), tz) if until and not count else None
    rule = build_rrule(start=first_start, frequency=frequency, params=parse_params(params), end_recurring_period=end_period, tz=tz)
    first = next(iter(rule), None) if rule is not None else None
    if first is None:
        raise ValueError("This rule has no occurrence at all.")
    wall = dt.datetime.combine(start_date, end_time) - dt.datetime.combine(start_date, start_time)
    start = localize(first, tz)
    end = localize(first + wall, tz)
    if count:
        # Keep the series' end in the database so that reads can filter by date.
        last = list(build_rrule(start=start, frequency=frequency, params=parse_params(params), end_recurring_period=None, tz=tz))[-1]
        end_period = localize(last + wall, tz)
    return SlotSpec(start, end, frequency, params, end_period)
