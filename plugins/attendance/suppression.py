"""Small-number suppression for figures that leave the organisation.

A count of people from 1 to ``threshold - 1`` is never published: it is
shown as "fewer than N". Zero is published (it is about nobody).

A total is published only when none of the counts it adds up is suppressed:
otherwise total minus the published counts would give the suppressed one
back (or the sum of the suppressed ones, which is just as small). That is
the simplest rule that provably leaks nothing; secondary suppression of a
second cell would keep totals but needs care (a second cell just above the
threshold, shown as "not shown", can still be solved for).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return max(int(getattr(settings, "ATTENDANCE_PUBLIC_THRESHOLD", 5)), 1)


@dataclass(frozen=True)
class Cell:
    value: int | None  # None: suppressed
    threshold: int

    @property
    def suppressed(self) -> bool:
        return self.value is None


def is_small(value: int, limit: int) -> bool:
    return 0 < value < limit


def cells_suppress(values: list[int], *, limit: int | None = None) -> tuple[list[Cell], Cell | None]:
    """(the cells, the total) for a series of counts; the total is None when it would give a suppressed cell away."""
    limit = threshold() if limit is None else limit
    cells = [Cell(None if is_small(v, limit) else v, limit) for v in values]
    if any(c.suppressed for c in cells):
        return cells, None
    total = sum(values)
    return cells, Cell(None if is_small(total, limit) else total, limit)
