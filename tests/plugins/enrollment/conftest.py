import datetime as dt

import pytest
from django.utils import timezone

from agenda.selectors import activity_upcoming
from plugins.enrollment.models import Mode, Offer
from plugins.models import SitePlugins
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401


@pytest.fixture
def enrollment_on(site):
    setting = SitePlugins.for_site(site)
    setting.enabled = ["enrollment"]
    setting.save()
    return setting


@pytest.fixture
def workshop(make_activity):
    """A weekly workshop whose next session is tomorrow at 18:00."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return make_activity("Serigrafia", slots=[weekly(tomorrow, [tomorrow.weekday()])])


@pytest.fixture
def offer_factory():
    def make(activity, **fields):
        from plugins.enrollment.services import offer_save

        capacity = fields.pop("capacity", 2)
        fields.setdefault("mode", Mode.OCCURRENCE)
        offer = Offer(activity_key=activity.translation_key, **fields)
        offer.capacity = capacity  # the activity's places (its page's "Places")
        offer_save(offer=offer)
        return offer

    return make


@pytest.fixture
def next_session(workshop):
    return activity_upcoming(page=workshop, limit=1)[0]


@pytest.fixture
def signed_up(workshop, next_session, offer_factory):
    """Two participants signed up for the next session: "lluna" with a contact, "sol" without."""
    from agenda.services import occurrence_persist
    from plugins.enrollment import services as enrollment

    offer = offer_factory(workshop, capacity=5)
    row = occurrence_persist(event=next_session.event, original_start=next_session.original_start)
    for code, contact in (("lluna", "+34 600 000 000"), ("sol", "")):
        enrollment.enrollment_create(
            offer=offer, occurrence=row, session_start=next_session.start, session_end=next_session.end,
            code=code, contact=contact, consent=bool(contact),
        )
    return next_session
