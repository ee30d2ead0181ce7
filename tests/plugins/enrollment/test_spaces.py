"""An offer belongs to its activity's space (plugins/api/sites.py), not to the default one."""

import pytest

from tests.agenda.conftest import second_space_agenda_page  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda_page(second_space_agenda_page):  # noqa: F811 (the activities are the second space's)
    return second_space_agenda_page


def test_an_offer_takes_its_activitys_space_not_the_default_one(workshop, offer_factory, second_space):
    from plugins.enrollment.models import Offer

    offer = offer_factory(workshop)
    assert offer.site == second_space
    assert Offer.objects.for_site(second_space).get() == offer
