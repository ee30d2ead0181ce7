"""The one disclosure rule, against a brute-force reader.

``reader`` knows the rule and the structure (which rows add up to which
total), and everything published: it tries every assignment of the hidden
figures, over all the groups of a month together (not one group at a
time), and collects what each small cell could be. It shares no code with
``bounds()``, which the module uses to decide what to hide.
"""

import datetime as dt
import itertools
import random

import pytest

from plugins.api import disclosure
from plugins.api.disclosure import FEWER, SHOWN, UNPUBLISHED, WITHHELD, Node, protect, suppress_group, tree

from .reader import old_reader

T = 5


def reader(root: Node, t: int, cap: int) -> dict[Node, set[int]]:
    """Every value each small figure can take, given all that is published; hidden leaves up to ``cap``."""
    leaves = [n for n in root.walk() if not n.children]
    hidden = [n for n in leaves if n.state != SHOWN]
    domains = [range(0, t) if n.state == FEWER else range(t, cap + 1) if n.state == WITHHELD else range(0, cap + 1)
               for n in hidden]
    internal = [n for n in root.walk() if n.children]
    internal.reverse()  # children before parents
    possible = {n: set() for n in root.walk() if n.state == FEWER}
    for combo in itertools.product(*domains):
        value = {n: n.value for n in leaves if n.state == SHOWN}
        value.update(zip(hidden, combo))
        ok = True
        for n in internal:
            s = value[n] = sum(value[c] for c in n.children)
            if (n.state == SHOWN and s != n.value) or (n.state == FEWER and s >= t) or (n.state == WITHHELD and s < t):
                ok = False
                break
        if ok:
            for n in possible:
                possible[n].add(value[n])
    return possible


def check(root: Node, t: int = T, cap: int | None = None, full: bool = False) -> dict[Node, set[int]]:
    protect(root, t)
    for n in root.walk():
        if n.published:
            assert (n.state == FEWER) == (n.value < t), n
        else:
            assert n.state == UNPUBLISHED
    cap = cap if cap is not None else sum(n.value for n in root.walk() if not n.children) + t
    seen = reader(root, t, cap)
    for n, values in seen.items():
        assert n.value in values
        assert len(values) >= 2, f"{n.key}={n.value} pinned to {values}"
        if full:
            assert values == set(range(t)), f"{n.key}={n.value} could only be {sorted(values)}"
    return seen


# --- One group (the rule service counts had) ---------------------------------------


def check_group(values, t=T):
    cells, total = suppress_group(values, t)
    assert [c.value for c in cells] == values
    for c, v in zip(cells, values):
        assert (c.state == FEWER) == (v < t), (values, cells)
        if c.shown:
            assert c.value >= t
    if total is not None and total.state == SHOWN:
        assert total.value == sum(values) and total.value >= t
    for i, seen in old_reader(cells, total, t).items():
        assert seen == set(range(t)), f"{values}: cell {i} ({values[i]}) could only be {sorted(seen)}; {cells} {total}"
    check(tree(dict(enumerate(values))), t)  # and the stricter reader: never pinned
    return cells, total


@pytest.mark.parametrize("n", [2, 3])
def test_every_small_group_protects_its_small_cells(n):
    for values in itertools.product(range(0, 13), repeat=n):
        check_group(list(values))


def test_random_larger_groups_protect_their_small_cells():
    rng = random.Random(9)
    for _ in range(150):
        n = rng.randint(4, 5)
        values = [rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 11, 30]) for _ in range(n)]
        check_group(values)


def test_a_second_cell_is_withheld_where_the_total_would_give_one_away():
    cells, total = check_group([40, 12, 6, 2])
    # the 6 would not do: knowing it is at least 5, the 2 could only be 0 to 3
    assert [c.state for c in cells] == [SHOWN, WITHHELD, SHOWN, FEWER]
    assert total.state == SHOWN and total.value == 60


def test_the_total_is_withheld_when_no_cell_can_protect():
    cells, total = check_group([5, 1])
    assert [c.state for c in cells] == [SHOWN, FEWER] and total.state == WITHHELD


def test_the_largest_figure_stays_and_the_total_goes_instead():
    """Harm-reduction kits (334) beside naloxone kits (3): the 334 is what readers look for."""
    cells, total = check_group([334, 3])
    assert [c.state for c in cells] == [SHOWN, FEWER] and total.state == WITHHELD


def test_nothing_is_hidden_when_nothing_is_small():
    cells, total = check_group([7, 5, 30])
    assert all(c.shown for c in cells) and total.state == SHOWN


def test_without_a_total_only_small_cells_are_hidden():
    cells, total = suppress_group([3, 9], T, with_total=False)
    assert [c.state for c in cells] == [FEWER, SHOWN] and total is None


def test_zero_is_a_small_cell_like_any_other():
    """The attendance rule published zeros; under the one rule a zero is "fewer than t" too."""
    cells, total = check_group([12, 3, 0, 7])
    # 3 and 0 alone under the total would read as 3 between them: the 7 goes too
    assert [c.state for c in cells] == [SHOWN, FEWER, FEWER, WITHHELD] and total.state == SHOWN
    cells, total = check_group([12, 5, 0])
    assert [c.state for c in cells] == [SHOWN, SHOWN, FEWER] and total.state == WITHHELD  # a withheld 5 would pin the 0


def test_the_threshold_is_never_below_three(settings):
    settings.DISCLOSURE_THRESHOLD = 1
    assert disclosure.threshold() == 3
    settings.DISCLOSURE_THRESHOLD = 10
    assert disclosure.threshold() == 10


# --- Many groups together --------------------------------------------------------------


def random_month(rng, t):
    """A month: whole space -> categories -> activities, some small, some zero."""
    pick = lambda: rng.choice([0, 1, 2, t - 1, t, t + 1, 2 * t, 3 * t])  # noqa: E731
    return {f"c{c}": {f"a{c}{a}": pick() for a in range(rng.randint(1, 3))} for c in range(rng.randint(1, 3))}


def test_a_whole_tree_never_pins_a_small_cell_under_the_brute_force_reader():
    rng = random.Random(15)
    for _round in range(250):
        t = rng.choice([3, 5])
        root = tree(random_month(rng, t), published_total=rng.random() < 0.8)
        if sum(1 for _ in root.walk()) > 9:
            continue
        check(root, t, cap=3 * t + 1)


def test_bounds_are_exactly_what_the_reader_finds():
    """The interval arithmetic the module decides with agrees with brute force (on the small cells)."""
    rng = random.Random(27)
    for _round in range(150):
        t = 3
        root = tree(random_month(rng, t))
        if sum(1 for _ in root.walk()) > 8:
            continue
        protect(root, t)
        cap = 40
        seen = reader(root, t, cap)
        b = disclosure.bounds(root, t)
        for n, values in seen.items():
            assert (min(values), max(values)) == b[n], (n.key, n.value, values, b[n])


def test_a_category_total_and_its_activities_are_protected_together():
    """One group at a time, C = 13 shown and B = 10 shown would each look fine; together they give A = 3."""
    root = tree({"C": {"A": 3, "B": 10}, "D": {"E": 20}})
    check(root)
    c = root.children[0]
    assert c.children[0].state == FEWER
    assert not (c.shown and c.children[1].shown)


# --- Periods ----------------------------------------------------------------------------


@pytest.mark.clock
def test_a_month_is_published_only_once_it_has_settled(settings):
    settings.DISCLOSURE_SETTLE_DAYS = 8
    days = disclosure.settle_days()
    october = dt.date(2026, 10, 1)
    assert not disclosure.month_settled(october, today=dt.date(2026, 10, 31))
    assert not disclosure.month_settled(october, today=dt.date(2026, 11, 1))
    assert disclosure.month_settled(october, today=dt.date(2026, 11, 1) + dt.timedelta(days=days))
    assert not disclosure.month_settled(october, today=dt.date(2026, 11, 1) + dt.timedelta(days=days - 1))
    assert days >= 8


@pytest.mark.clock
def test_the_current_month_is_never_allowed_and_periods_come_from_a_list():
    today = dt.date(2026, 11, 27)
    months = disclosure.allowed_months(today=today)
    assert dt.date(2026, 11, 1) not in months
    assert all(disclosure.month_settled(m, today=today) for m in months)
    assert disclosure.month_pick("", today=today) == months[0]
    for bad in ("2026-11", "2026-13", "yesterday", "2026-10-01", "0000-01", "9999-12"):
        with pytest.raises(ValueError):
            disclosure.month_pick(bad, today=today)
    codes = [p.code for p in disclosure.allowed_periods(today=today)]
    assert "2026-Q3" in codes and "2025" in codes and "2026" not in codes and "2026-Q4" not in codes
    q3 = disclosure.period_pick("2026-Q3", today=today)
    assert q3.months == (dt.date(2026, 7, 1), dt.date(2026, 8, 1), dt.date(2026, 9, 1))
    with pytest.raises(ValueError):
        disclosure.period_pick("2026-Q4", today=today)


def test_places_are_visible_only_before_the_start():
    start = dt.datetime(2026, 11, 27, 18, tzinfo=dt.UTC)
    assert disclosure.places_visible(start, now=start - dt.timedelta(seconds=1))
    assert not disclosure.places_visible(start, now=start)
    assert not disclosure.places_visible(start, now=start + dt.timedelta(hours=3))
