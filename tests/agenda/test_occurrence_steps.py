"""The three steps of ``occurrences_between``: read the window, expand the
rules, apply the changes. Only the first reads the database."""

import datetime as dt

import pytest

from agenda import selectors
from agenda.selectors import AgendaFilters, changes_apply, rules_expand, window_read
from tests.agenda.conftest import local, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MARCH = {"start": local(2026, 3, 1), "end": local(2026, 4, 1), "language": "ca"}
TUESDAYS = [3, 10, 17, 24, 31]


@pytest.fixture
def sewing(make_activity):
    """Tuesdays 18-20 in March: the 17th cancelled, the 24th at 19, the 31st moved out to 7 April,
    and the 7 April session moved in to 30 March."""
    return make_activity("Costura", slots=[weekly(dt.date(2026, 3, 3), [1])], changes=[
        {"kind": "cancel", "original_date": dt.date(2026, 3, 17), "reason": "Malaltia"},
        {"kind": "move", "original_date": dt.date(2026, 3, 24), "new_start_time": dt.time(19), "new_end_time": dt.time(21)},
        {"kind": "move", "original_date": dt.date(2026, 3, 31), "new_date": dt.date(2026, 4, 7), "new_start_time": dt.time(10), "new_end_time": dt.time(11)},
        {"kind": "move", "original_date": dt.date(2026, 4, 7), "new_date": dt.date(2026, 3, 30)},
    ])


@pytest.fixture
def cooking(make_activity):
    return make_activity("Cuina", slots=[weekly(dt.date(2026, 3, 2), [0])], category="care", room="kitchen")


def test_window_read_holds_the_schedules_changes_and_filtered_activities(sewing, cooking, django_assert_max_num_queries):
    selectors.window_read(**MARCH)  # fills the content cache (categories, rooms, closures)
    with django_assert_max_num_queries(4):
        window = window_read(**MARCH, filters=AgendaFilters(category="creative"))
    assert {e.activity_link.activity_key for e in window.events.values()} == {sewing.translation_key, cooking.translation_key}
    assert set(window.activities) == {sewing.translation_key}
    assert window.activities[sewing.translation_key].page.pk == sewing.pk
    originals = sorted(k[1].astimezone(selectors.recurrence.local_zone()).date() for k in window.changes)
    assert originals == [dt.date(2026, 3, 17), dt.date(2026, 3, 24), dt.date(2026, 3, 31), dt.date(2026, 4, 7)]
    assert window.room_keys is None


def test_window_read_of_an_empty_period_stops_after_the_schedules(sewing, django_assert_num_queries):
    with django_assert_num_queries(2):  # events, persisted occurrences
        window = window_read(start=local(2025, 3, 1), end=local(2025, 4, 1), language="ca")
    assert window.events == {} and window.activities == {}


def test_rules_expand_gives_every_planned_session_without_a_query(sewing, cooking, django_assert_num_queries):
    window = window_read(**MARCH, filters=AgendaFilters(category="creative"))
    with django_assert_num_queries(0):
        expanded = rules_expand(window)
    # Planned, changes not applied yet; cooking is filtered out.
    assert [p.start for p in expanded] == [local(2026, 3, day, 18) for day in TUESDAYS]
    assert [p.end for p in expanded] == [local(2026, 3, day, 20) for day in TUESDAYS]
    assert {p.event.activity_link.activity_key for p in expanded} == {sewing.translation_key}


def test_changes_apply_cancels_moves_and_brings_in_without_a_query(sewing, closure_factory, django_assert_num_queries):
    closure_factory(dt.date(2026, 3, 10), dt.date(2026, 3, 10), reason="Festa")
    window = window_read(**MARCH)
    expanded = rules_expand(window)
    with django_assert_num_queries(0):
        shown = changes_apply(window, expanded)
        live = changes_apply(window, expanded, include_cancelled=False)
    assert [(o.start, o.original_start.date(), o.cancelled, o.moved) for o in shown] == [
        (local(2026, 3, 3, 18), dt.date(2026, 3, 3), False, False),
        (local(2026, 3, 10, 18), dt.date(2026, 3, 10), True, False),   # closed that day
        (local(2026, 3, 17, 18), dt.date(2026, 3, 17), True, False),   # cancelled
        (local(2026, 3, 24, 19), dt.date(2026, 3, 24), False, True),   # an hour later
        (local(2026, 3, 30, 18), dt.date(2026, 4, 7), False, True),    # moved in from April
    ]  # the 31st moved out to April
    assert shown[1].public_reason == "Festa" and shown[2].reason == "Malaltia"
    assert [o.start for o in live] == [local(2026, 3, 3, 18), local(2026, 3, 24, 19), local(2026, 3, 30, 18)]


def test_changes_apply_keeps_only_sessions_in_the_room_asked_for(make_activity, rooms, django_assert_num_queries):
    make_activity("Costura", slots=[weekly(dt.date(2026, 3, 3), [1])], changes=[
        {"kind": "move", "original_date": dt.date(2026, 3, 3), "new_room": rooms["kitchen"]},
    ])
    window = window_read(**MARCH, filters=AgendaFilters(room="kitchen"))
    with django_assert_num_queries(0):
        shown = changes_apply(window, rules_expand(window))
    assert [(o.start, o.room.slug, o.room_moved) for o in shown] == [(local(2026, 3, 3, 18), "kitchen", True)]


def test_the_three_steps_are_occurrences_between(sewing, cooking):
    window = window_read(**MARCH)
    assert changes_apply(window, rules_expand(window)) == selectors.occurrences_between(**MARCH)


def test_window_read_narrows_the_activities_by_category_audience_and_a_whole_language_code(make_activity):
    tuesday = [weekly(dt.date(2026, 3, 3), [1])]
    three = make_activity("Tres", slots=tuesday, languages=["ca", "es", "en"], audience="open")
    spanish = make_activity("Castellà", slots=tuesday, languages=["es"], audience="open")
    last = make_activity("Última", slots=tuesday, languages=["en", "es"], audience="open")
    make_activity("Català", slots=tuesday, languages=["ca"], audience="open")
    make_activity("Participants", slots=tuesday, languages=["es"], audience="participants")
    make_activity("Cura", slots=tuesday, languages=["es"], audience="open", category="care")
    window = window_read(**MARCH, filters=AgendaFilters(language="es", audience="open", category="creative"))
    assert set(window.activities) == {three.translation_key, spanish.translation_key, last.translation_key}


@pytest.mark.parametrize("query, message", [
    ({"audience": "everyone"}, "Unknown audience “everyone”. Use one of: participants, open."),
    ({"language": "tlh", "category": "nope"}, "Unknown language “tlh”."),
    ({"category": "nope"}, "Unknown category “nope”."),
    ({"room": "nowhere"}, "Unknown room “nowhere”."),
    ({"audience": "everyone", "room": "x" * 61}, "The room filter is not valid."),
])
def test_filters_from_query_names_the_filter_that_is_wrong(rooms, categories, query, message):
    with pytest.raises(selectors.FilterError) as error:
        selectors.filters_from_query(query)
    assert str(error.value) == message


def test_filters_from_query_trims_and_keeps_the_known_values(rooms, categories):
    query = {"category": " care ", "room": "kitchen", "audience": "open", "language": "es", "other": "x"}
    assert selectors.filters_from_query(query) == AgendaFilters(category="care", room="kitchen", audience="open", language="es")
