"""The iCal feeds, parsed with icalendar and expanded with
recurring-ical-events, must say what the site shows, across both clock changes."""

import datetime as dt

import icalendar
import pytest
import recurring_ical_events

from agenda import recurrence, selectors
from tests.agenda.conftest import local, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

START, END = local(2026, 3, 1), local(2026, 11, 30)


@pytest.fixture
def agenda_with_exceptions(make_activity, closure_factory):
    sewing = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 1), [1])], changes=[
        {"kind": "cancel", "original_date": dt.date(2026, 3, 24), "reason": "Malaltia"},
        {"kind": "move", "original_date": dt.date(2026, 3, 31), "new_start_time": dt.time(19), "new_end_time": dt.time(21)},
        {"kind": "move", "original_date": dt.date(2026, 10, 27), "new_date": dt.date(2026, 10, 29)},
    ])
    yoga = make_activity("Ioga", category="care", room="kitchen",
                         slots=[weekly(dt.date(2026, 3, 2), [0, 3], start="10:30", end="11:30"),
                                weekly(dt.date(2026, 4, 4), [5], repeat="once", start="12:00", end="13:00")])
    make_activity("Assemblea", category="care", slots=[weekly(dt.date(2026, 3, 1), [4], repeat="monthly", monthly_week=-1, count=6)])
    closure_factory(dt.date(2026, 8, 10), dt.date(2026, 8, 16), "Vacances")
    return sewing, yoga


def _feed_instances(content: bytes, start=START, end=END):
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Madrid"
    found = set()
    for event in recurring_ical_events.of(calendar).between(start, end):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        begin = event["DTSTART"].dt
        assert begin.tzinfo is not None
        found.add((str(event["SUMMARY"]), begin.astimezone(recurrence.local_zone()), event["DTEND"].dt.astimezone(recurrence.local_zone())))
    return found


def _site_instances(**kwargs):
    return {
        (o.title, o.start, o.end)
        for o in selectors.occurrences_between(start=START, end=END, include_cancelled=False, **kwargs)
    }


def test_whole_agenda_feed_matches_the_site(agenda_with_exceptions, client):
    response = client.get("/feeds/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    in_feed, on_site = _feed_instances(response.content), _site_instances()
    assert in_feed == on_site
    assert len(on_site) > 80
    # Both sides of both clock changes, at 18:00 local.
    hours = {start.hour for title, start, _ in in_feed if title == "Costura" and start.date() != dt.date(2026, 3, 31)}
    assert hours == {18}
    assert ("Costura", local(2026, 3, 31, 19), local(2026, 3, 31, 21)) in in_feed
    assert ("Costura", local(2026, 10, 29, 18), local(2026, 10, 29, 20)) in in_feed
    assert not any(start.date() == dt.date(2026, 3, 24) for t, start, _ in in_feed if t == "Costura")
    assert not any(dt.date(2026, 8, 10) <= start.date() <= dt.date(2026, 8, 16) for _t, start, _ in in_feed)


def test_feed_uses_rrule_exdate_and_recurrence_id(agenda_with_exceptions, client):
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/agenda.ics").content)
    events = calendar.walk("VEVENT")
    sewing = [e for e in events if str(e["SUMMARY"]) == "Costura"]
    main = [e for e in sewing if "RRULE" in e]
    assert len(main) == 1
    assert main[0]["RRULE"]["FREQ"] == ["WEEKLY"] and main[0]["RRULE"]["BYDAY"] == ["TU"]
    assert main[0]["DTSTART"].params["TZID"] == "Europe/Madrid"
    exdates = {d.dt for prop in (main[0]["EXDATE"] if isinstance(main[0]["EXDATE"], list) else [main[0]["EXDATE"]]) for d in prop.dts}
    assert local(2026, 3, 24, 18) in exdates
    assert local(2026, 8, 11, 18) in exdates  # closure
    overrides = {e["RECURRENCE-ID"].dt for e in sewing if "RECURRENCE-ID" in e}
    assert overrides == {local(2026, 3, 31, 18), local(2026, 10, 27, 18)}


def test_category_and_activity_feeds(agenda_with_exceptions, client, categories):
    sewing, yoga = agenda_with_exceptions
    care = client.get("/feeds/agenda/category/care.ics")
    assert _feed_instances(care.content) == _site_instances(filters=selectors.AgendaFilters(category="care"))
    assert {t for t, _s, _e in _feed_instances(care.content)} == {"Ioga", "Assemblea"}
    one = client.get(f"/feeds/agenda/activity/{yoga.pk}.ics")
    assert _feed_instances(one.content) == _site_instances(activity_key=yoga.translation_key)
    assert client.get("/feeds/agenda/category/nope.ics").status_code == 404
    assert client.get("/feeds/agenda/activity/999999.ics").status_code == 404
    assert client.get("/feeds/agenda.ics?lang=xx").status_code == 400


def _uids(content: bytes) -> list[str]:
    return sorted(str(e["UID"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT"))


def test_uids_are_the_same_at_every_host_name(agenda_with_exceptions, client, settings):
    at_localhost = client.get("/feeds/agenda.ics", HTTP_HOST="localhost").content
    at_ip = client.get("/feeds/agenda.ics", HTTP_HOST="127.0.0.1").content
    uids = _uids(at_localhost)
    assert len(set(uids)) == 4  # Costura, Ioga's two schedule lines, Assemblea
    assert uids == _uids(at_ip)
    assert not any(host in uid for uid in uids for host in ("localhost", "127.0.0.1", "testserver"))
    # Nor do they change with the public address.
    settings.SAFESPACE_PUBLIC_URL = "https://espailila.example"
    assert _uids(client.get("/feeds/agenda.ics").content) == uids


def test_feed_links_use_the_public_address_and_the_spaces_name(agenda_with_exceptions, client, settings, site):
    from safespace.models import SiteSettings

    space = SiteSettings.for_site(site)
    space.name = "Espai Lila"
    space.save()
    settings.SAFESPACE_PUBLIC_URL = "http://localhost:8104"
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/agenda.ics", HTTP_HOST="127.0.0.1").content)
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "Espai Lila"
    urls = {str(e["URL"]) for e in calendar.walk("VEVENT")}
    assert urls and all(url.startswith("http://localhost:8104/ca/agenda/") for url in urls)
