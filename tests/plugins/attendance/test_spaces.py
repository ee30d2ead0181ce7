"""A sheet belongs to its activity's space (plugins/api/sites.py), whoever creates it and from where."""

import pytest

from plugins.api import sites
from tests.agenda.conftest import second_space_agenda_page  # noqa: F401

from .conftest import sessions_of, sheet_of

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def agenda_page(second_space_agenda_page):  # noqa: F811 (the activities are the second space's)
    return second_space_agenda_page


def test_a_sheet_takes_its_activitys_space_not_the_default_one(workshop, second_space, site):
    first, second = sessions_of(workshop)[-2:]
    assert sheet_of(workshop, first).site == second_space  # outside a request: no scope
    with sites.scope(site):  # in a request at the default space's address
        sheet = sheet_of(workshop, second)
    assert sheet.site == second_space
