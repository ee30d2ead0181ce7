"""Clock changes in Europe/Madrid (2026: 29 March and 25 October), and the
django-scheduler tracker's reports in this area, tried against our code."""

import datetime as dt

import pytest
from schedule.models import Event

from agenda import recurrence, selectors
from agenda.models import ActivityEvent
from tests.agenda.conftest import local, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MARCH_CHANGE, OCTOBER_CHANGE = dt.date(2026, 3, 29), dt.date(2026, 10, 25)


def test_weekly_1800_stays_1800_across_both_clock_changes(make_activity):
    make_activity("Costura", slots=[weekly(dt.date(2026, 3, 1), [1])])  # Tuesdays
    occs = selectors.occurrences_between(start=local(2026, 3, 1), end=local(2026, 11, 30))
    assert len(occs) == 39
    assert {(o.start.hour, o.start.minute, o.end.hour) for o in occs} == {(18, 0, 20)}
    offsets = {o.start.date(): o.start.utcoffset() for o in occs}
    assert offsets[dt.date(2026, 3, 24)] == dt.timedelta(hours=1)
    assert offsets[dt.date(2026, 3, 31)] == dt.timedelta(hours=2)
    assert offsets[dt.date(2026, 10, 20)] == dt.timedelta(hours=2)
    assert offsets[dt.date(2026, 10, 27)] == dt.timedelta(hours=1)


def test_session_on_the_night_of_the_change_keeps_its_wall_clock_times(make_activity):
    # Sunday 01:00-04:00 crosses 02:00->03:00 in March and 03:00->02:00 in October.
    make_activity("Vetlla", slots=[weekly(dt.date(2026, 3, 1), [6], start="01:00", end="04:00")])
    for day in (MARCH_CHANGE, OCTOBER_CHANGE):
        (occ,) = selectors.occurrences_between(start=local(day.year, day.month, day.day), end=local(day.year, day.month, day.day, 23))
        assert (occ.start.hour, occ.end.hour) == (1, 4)


def test_django_scheduler_drifts_an_hour_when_not_given_the_local_zone(make_activity):
    """The tracker's report, reproduced: why we never call Event.get_occurrences."""
    page = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 1), [1])])
    event = Event.objects.get(activity_link__activity_key=page.translation_key)
    utc = dt.timezone.utc
    theirs = event.get_occurrences(dt.datetime(2026, 3, 1, tzinfo=utc), dt.datetime(2026, 4, 15, tzinfo=utc))
    local_hours = {o.start.astimezone(recurrence.local_zone()).hour for o in theirs}
    assert local_hours == {18, 19}  # 19:00 after the change: the reported bug
    ours = selectors.occurrences_between(start=local(2026, 3, 1), end=local(2026, 4, 15))
    assert {o.start.hour for o in ours} == {18}


def test_moved_session_near_a_clock_change_is_not_duplicated(make_activity):
    page = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 1), [6], start="10:00", end="12:00")], changes=[
        {"kind": "move", "original_date": MARCH_CHANGE, "new_start_time": dt.time(12), "new_end_time": dt.time(14)},
        {"kind": "move", "original_date": OCTOBER_CHANGE, "new_date": dt.date(2026, 10, 26)},
    ])
    for lo, hi in ((local(2026, 3, 20), local(2026, 4, 10)), (local(2026, 10, 15), local(2026, 11, 5))):
        occs = selectors.occurrences_between(start=lo, end=hi, activity_key=page.translation_key)
        originals = [o.original_start for o in occs]
        assert len(originals) == len(set(originals)) == 3
    (march,) = [o for o in selectors.occurrences_between(start=local(2026, 3, 29), end=local(2026, 3, 30)) if o.moved]
    assert (march.start.hour, march.end.hour, march.original_start.hour) == (12, 14, 10)
    october = [o for o in selectors.occurrences_between(start=local(2026, 10, 25), end=local(2026, 10, 27))]
    assert [(o.start.date(), o.start.hour, o.moved) for o in october] == [(dt.date(2026, 10, 26), 10, True)]


def test_rule_with_several_weekdays_gives_every_day(make_activity):
    page = make_activity("Ioga", slots=[weekly(dt.date(2026, 3, 2), [0, 2, 4], start="10:30", end="11:30")])  # from a Monday
    occs = selectors.occurrences_between(start=local(2026, 3, 2), end=local(2026, 3, 30))
    assert [o.start.weekday() for o in occs] == [0, 2, 4] * 4
    # The tracker's report: with numeric weekdays ("byweekday:0,2,4", as the
    # Rule docs suggest), django-scheduler keeps only the start's weekday. Ours reads both forms.
    event = ActivityEvent.objects.get(activity_key=page.translation_key).event
    event.rule.params = "byweekday:0,2,4"
    event.rule.save()
    theirs = event.get_occurrences(local(2026, 3, 2), local(2026, 3, 30))
    assert len(theirs) == 4
    again = selectors.occurrences_between(start=local(2026, 3, 2), end=local(2026, 3, 30))
    assert [o.start.weekday() for o in again] == [0, 2, 4] * 4


def test_fortnightly_and_monthly_first_tuesday(make_activity):
    make_activity("Quinzenal", slots=[weekly(dt.date(2026, 3, 2), [0], repeat="biweekly", count=4)])
    make_activity("Mensual", slots=[weekly(dt.date(2026, 3, 1), [1], repeat="monthly", monthly_week=1, until=dt.date(2026, 6, 30))])
    occs = selectors.occurrences_between(start=local(2026, 1, 1), end=local(2026, 12, 31))
    fortnight = [o.start.date() for o in occs if o.title == "Quinzenal"]
    monthly = [o.start.date() for o in occs if o.title == "Mensual"]
    assert fortnight == [dt.date(2026, 3, 2), dt.date(2026, 3, 16), dt.date(2026, 3, 30), dt.date(2026, 4, 13)]
    assert monthly == [dt.date(2026, 3, 3), dt.date(2026, 4, 7), dt.date(2026, 5, 5), dt.date(2026, 6, 2)]
