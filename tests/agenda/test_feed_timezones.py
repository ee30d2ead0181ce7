"""The iCal feed's times, read by four parsers, across both clock changes.

Europe/Madrid changes at 01:00 UTC: on 29 March 2026 from 02:00 to 03:00
local, on 25 October 2026 from 03:00 back to 02:00. recurring-ical-events
and ics look the TZID up in the tz database; vobject always reads the feed's
own VTIMEZONE, and icalendar does when the TZID is one it does not know (as a
client without the tz database would). All four must give the
times the site shows.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
import recurring_ical_events
import vobject
from dateutil.tz.tz import _tzicalvtz as tzical_zone

from agenda import feeds, selectors
from tests.agenda.conftest import local, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

UTC = dt.timezone.utc
START, END = local(2026, 3, 1), local(2026, 12, 1)
ONE_OFFS = [
    ("Dissabte", dt.date(2026, 3, 28), "10:00"),
    ("Canvi", dt.date(2026, 3, 29), "01:30"),  # half an hour before the change
    ("Canvi", dt.date(2026, 3, 29), "03:30"),  # half an hour after it
    ("Diumenge", dt.date(2026, 3, 29), "10:00"),
    ("Dissabte", dt.date(2026, 10, 24), "10:00"),
    ("Canvi", dt.date(2026, 10, 25), "01:30"),
    ("Canvi", dt.date(2026, 10, 25), "03:30"),
    ("Diumenge", dt.date(2026, 10, 25), "10:00"),
]


@pytest.fixture
def around_the_changes(make_activity):
    # Weekly on Sundays from before the spring change to after the autumn one.
    make_activity("Matí", slots=[weekly(dt.date(2026, 3, 1), [6], start="10:00", end="11:00")])
    make_activity("Nit", slots=[weekly(dt.date(2026, 3, 1), [5], start="23:30", end="23:59")])
    for title in dict.fromkeys(t for t, _d, _s in ONE_OFFS):
        make_activity(title, slots=[
            weekly(day, [day.weekday()], repeat="once", start=start, end=start[:3] + "50")
            for t, day, start in ONE_OFFS if t == title
        ])


def _on_site():
    return {(o.title, o.start.astimezone(UTC)) for o in selectors.occurrences_between(start=START, end=END)}


def _recurring_ical_events(text: str):
    calendar = icalendar.Calendar.from_ical(text)
    return {(str(e["SUMMARY"]), e["DTSTART"].dt.astimezone(UTC)) for e in recurring_ical_events.of(calendar).between(START, END)}


def _unknown_tzid(text: str) -> str:
    # A TZID that is not in the tz database: the parser has only the feed's VTIMEZONE to go by.
    return text.replace("TZID:Europe/Madrid", "TZID:Safespace/Feed").replace("TZID=Europe/Madrid", "TZID=Safespace/Feed")


def _icalendar(text: str):
    calendar = icalendar.Calendar.from_ical(_unknown_tzid(text))
    found = set()
    for event in recurring_ical_events.of(calendar).between(START, END):
        start = event["DTSTART"].dt
        assert not isinstance(start.tzinfo, ZoneInfo)
        found.add((str(event["SUMMARY"]), start.astimezone(UTC)))
    return found


def _vobject(text: str):
    found = set()
    for event in vobject.readOne(text).vevent_list:
        title = event.summary.value
        if hasattr(event, "rrule"):
            starts = event.getrruleset(addRDate=True).between(START, END, inc=True)
        else:
            starts = [event.dtstart.value]
        assert all(isinstance(s.tzinfo, tzical_zone) for s in starts)  # vobject always reads the VTIMEZONE
        found |= {(title, s.astimezone(UTC)) for s in starts}
    return found


def _ics(text: str):
    # ics 0.7 does not expand RRULE: each event's first start only. It reads
    # events before VTIMEZONEs (its parsers run in alphabetical order), so it
    # always takes the zone from the tz database by TZID.
    events = ics.Calendar(text).events
    assert all(e.begin.datetime.tzinfo is not None for e in events)
    return {(e.name, e.begin.datetime.astimezone(UTC)) for e in events}


def test_every_parser_gives_the_sites_times_across_both_changes(around_the_changes, client):
    text = client.get("/feeds/agenda.ics").content.decode()
    on_site = _on_site()
    assert len(on_site) == 40 + 39 + len(ONE_OFFS)  # Sundays 1 March-29 November, Saturdays 7 March-28 November
    firsts = {(t, s) for t, s in on_site if t not in ("Matí", "Nit")} | {
        min(item for item in on_site if item[0] == title) for title in ("Matí", "Nit")
    }
    assert _recurring_ical_events(text) == on_site
    assert _icalendar(text) == on_site
    assert _vobject(text) == on_site
    assert _ics(text) == firsts
    # And the site's times are the wall-clock ones asked for, on both sides of both changes.
    for day in (dt.date(2026, 3, 22), dt.date(2026, 3, 29), dt.date(2026, 10, 18), dt.date(2026, 10, 25), dt.date(2026, 11, 1)):
        assert ("Matí", local(day.year, day.month, day.day, 10).astimezone(UTC)) in on_site
    assert ("Canvi", dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) in on_site
    assert ("Canvi", dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) in on_site
    assert ("Canvi", dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)) in on_site
    assert ("Canvi", dt.datetime(2026, 10, 25, 2, 30, tzinfo=UTC)) in on_site


def test_vtimezone_onsets_are_the_local_time_before_each_change():
    vtimezone = feeds._vtimezone("Europe/Madrid")
    onsets = {}
    for part in vtimezone.walk():
        if part.name not in ("DAYLIGHT", "STANDARD"):
            continue
        moments = [part["DTSTART"].dt] + [d.dt for rdate in ([part["RDATE"]] if "RDATE" in part and not isinstance(part["RDATE"], list) else part.get("RDATE", [])) for d in rdate.dts]
        for moment in moments:
            onsets[moment.date()] = (part.name, moment.time(), part["TZOFFSETFROM"].td, part["TZOFFSETTO"].td)
    one, two = dt.timedelta(hours=1), dt.timedelta(hours=2)
    assert onsets[dt.date(2026, 3, 29)] == ("DAYLIGHT", dt.time(2), one, two)
    assert onsets[dt.date(2026, 10, 25)] == ("STANDARD", dt.time(3), two, one)
    for day, (_name, at, offset_from, _to) in onsets.items():
        if day.year > 2000:
            # Every change in the table happens at 01:00 UTC.
            assert dt.datetime.combine(day, at) - offset_from == dt.datetime.combine(day, dt.time(1)), day
