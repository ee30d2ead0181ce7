"""Retention deletes codes on time and moves no published figure (plugins.api.disclosure, rule 4).

The leak this guards against: distinct participants per activity and for the
whole space were counted from the codes at every publication, and retention
drops a session's codes 90 local days after it, one day's sessions at a time.
So for a month of the funders' export, "Ioga: 12 people" on 20 November
became 11 on the day 1 October's codes went: subtracting the two tells that
exactly one person came to yoga on 1 October and not again that month, a
count of one, pinned; day after day, the whole month's people by the day of
their last visit. No threshold on each publication stops it: it is the
difference between two harmless publications.

What would be acceptable instead: nothing published changes at all (the
design here: a month's distinct figures are frozen before its first code
goes, and published from the frozen row). Going from a number to "not
available" would be safe only for the whole month at once, for every group
at once, and before any code of it goes; a figure per activity that goes
when that activity's last session's codes go would still change while the
month is half dropped. So the test asserts the stronger thing: every
published figure of the month, at every grouping, reads the same after each
daily run as before the first one, and in the end no code of the month is left.
"""

import datetime as dt
import json
import random
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from plugins.attendance import selectors
from plugins.attendance.models import Mark, MonthFigures, Sheet
from plugins.attendance.signals import impact_monthly_figures, network_monthly_figures
from plugins.models import NetworkSharing
from safespace import services as site_services
from tests.agenda.conftest import weekly

from .conftest import record, sessions_of
from .test_views import facilitator  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
MADRID = ZoneInfo("Europe/Madrid")
OCTOBER = dt.date(2026, 10, 1)
POOL = [f"persona-{n}" for n in range(14)]


def published():
    """Every external surface's figures for October: the funders' rows at every grouping, the impact page's
    and the network's."""
    october = [f for f in impact_monthly_figures(language="en") + network_monthly_figures(language="en")
               if f.period == "October 2026"]  # later months join the page as they settle
    return [(group, selectors.external_rows(month=OCTOBER, group=group)) for group in ("activity", "category", "space")], october


def october_marks():
    return Mark.objects.filter(sheet__session_start__gte=dt.datetime(2026, 10, 1, tzinfo=MADRID),
                               sheet__session_start__lt=dt.datetime(2026, 11, 1, tzinfo=MADRID))


def test_retention_day_by_day_across_a_published_month_moves_no_published_figure(site, attendance_on, make_activity,
                                                                                   client, facilitator, time_machine,
                                                                                   settings):
    settings.DISCLOSURE_THRESHOLD = 3
    sharing = NetworkSharing.for_site(site)  # the space shares its figures: the network's are published too
    sharing.impact = True
    sharing.save()
    rng = random.Random(90)
    time_machine.move_to(dt.datetime(2026, 10, 31, 22, tzinfo=MADRID), tick=False)
    sewing = make_activity("Costura", category="creative", slots=[weekly(dt.date(2026, 9, 28), [0, 2, 4])])
    yoga = make_activity("Ioga", category="care", slots=[weekly(dt.date(2026, 9, 29), [1, 3])])
    for page in (sewing, yoga):
        for occ in sessions_of(page, weeks=6):
            if occ.start.astimezone(MADRID).month == 10:
                record(page, occ, walk_ins=rng.sample(POOL, rng.randint(1, 4)), anonymous=rng.randint(0, 3))

    time_machine.move_to(dt.datetime(2026, 11, 20, 12, tzinfo=MADRID), tick=False)
    before = published()

    def downloaded():
        """The funders' CSVs as the space's admin hands them out (the request's space, not every space)."""
        client.force_login(facilitator)
        responses = [client.get(f"/admin/attendance/reports/csv/?for=external&month=2026-10&group={group}")
                     for group in ("activity", "category", "space")]
        assert [r.status_code for r in responses] == [200, 200, 200]
        return [r.content.decode() for r in responses]

    csvs = downloaded()
    assert "Costura" in csvs[0] and "Creatiu" in csvs[1]
    activity_rows = before[0][0][1]
    # Not a vacuous comparison: distinct people are out as numbers, per activity and for the space.
    assert [type(row.distinct) for row in activity_rows] == [int, int, int], activity_rows
    assert [f.label for f in before[1]] == ["People at activities", "People at activities, all spaces together"]

    half_dropped_days = 0
    day = dt.date(2026, 12, 25)
    while day <= dt.date(2027, 2, 5):
        time_machine.move_to(dt.datetime.combine(day, dt.time(3, 30), tzinfo=MADRID), tick=False)
        site_services.retention_apply(now=timezone.now())
        if day == dt.date(2027, 1, 12):  # erasure halfway through, as the other door that takes codes away
            site_services.participant_erase(code=POOL[0])
        assert downloaded() == csvs, day
        assert published() == before, day
        october = Sheet.objects.filter(session_start__month=10)
        if october.filter(codes_dropped=True).exists() and october.filter(codes_dropped=False).exists():
            half_dropped_days += 1
        day += dt.timedelta(days=1)

    assert half_dropped_days >= 20  # the month was half dropped for weeks, one day's sessions at a time
    # The 90-day promise holds: every October code is gone, 90 local days after each session.
    assert not october_marks().exists()
    assert all(Sheet.objects.filter(session_start__month=10).values_list("codes_dropped", flat=True))
    # What stands in for them is anonymous counts, no code.
    (frozen,) = MonthFigures.objects.filter(month=OCTOBER)
    assert frozen.distinct["all"] == activity_rows[-1].distinct
    assert not any(code in json.dumps(frozen.distinct) for code in POOL)


def test_codes_go_on_the_91st_local_day_whatever_the_month_did(make_activity, time_machine):
    """Freezing a month's figures never holds a code back: the first session's codes go on its 91st day,
    while the rest of the month's are still kept."""
    time_machine.move_to(dt.datetime(2026, 10, 31, 22, tzinfo=MADRID), tick=False)
    yoga = make_activity("Ioga", category="care", slots=[weekly(dt.date(2026, 10, 1), [3])])  # Thursdays from 1 October
    for occ in sessions_of(yoga, weeks=6):
        record(yoga, occ, walk_ins=["lluna", "sol"])
    time_machine.move_to(dt.datetime(2026, 12, 30, 23, 30, tzinfo=MADRID), tick=False)  # 1 October + 90 days
    assert site_services.retention_apply(now=timezone.now())["attendance"] == {"attendance_codes_dropped": 0}
    time_machine.move_to(dt.datetime(2026, 12, 31, 0, 30, tzinfo=MADRID), tick=False)
    assert site_services.retention_apply(now=timezone.now())["attendance"] == {"attendance_codes_dropped": 2}
    assert october_marks().count() == 2 * 4  # 8, 15, 22 and 29 October keep theirs for now
