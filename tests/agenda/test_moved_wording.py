"""A moved session says, in one sentence, where and when it was planned (issue 14)."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from agenda import selectors
from tests.agenda.conftest import weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def moved(make_activity, rooms):
    page = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])], changes=[
        {"kind": "move", "original_date": dt.date(2026, 3, 24), "new_date": dt.date(2026, 3, 25),
         "new_room": rooms["kitchen"], "reason": "El taller es fa a la cuina."},
        {"kind": "move", "original_date": dt.date(2026, 3, 10), "new_start_time": dt.time(19), "new_end_time": dt.time(21)},
        {"kind": "move", "original_date": dt.date(2026, 3, 17), "new_room": rooms["kitchen"]},
    ])
    found = selectors.occurrences_between(start=selectors.local_midnight(dt.date(2026, 3, 9)),
                                          end=selectors.local_midnight(dt.date(2026, 3, 27)), language="ca",
                                          activity_key=page.translation_key)
    return {o.original_start.date(): o for o in found if o.moved}


def item(occ, language):
    with translation.override(language):
        return " ".join(render_to_string("agenda/includes/occurrence_item.html", {"occ": occ}).split())


def test_each_kind_of_move_reads_as_one_sentence(moved):
    assert "It was planned in Sala gran on Tuesday 24 March, 18:00." in item(moved[dt.date(2026, 3, 24)], "en")
    assert "It was planned for Tuesday 10 March, 18:00." in item(moved[dt.date(2026, 3, 10)], "en")
    assert "It was planned in Sala gran." in item(moved[dt.date(2026, 3, 17)], "en")
    for occ in moved.values():
        assert "instead of" not in item(occ, "en") and "not in" not in item(occ, "en")


def test_the_session_page_says_the_same(moved, client):
    occ = moved[dt.date(2026, 3, 24)]
    with translation.override("en"):
        expected = " ".join(render_to_string("agenda/includes/moved_from.html", {"occ": occ}).split())
    assert expected.startswith("It was planned in Sala gran on")
    page = " ".join(client.get(occ.url, HTTP_ACCEPT_LANGUAGE="ca").content.decode().split())
    with translation.override("ca"):
        catalan = " ".join(render_to_string("agenda/includes/moved_from.html", {"occ": occ}).split())
    assert catalan in page


def test_catalan_and_spanish_read_well(moved):
    """Needs locale/pending/agendaux.{ca,es}.po compiled in."""
    occ = moved[dt.date(2026, 3, 24)]
    assert "Abans era a Sala gran el dimarts 24 de març, 18:00." in item(occ, "ca")
    assert "Antes era en Sala gran el martes 24 de marzo, 18:00." in item(occ, "es")
