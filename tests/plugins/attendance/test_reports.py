import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plugins.attendance import selectors, services
from plugins.attendance.signals import impact_monthly_figures
from resources.selectors import impact_figure_groups

from .conftest import record, sessions_of, switch_on

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def dataset(past_activity):
    """Two activities in two categories, three past weeks each.

    Sewing (creative, with sign-up): week 1: lluna, sol present, mar absent, walk-in perla, 2 without code
                                     week 2: lluna present, sol absent, mar absent, 0 without code
                                     week 3: no sheet (attendance not taken)
    Yoga (care, no sign-up):         week 1: walk-ins lluna, brisa, 5 without code
                                     week 2: walk-in brisa, 1 without code
                                     week 3: 4 without code
    """
    sewing = past_activity("Costura", category="creative")
    yoga = past_activity("Ioga", category="care")
    s1, s2, _s3 = sessions_of(sewing)
    y1, y2, y3 = sessions_of(yoga)
    record(sewing, s1, roster={"lluna": True, "sol": True, "mar": False}, walk_ins=["perla"], anonymous=2)
    record(sewing, s2, roster={"lluna": True, "sol": False, "mar": False})
    record(yoga, y1, walk_ins=["lluna", "brisa"], anonymous=5)
    record(yoga, y2, walk_ins=["brisa"], anonymous=1)
    record(yoga, y3, anonymous=4)
    return sewing, yoga


def period():
    today = timezone.localdate()
    return today - dt.timedelta(weeks=4), today


def test_report_per_activity_is_exact(dataset):
    start, end = period()
    report = selectors.attendance_report(start=start, end=end, group="activity")
    rows = {row.label: row for row in report.rows}
    sewing, yoga = rows["Costura"], rows["Ioga"]
    assert (sewing.sessions, sewing.total, sewing.distinct, sewing.walk_ins, sewing.anonymous) == (2, 6, 3, 1, 2)
    assert sewing.average == 3.0
    assert sewing.no_show_rate == pytest.approx(3 / 6)
    assert (yoga.sessions, yoga.total, yoga.distinct, yoga.walk_ins, yoga.anonymous) == (3, 13, 2, 3, 10)
    assert yoga.no_show_rate is None  # no sign-up for yoga
    total = report.total
    assert (total.sessions, total.total, total.distinct, total.walk_ins, total.anonymous) == (5, 19, 4, 4, 12)
    assert total.average == pytest.approx(19 / 5)
    assert total.no_show_rate == pytest.approx(3 / 6)


def test_report_per_category_and_for_the_space(dataset):
    start, end = period()
    by_category = {row.label: row for row in selectors.attendance_report(start=start, end=end, group="category").rows}
    assert set(by_category) == {"Creatiu", "Cura"}
    assert by_category["Cura"].total == 13 and by_category["Creatiu"].distinct == 3
    space = selectors.attendance_report(start=start, end=end, group="space")
    assert len(space.rows) == 1 and space.rows[0].total == 19 and space.rows[0].distinct == 4


def test_the_period_limits_the_sessions(dataset):
    sewing, _yoga = dataset
    last = sessions_of(sewing)[1].start.date()
    report = selectors.attendance_report(start=last, end=last, group="space")
    # That day: sewing week 2 (1 person) and yoga week 2 (a walk-in and 1 without code).
    assert report.total.sessions == 2 and report.total.total == 3


def test_report_queries_do_not_grow_with_sessions(past_activity):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            report = selectors.attendance_report(start=timezone.localdate() - dt.timedelta(weeks=30),
                                                 end=timezone.localdate(), group="activity")
        return len(ctx.captured_queries), report

    small = past_activity("A", weeks=2)
    for occ in sessions_of(small):
        record(small, occ, walk_ins=["lluna"], anonymous=1)
    few, report = count_queries()
    assert report.total.sessions == 2
    for n in range(3):
        big = past_activity(f"B{n}", weeks=6)
        for occ in sessions_of(big):
            record(big, occ, roster={"sol": True}, walk_ins=["lluna"], anonymous=2)
    many, report = count_queries()
    assert report.total.sessions == 20
    assert many == few


# --- Suppression -------------------------------------------------------------------
# The rule's own tests (and the old cells_suppress ones, under the one rule) are in tests/plugins/api/test_disclosure.py.

def later(days=45):
    """A day by which the month of yesterday's session has settled."""
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.mark.clock
def test_impact_figures_say_fewer_than_and_give_no_total_away(attendance_on, past_activity, settings):
    settings.DISCLOSURE_THRESHOLD = 5
    activity = past_activity("Ioga", weeks=1)
    (only,) = sessions_of(activity)
    record(activity, only, walk_ins=["lluna"], anonymous=2)
    assert not [f for f in impact_monthly_figures(language="en") if f.value != "no data"]  # not settled yet
    figures = impact_monthly_figures(language="en", today=later())
    this_month = [f for f in figures if f.value == "fewer than 5"]
    assert len(this_month) == 1
    assert not any(isinstance(f.value, int) and f.value > 0 for f in figures)
    assert all("last" not in f.period for f in figures)  # no total that gives the 3 away

    settings.DISCLOSURE_THRESHOLD = 3
    figures = impact_monthly_figures(language="en", today=later())
    assert [f.value for f in figures if isinstance(f.value, int)] == [3, 3]  # the month, and the total


@pytest.mark.clock
def test_impact_figures_follow_the_plugin_switch(site, past_activity, rf, time_machine):
    activity = past_activity("Ioga", weeks=1)
    (only,) = sessions_of(activity)
    record(activity, only, anonymous=40)
    request = rf.get("/")
    time_machine.move_to(timezone.now() + dt.timedelta(days=45), tick=False)  # the session's month has settled
    switch_on(site, "enrollment")
    assert not [g for g in impact_figure_groups(site=site, request=request, language="ca") if g.app_label == "attendance"]
    switch_on(site, "attendance")
    site._safespace_enabled_plugins = None
    (group,) = [g for g in impact_figure_groups(site=site, request=request, language="ca") if g.app_label == "attendance"]
    assert 40 in [f.value for f in group.figures]


def test_monthly_totals_are_counted_in_local_months(past_activity):
    activity = past_activity("Ioga", weeks=2)
    for occ in sessions_of(activity):
        record(activity, occ, anonymous=10)
    months = dict(selectors.monthly_totals(months=3))
    assert sum(months.values()) == 20
    assert all(month.day == 1 for month in months)


def test_services_refuse_bad_version_without_touching_reports(dataset):
    # Reports read the sheets only: a refused post leaves every figure as it was.
    start, end = period()
    before = selectors.attendance_report(start=start, end=end, group="space").total.total
    sewing, _yoga = dataset
    sheet = selectors.sheet_for(occurrence=sessions_of(sewing)[0])
    with pytest.raises(services.AttendanceConflict):
        services.sheet_record(sheet=sheet, state=services.SheetState(anonymous=99), submission=__import__("uuid").uuid4(),
                              version=sheet.version + 7, user=None)
    assert selectors.attendance_report(start=start, end=end, group="space").total.total == before


@pytest.mark.clock
def test_two_impact_page_visits_a_day_apart_give_no_day_away(attendance_on, make_activity, time_machine):
    """The probe: the impact page showed the current month, so two visits a day apart gave one day's attendance."""
    from zoneinfo import ZoneInfo

    from tests.agenda.conftest import weekly

    madrid = ZoneInfo("Europe/Madrid")
    time_machine.move_to(dt.datetime(2026, 9, 30, 12, tzinfo=madrid), tick=False)
    daily = make_activity("Cafè", slots=[weekly(dt.date(2026, 9, 29), range(7), start="10:00", end="11:00")])
    day, before = dt.date(2026, 9, 30), None
    while day <= dt.date(2026, 12, 2):
        time_machine.move_to(dt.datetime.combine(day, dt.time(21), tzinfo=madrid), tick=False)
        record(daily, sessions_of(daily, weeks=1)[-1], anonymous=1 + day.day % 3)  # today's session, a few people
        now = {f.period: f.value for f in impact_monthly_figures(language="en")}
        assert timezone.localdate().strftime("%B %Y") not in now  # never the current month
        if before is not None:
            for period in set(before) & set(now):
                assert before[period] == now[period], (day, period)
            assert len(set(now) - set(before)) <= 1
        before, day = now, day + dt.timedelta(days=1)
    assert before["October 2026"] == sum(1 + d % 3 for d in range(1, 32)) and before["September 2026"] == "fewer than 5"
