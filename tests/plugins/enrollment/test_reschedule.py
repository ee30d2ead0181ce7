"""A facilitator moves a weekly workshop to another hour: the coming sessions'
sign-ups follow them instead of being left on sessions that no longer exist."""

import datetime as dt

import pytest
from django.utils import timezone
from schedule.models import Event, Occurrence

from agenda.models import ActivityPage
from agenda.selectors import activity_upcoming
from plugins.enrollment.models import Enrollment
from tests.plugins.enrollment.test_views import signup_url

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _republish_at(workshop, start, end):
    page = ActivityPage.objects.get(pk=workshop.pk)
    slot = page.slots.all()[0]
    slot.start_time, slot.end_time = start, end
    page.slots = [slot]
    page.save_revision().publish()


def test_sign_ups_follow_their_session_to_the_new_time(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop, capacity=5)
    client.post(signup_url(workshop, next_session), {"code": "lluna", "contact": "lluna@example.org", "consent": "on"})
    enrollment = Enrollment.objects.get(code="lluna")
    row = enrollment.occurrence
    assert row.original_start.astimezone(timezone.get_current_timezone()).hour == 18

    _republish_at(workshop, dt.time(19), dt.time(21))

    row.refresh_from_db()
    local = row.original_start.astimezone(timezone.get_current_timezone())
    assert (local.date(), local.hour) == (next_session.start.date(), 19)
    assert Occurrence.objects.filter(event=row.event).count() == 1  # the same row, not a new one
    enrollment.refresh_from_db()
    assert enrollment.occurrence_id == row.pk
    assert enrollment.session_start == row.start and enrollment.session_end == row.end
    assert enrollment.contact == "lluna@example.org" and enrollment.contact_expires_at == row.end

    # What participants see: one session that day, at 19:00, with the sign-up counted.
    upcoming = activity_upcoming(page=workshop, limit=1)[0]
    assert upcoming.start.hour == 19 and upcoming.occurrence_id == row.pk
    html = client.get(signup_url(workshop, upcoming)).content.decode()
    assert "19:00" in html


def test_past_sessions_stay_as_they_happened(make_activity):
    from agenda.services import occurrence_persist
    from tests.agenda.conftest import weekly

    today = timezone.localdate()
    page = make_activity("Costura", slots=[weekly(today - dt.timedelta(weeks=3), [today.weekday()])])
    past = activity_upcoming(page=page, limit=1)[0].original_start - dt.timedelta(weeks=2)
    row = occurrence_persist(event=Event.objects.get(activity_link__activity_key=page.translation_key), original_start=past)
    _republish_at(page, dt.time(19), dt.time(21))
    row.refresh_from_db()
    assert row.original_start == past
