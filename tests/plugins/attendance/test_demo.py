import pytest

from plugins.attendance import demo
from plugins.attendance.models import Mark, Sheet, Source
from plugins.models import SitePlugins

from .conftest import sessions_of, switch_on

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_demo_switches_attendance_on_records_past_sessions_and_runs_twice(site, past_activity):
    switch_on(site, "enrollment")
    activity = past_activity("Ioga suau", weeks=3)
    activity.slug = "ioga-suau"
    activity.save()
    demo.load_demo()
    assert set(SitePlugins.for_site(site).enabled) == {"enrollment", "attendance"}
    assert Sheet.objects.count() == len(sessions_of(activity)) == 3
    assert Sheet.objects.filter(closed_at__isnull=True).count() == 1  # the latest stays open to try
    figures = (Sheet.objects.count(), Mark.objects.count(), sorted(s.total for s in Sheet.objects.all()))
    demo.load_demo()
    assert (Sheet.objects.count(), Mark.objects.count(), sorted(s.total for s in Sheet.objects.all())) == figures


def test_demo_rosters_come_from_enrollments_demo_through_the_agenda(site, past_activity):
    """Attendance's demo names no plugin: the sewing workshop's roster is whoever enrollment's demo signed up."""
    from plugins.enrollment import demo as enrollment_demo

    activity = past_activity("Taller de costura", weeks=3)
    activity.slug = "taller-de-costura"
    activity.save()
    enrollment_demo.load_demo()
    demo.load_demo()
    booked = set(enrollment_demo.PAST["taller-de-costura"])
    sheets = list(Sheet.objects.all())
    assert len(sheets) == 3 and all(sheet.with_enrollment for sheet in sheets)
    for sheet in sheets:
        on_roster = {m.code for m in sheet.marks.all() if m.source == Source.ENROLLED}
        assert on_roster == booked
