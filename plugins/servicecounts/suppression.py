"""Small-number protection for figures that leave the building.

A *group* is a few counts published side by side with their total (the
indicators of one category in one month). Counts below the threshold ``t``
are shown as "fewer than t" (primary suppression). When the total is shown
too, hiding those cells is not enough: the total minus the shown cells gives
the sum of the hidden ones. So more cells are hidden (complementary
suppression), or, if that cannot protect them, the total is hidden.

The rule, for a group whose total is shown: a reader knows each primary cell
is in [0, t-1], each complementary cell is >= t (it is marked differently),
and the hidden cells add up to ``S`` (total minus shown cells). We choose the
hidden cells so that every primary cell can still be anything in [0, t-1]:

- with complementary cells C: ``S - |C|*t >= t-1`` (a primary cell can reach
  t-1 while the others are at their least) -- its least is then 0, since a
  complementary cell can take up the rest;
- with primary cells only (two or more): ``t-1 <= S <= (|P|-1)*(t-1)``.

Nothing else is published about these cells: no totals over several months
or over categories, so groups never overlap and cannot be differenced.
The tests check this rule against a brute-force reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

SHOWN = "shown"
FEWER = "fewer"  # primary: below the threshold
WITHHELD = "withheld"  # complementary: hidden to protect a small one


@dataclass(frozen=True)
class Cell:
    value: int
    state: str = SHOWN

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


def _protects(values: list[int], primary: set[int], extra: set[int], t: int) -> bool:
    hidden_sum = sum(values[i] for i in primary | extra)
    if extra:
        return hidden_sum - len(extra) * t >= t - 1
    return len(primary) >= 2 and t - 1 <= hidden_sum <= (len(primary) - 1) * (t - 1)


def suppress_group(values: list[int], threshold: int, *, with_total: bool = True) -> tuple[list[Cell], Cell | None]:
    """Return the cells and the total (None when ``with_total`` is False) as they may be published."""
    t = threshold
    primary = {i for i, v in enumerate(values) if v < t}
    total = sum(values)
    if not with_total or len(values) < 2:
        cells = [Cell(v, FEWER if i in primary else SHOWN) for i, v in enumerate(values)]
        return cells, None
    if total < t:
        # Every cell is below the threshold too; "fewer than t" everywhere says nothing more.
        return [Cell(v, FEWER) for v in values], Cell(total, FEWER)
    if not primary:
        return [Cell(v) for v in values], Cell(total)

    others = sorted((i for i in range(len(values)) if i not in primary), key=lambda i: (values[i], i))
    extra: set[int] | None = set() if _protects(values, primary, set(), t) else None
    for size in range(1, len(others) + 1):
        if extra is not None:
            break
        for chosen in combinations(others, size):  # smallest cells first: hide as little as we can
            if _protects(values, primary, set(chosen), t):
                extra = set(chosen)
                break
    if extra is None:
        # Nothing protects the small cells while the total is shown: hide the total.
        return [Cell(v, FEWER if i in primary else SHOWN) for i, v in enumerate(values)], Cell(total, WITHHELD)
    cells = [
        Cell(v, FEWER if i in primary else WITHHELD if i in extra else SHOWN) for i, v in enumerate(values)
    ]
    return cells, Cell(total)
