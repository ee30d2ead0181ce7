import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from agenda import recurrence
from agenda.services import occurrence_persist
from plugins.enrollment import services
from plugins.enrollment.models import Enrollment, EnrollmentTally, Mode, Status
from tests.clock import local

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def enrol(offer, session, code, **kwargs):
    row = None if offer.mode == Mode.SERIES else occurrence_persist(
        event=session.event, original_start=session.original_start
    )
    return services.enrollment_create(
        offer=offer, occurrence=row, session_start=session.start, session_end=session.end, code=code, **kwargs
    )


def test_places_are_confirmed_then_people_wait(workshop, next_session, offer_factory):
    offer = offer_factory(workshop, capacity=2)
    assert enrol(offer, next_session, "lluna").status == Status.CONFIRMED
    assert enrol(offer, next_session, "sol").status == Status.CONFIRMED
    assert enrol(offer, next_session, "mar").status == Status.WAITING


def test_no_waiting_list_means_full_is_a_clear_refusal(workshop, next_session, offer_factory):
    offer = offer_factory(workshop, capacity=1, waiting_list=False)
    enrol(offer, next_session, "lluna")
    with pytest.raises(services.EnrollmentError, match="Totes les places estan ocupades"):
        enrol(offer, next_session, "sol")


def test_the_same_code_cannot_sign_up_twice_for_a_session(workshop, next_session, offer_factory):
    offer = offer_factory(workshop)
    enrol(offer, next_session, "Lluna Plena")
    with pytest.raises(services.EnrollmentError) as error:
        enrol(offer, next_session, "  lluna-plena ")
    assert error.value.field == "code"


@pytest.mark.parametrize("code", ["", "ab", "x" * 41, "<script>", "a b;c"])
def test_bad_codes_are_refused_with_a_message(workshop, next_session, offer_factory, code):
    offer = offer_factory(workshop)
    with pytest.raises(services.EnrollmentError) as error:
        enrol(offer, next_session, code)
    assert error.value.field == "code"
    assert Enrollment.objects.count() == 0


def test_cancelling_gives_the_place_to_the_first_person_waiting(workshop, next_session, offer_factory):
    offer = offer_factory(workshop, capacity=1)
    first = enrol(offer, next_session, "lluna")
    waiting_1 = enrol(offer, next_session, "sol")
    enrol(offer, next_session, "mar")
    promoted = services.enrollment_cancel(enrollment=first)
    assert promoted.pk == waiting_1.pk
    statuses = dict(Enrollment.objects.values_list("code", "status"))
    assert statuses == {"lluna": Status.CANCELLED, "sol": Status.CONFIRMED, "mar": Status.WAITING}
    # Twice is harmless.
    assert services.enrollment_cancel(enrollment=first) is None
    assert Enrollment.objects.filter(status=Status.CONFIRMED).count() == 1


def test_facilitator_promotes_only_into_a_free_place(workshop, next_session, offer_factory):
    offer = offer_factory(workshop, capacity=1)
    enrol(offer, next_session, "lluna")
    waiting = enrol(offer, next_session, "sol")
    with pytest.raises(services.EnrollmentError, match="cap plaça lliure"):
        services.enrollment_promote(enrollment=waiting)
    offer.capacity = 2
    promoted = services.offer_save(offer=offer)
    assert [e.code for e in promoted] == ["sol"]


def test_signup_window(workshop, next_session, offer_factory):
    offer = offer_factory(workshop, opens_days_before=7, closes_minutes_before=60)
    too_early = next_session.start - dt.timedelta(days=8)
    too_late = next_session.start - dt.timedelta(minutes=30)
    with pytest.raises(services.EnrollmentError, match="encara no s.ha obert"):
        enrol(offer, next_session, "lluna", now=too_early)
    with pytest.raises(services.EnrollmentError, match="ja s.ha tancat"):
        enrol(offer, next_session, "lluna", now=too_late)
    # Staff can sign someone up whenever.
    assert enrol(offer, next_session, "lluna", now=too_late, by_staff=True).status == Status.CONFIRMED


def test_series_mode_counts_places_for_the_whole_course(workshop, next_session, offer_factory):
    offer = offer_factory(workshop, capacity=1, mode=Mode.SERIES)
    assert enrol(offer, next_session, "lluna").occurrence is None
    assert enrol(offer, next_session, "sol").status == Status.WAITING


def test_contact_needs_consent_and_expires_after_the_session(workshop, next_session, offer_factory):
    offer = offer_factory(workshop)
    with pytest.raises(services.EnrollmentError) as error:
        enrol(offer, next_session, "lluna", contact="+34 600 000 000")
    assert error.value.field == "consent"
    with pytest.raises(services.EnrollmentError):
        enrol(offer, next_session, "lluna", contact="not a contact!", consent=True)
    enrollment = enrol(offer, next_session, "lluna", contact="+34 600 000 000", consent=True)
    assert enrollment.contact_expires_at == next_session.end

    assert services.contacts_purge(now=next_session.end - dt.timedelta(minutes=1)) == 0
    assert services.contacts_purge(now=next_session.end + dt.timedelta(minutes=1)) == 1
    enrollment.refresh_from_db()
    assert enrollment.contact == ""


def test_reminders_are_emailed_once_to_those_who_asked(workshop, next_session, offer_factory, settings):
    settings.SAFESPACE_PUBLIC_URL = "http://localhost:8104"
    offer = offer_factory(workshop)
    enrol(offer, next_session, "lluna", contact="lluna@example.org", consent=True)
    enrol(offer, next_session, "sol", contact="+34 600 000 000", consent=True)
    enrol(offer, next_session, "mar")
    now = next_session.start - dt.timedelta(hours=2)
    assert services.reminders_send(now=now) == 1
    assert mail.outbox[0].to == ["lluna@example.org"]
    token = Enrollment.objects.get(code="lluna").token
    assert f"http://localhost:8104/ca/plugins/enrollment/cancel/{token}/" in mail.outbox[0].body
    assert services.reminders_send(now=now) == 0


def test_old_enrollments_become_counts_without_codes(workshop, next_session, offer_factory):
    offer = offer_factory(workshop, capacity=1)
    enrol(offer, next_session, "lluna")
    enrol(offer, next_session, "sol")
    later = next_session.end + dt.timedelta(days=91)
    assert services.enrollments_purge(now=later - dt.timedelta(days=2), keep_days=90) == 0
    assert services.enrollments_purge(now=later, keep_days=90) == 2
    assert Enrollment.objects.count() == 0
    tally = EnrollmentTally.objects.get()
    assert (tally.confirmed, tally.waiting, tally.cancelled) == (1, 1, 0)
    assert tally.activity_key == workshop.translation_key
    assert tally.session_start == next_session.original_start


def test_erasing_a_code_removes_all_its_records(workshop, next_session, offer_factory):
    offer = offer_factory(workshop)
    enrol(offer, next_session, "lluna")
    enrol(offer, next_session, "sol")
    assert services.code_erase(code="LLUNA") == 1
    assert list(Enrollment.objects.values_list("code", flat=True)) == ["sol"]


def test_suggested_codes_are_valid_and_varied():
    codes = {services.code_suggest() for _ in range(20)}
    assert len(codes) > 10
    for code in codes:
        assert services.code_validate(code) == code


@pytest.mark.clock
def test_old_enrollments_go_by_local_days_whatever_the_hour_it_runs(workshop, next_session, offer_factory):
    """Kept through the session's local day and ``keep_days`` more: the purge
    at 23:30 on the last day keeps them, the one at 00:30 the next day folds them."""
    enrol(offer_factory(workshop), next_session, "lluna")
    ended = next_session.end.astimezone(recurrence.local_zone()).date()
    for day, hhmm, folded in ((90, "00:30", 0), (90, "23:30", 0), (91, "00:30", 1)):
        with time_machine.travel(local(ended + dt.timedelta(days=day), hhmm), tick=False):
            assert services.enrollments_purge(keep_days=90) == folded, (day, hhmm)
