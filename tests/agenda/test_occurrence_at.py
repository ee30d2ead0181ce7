"""``occurrence_at``: one session by its original start, read for that moment only
(every sign-up asks for one), and the same session a period read shows."""

import datetime as dt

import pytest
from django.test import RequestFactory

from agenda import selectors
from agenda.selectors import STAMP_FORMAT, occurrence_at, occurrences_between
from tests.agenda.conftest import local, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def sewing(make_activity, rooms, closure_factory):
    """Tuesdays 18-20 from March: the 17th cancelled, the 24th at 19 in the kitchen, the 31st
    moved out to 7 April, the 7 April session moved in to 30 March, the 14 April one moved
    to 2 June, and the space closed on 10 March."""
    closure_factory(dt.date(2026, 3, 10), dt.date(2026, 3, 10), reason="Festa")
    return make_activity("Costura", slots=[weekly(dt.date(2026, 3, 3), [1])], changes=[
        {"kind": "cancel", "original_date": dt.date(2026, 3, 17), "reason": "Malaltia"},
        {"kind": "move", "original_date": dt.date(2026, 3, 24), "new_start_time": dt.time(19),
         "new_end_time": dt.time(21), "new_room": rooms["kitchen"]},
        {"kind": "move", "original_date": dt.date(2026, 3, 31), "new_date": dt.date(2026, 4, 7),
         "new_start_time": dt.time(10), "new_end_time": dt.time(11)},
        {"kind": "move", "original_date": dt.date(2026, 4, 7), "new_date": dt.date(2026, 3, 30)},
        {"kind": "move", "original_date": dt.date(2026, 4, 14), "new_date": dt.date(2026, 6, 2)},
    ])


def test_each_session_of_a_period_is_the_one_its_stamp_gives(sewing, make_activity):
    make_activity("Cuina", slots=[weekly(dt.date(2026, 3, 2), [0, 1])], category="care", room="kitchen")
    shown = occurrences_between(start=local(2026, 3, 1), end=local(2026, 7, 1), language="ca")
    assert len(shown) > 30
    moved_far = [o for o in shown if o.activity.pk == sewing.pk and o.original_start.date() == dt.date(2026, 4, 14)]
    assert moved_far and moved_far[0].start.date() == dt.date(2026, 6, 2)
    assert any(o.closure for o in shown) and any(o.room_moved for o in shown)
    for occurrence in shown:
        stamp = occurrence.original_start.strftime(STAMP_FORMAT)
        assert occurrence_at(page=occurrence.activity, stamp=stamp) == occurrence, stamp


def test_no_session_at_a_stamp_is_none(sewing):
    for stamp in ("2026-03-03-1700", "2026-03-04-1800", "2026-02-24-1800", "2026-03-03", "1999-03-02-1800"):
        assert occurrence_at(page=sewing, stamp=stamp) is None, stamp


def test_the_session_in_another_language_and_only_for_its_own_space(sewing, locales, second_space):
    spanish = sewing.copy_for_translation(locales["es"], copy_parents=True)
    spanish.title = "Costura (es)"
    spanish.save_revision().publish()
    spanish.refresh_from_db()
    occurrence = occurrence_at(page=spanish, stamp="2026-03-24-1800")
    assert occurrence.activity.pk == spanish.pk and occurrence.start == local(2026, 3, 24, 19)
    # A page that is not live shows its live translation, as a period read does.
    spanish.unpublish()
    assert occurrence_at(page=spanish, stamp="2026-03-24-1800", language="es").activity.pk == sewing.pk
    other_space = RequestFactory().get("/", HTTP_HOST=second_space.hostname)
    assert occurrence_at(page=sewing, stamp="2026-03-24-1800", request=other_space) is None
    assert occurrences_between(start=local(2026, 3, 24), end=local(2026, 3, 25), request=other_space) == []


def test_one_stamp_reads_two_queries_wherever_the_session_moved(sewing, django_assert_max_num_queries):
    """A period read took three (schedules, changes, pages), and for a session moved more than a
    day away twice that; a stamp that is no session, six."""
    occurrence_at(page=sewing, stamp="2026-03-03-1800")  # fills the content cache (categories, rooms, closures)
    for stamp in ("2026-03-03-1800", "2026-03-24-1800", "2026-04-14-1800"):
        with django_assert_max_num_queries(2):
            assert occurrence_at(page=sewing, stamp=stamp) is not None
    with django_assert_max_num_queries(1):
        assert occurrence_at(page=sewing, stamp="2026-03-05-1800") is None
    assert selectors.occurrence_at(page=sewing, stamp="2026-04-14-1800").start == local(2026, 6, 2, 18)
