import datetime as dt
import uuid

import pytest
from django.db.models import Sum
from django.utils import timezone

from plugins.servicecounts import selectors, services
from plugins.servicecounts.models import Count, Indicator, SeenTap

from .conftest import tap, undo

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def total(indicator) -> int:
    return Count.objects.filter(indicator=indicator).aggregate(n=Sum("count"))["n"] or 0


def test_a_tap_counts_once_however_often_it_is_sent(indicator_factory):
    meals = indicator_factory()
    tap_id = uuid.uuid4()
    assert tap(meals, tap_id=tap_id) == "counted"
    assert tap(meals, tap_id=tap_id) == "duplicate"
    assert tap(meals, tap_id=tap_id) == "duplicate"
    tap(meals)
    assert total(meals) == 2
    assert Count.objects.count() == 1  # one row per indicator per hour


def test_counts_go_into_hour_buckets(indicator_factory):
    meals = indicator_factory()
    now = timezone.now()
    tap(meals, at=now - dt.timedelta(hours=3))
    tap(meals, at=now - dt.timedelta(hours=3))
    tap(meals, at=now)
    buckets = dict(Count.objects.values_list("hour", "count"))
    assert buckets == {services.hour_bucket(now - dt.timedelta(hours=3)): 2, services.hour_bucket(now): 1}
    assert all(hour.minute == 0 and hour.second == 0 for hour in buckets)


def test_undo_takes_back_the_tap_once(indicator_factory):
    meals = indicator_factory()
    first = uuid.uuid4()
    tap(meals, tap_id=first)
    tap(meals)
    undo_id = uuid.uuid4()
    assert undo(first, tap_id=undo_id) == "undone"
    assert undo(first, tap_id=undo_id) == "duplicate"
    assert undo(first) == "already_undone"
    assert total(meals) == 1
    # the undone tap sent again still counts for nothing
    assert tap(meals, tap_id=first) == "duplicate"
    assert total(meals) == 1


def test_an_undo_that_arrives_before_its_tap_cancels_it(indicator_factory):
    meals = indicator_factory()
    late = uuid.uuid4()
    assert undo(late) == "undo_first"
    assert total(meals) == 0
    assert tap(meals, tap_id=late) == "duplicate"
    assert total(meals) == 0


def test_undo_goes_back_to_the_hour_of_the_tap(indicator_factory):
    meals = indicator_factory()
    earlier = timezone.now() - dt.timedelta(hours=5)
    first = uuid.uuid4()
    tap(meals, tap_id=first, at=earlier)
    undo(first)
    assert dict(Count.objects.values_list("hour", "count")) == {services.hour_bucket(earlier): 0}


@pytest.mark.parametrize("age, message", [
    (dt.timedelta(days=7, minutes=1), "ja no es pot comptar"),
    (-dt.timedelta(hours=1), "data futura"),
])
def test_taps_outside_the_window_are_refused(indicator_factory, age, message):
    meals = indicator_factory()
    with pytest.raises(services.CountError, match=message):
        tap(meals, at=timezone.now() - age)
    assert total(meals) == 0 and SeenTap.objects.count() == 0


def test_a_retry_can_never_outlive_the_memory_of_its_tap(indicator_factory):
    """Ids are forgotten after 8 days; a tap is refused after 7, so a late retry is refused, not counted twice."""
    meals = indicator_factory()
    tap_id, at = uuid.uuid4(), timezone.now()
    tap(meals, tap_id=tap_id, at=at)
    later = at + dt.timedelta(days=services.seen_tap_days(), minutes=1)
    assert services.seen_taps_prune(now=later) == 1
    with pytest.raises(services.CountError):
        services.tap_record(tap_id=tap_id, at=at, indicator=meals, now=later)
    assert total(meals) == 1


def test_prune_keeps_recent_ids(indicator_factory):
    meals = indicator_factory()
    tap(meals)
    assert services.seen_taps_prune(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert SeenTap.objects.count() == 1


def test_shift_totals_are_the_shifts_own(indicator_factory):
    meals, showers = indicator_factory("Meals"), indicator_factory("Showers")
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    first = uuid.uuid4()
    tap(meals, tap_id=first, shift=mine)
    tap(meals, shift=mine)
    tap(showers, shift=mine)
    tap(meals, shift=theirs)
    undo(first, shift=mine)
    assert selectors.shift_totals(shift=mine) == {meals.pk: 1, showers.pk: 1}
    assert [t.indicator for t in selectors.shift_recent_taps(shift=mine)] == [showers, meals]


def test_a_sheet_counts_once(indicator_factory):
    meals, showers = indicator_factory("Meals"), indicator_factory("Showers")
    sheet_id = uuid.uuid4()
    start = timezone.now() - dt.timedelta(hours=2)
    first = services.sheet_record(sheet_id=sheet_id, start=start, totals={meals: 30, showers: 0})
    again = services.sheet_record(sheet_id=sheet_id, start=start, totals={meals: 30, showers: 0})
    assert first == {"counted": 1, "duplicate": 0} and again == {"counted": 0, "duplicate": 1}
    assert total(meals) == 30 and total(showers) == 0


def test_a_retired_indicator_takes_no_taps(indicator_factory):
    old = indicator_factory(active_until=timezone.localdate() - dt.timedelta(days=30))
    with pytest.raises(services.CountError, match="no es compta"):
        services.tap_parse({"id": str(uuid.uuid4()), "indicator": old.pk, "delta": 1, "at": timezone.now().isoformat()},
                           indicators={old.pk: old})


def test_meaning_is_fixed_once_counted_but_translations_can_be_filled(indicator_factory):
    meals = indicator_factory(unit={"en": "meals"})
    services.indicator_update(indicator=meals, name={"en": "Lunches", "ca": "Dinars"})  # no counts yet: fine
    tap(meals)
    with pytest.raises(services.CountError, match="versió nova"):
        services.indicator_update(indicator=meals, name={"en": "Meals and snacks", "ca": "Dinars"})
    with pytest.raises(services.CountError, match="category"):
        services.indicator_update(indicator=meals, category="other")
    services.indicator_update(indicator=meals, name={"en": "Lunches", "ca": "Dinars", "es": "Almuerzos"},
                              publishable=False, agreed="assembly of May 2026")
    meals.refresh_from_db()
    assert meals.name["es"] == "Almuerzos" and not meals.publishable


def test_a_new_version_retires_the_old_one_and_keeps_its_history(indicator_factory):
    meals = indicator_factory()
    tap(meals)
    starts = timezone.localdate() + dt.timedelta(days=1)
    new = services.indicator_new_version(
        indicator=meals, starts=starts, name={"en": "Meals and snacks"}, agreed="assembly of June 2026",
    )
    meals.refresh_from_db()
    assert meals.active_until == starts - dt.timedelta(days=1)
    assert new.replaces == meals and new.active_from == starts and new.category == meals.category
    assert total(meals) == 1 and total(new) == 0
    assert list(selectors.indicators_active(day=starts)) == [new]
    assert Indicator.objects.count() == 2
