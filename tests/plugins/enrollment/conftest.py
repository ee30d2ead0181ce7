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
        fields.setdefault("capacity", 2)
        fields.setdefault("mode", Mode.OCCURRENCE)
        return Offer.objects.create(activity_key=activity.translation_key, **fields)

    return make


@pytest.fixture
def next_session(workshop):
    return activity_upcoming(page=workshop, limit=1)[0]
