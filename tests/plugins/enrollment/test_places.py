"""An activity has one number of places: its page's "Places", which sign-up enforces (issue 14)."""

import pytest

from agenda.models import ActivityPage
from plugins.enrollment import selectors, services
from plugins.enrollment.models import Offer, Status
from safespace import roles

from .conftest import enrollment_on, next_session, offer_factory, workshop  # noqa: F401

pytestmark = pytest.mark.django_db


def _enrol(offer, session, code):
    from agenda.services import occurrence_persist

    row = occurrence_persist(event=session.event, original_start=session.original_start)
    return services.enrollment_create(offer=offer, occurrence=row, session_start=session.start,
                                      session_end=session.end, code=code, by_staff=True)


def test_the_offer_form_edits_the_places_of_the_activity_page_in_every_language(
        client, enrollment_on, user_factory, workshop, locales):
    spanish = workshop.copy_for_translation(locales["es"], copy_parents=True)
    spanish.save_revision().publish()
    workshop.capacity = 6
    workshop.save_revision().publish()
    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    form = client.get(f"/admin/enrollment/offers/new/?activity={workshop.translation_key}").content.decode()
    assert 'name="capacity" value="6"' in form  # starts from the page's number
    response = client.post("/admin/enrollment/offers/new/", {
        "activity": str(workshop.translation_key), "mode": "occurrence", "capacity": "12", "opens_days_before": "7",
        "closes_minutes_before": "0", "waiting_list": "on", "active": "on"})
    assert response.status_code == 302
    pages = ActivityPage.objects.filter(translation_key=workshop.translation_key)
    assert sorted(p.capacity for p in pages) == [12, 12]
    assert all(p.get_latest_revision_as_object().capacity == 12 for p in pages)  # the next edit keeps it
    assert Offer.objects.get().capacity == 12


def test_the_page_s_places_are_what_sign_up_enforces(workshop, next_session, offer_factory):
    offer = offer_factory(workshop, capacity=2)
    workshop.refresh_from_db()
    assert workshop.capacity == 2
    workshop.capacity = 1
    workshop.save_revision().publish()
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.capacity == 1
    assert _enrol(offer, next_session, "lluna").status == Status.CONFIRMED
    assert _enrol(offer, next_session, "sol").status == Status.WAITING
    places = selectors.places_for(offer=offer, occurrence=next_session, session_start=next_session.start)
    assert (places.capacity, places.left) == (1, 0)


def test_the_activity_page_shows_the_same_number_as_sign_up(client, enrollment_on, workshop, offer_factory):
    offer_factory(workshop, capacity=7)
    html = client.get(workshop.url).content.decode()
    assert "<dd>7</dd>" in html
