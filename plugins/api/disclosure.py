"""The one disclosure rule for every figure that leaves the building.

Every count about people that is shown to the public or handed to funders
(the impact page, the funders' printable reports, every CSV or JSON export
meant for outside, places left on public pages, the screen and the JSON
endpoint) goes through this module. The rule, all of it:

1. **Fixed periods that have ended and settled.** External figures cover
   whole calendar months (a quarter or a year is only a list of months, each
   shown on its own: no figure adds months together unless every month in it
   is shown). A month is published only once it has *settled*:
   ``settle_days()`` days after it ended (``DISCLOSURE_SETTLE_DAYS``, 8 by
   default, or longer if a plugin declares that its counts change for longer,
   as service counts do with late taps and undos). So the current month is
   never published, and a figure, once out, never changes: two visits a day
   apart, or reports printed on the 1st and the 9th, show the same numbers.
   An external export takes no start and end: the period is picked from
   ``allowed_months()`` / ``allowed_periods()``; anything else is refused.

2. **Small cells and complementary suppression.** A count below the
   threshold ``t`` (``DISCLOSURE_THRESHOLD``, 5 by default, never below 3) is
   shown as "fewer than t". **Zero is a small cell like any other** (it is
   "fewer than t" too): a published 0 next to a "fewer than t" would let a
   reader narrow the small ones, and "fewer than t" then always means
   anything from 0 to t-1. The only exception is a period in which nothing at
   all was recorded (no attendance sheet, no service count): it says "no
   data", which is a fact about the organisation's records, not about people.
   The two old modules disagreed here (attendance published zeros, service
   counts hid them); service counts' rule wins because it is the one under
   which "fewer than t" can keep its full meaning.

   Figures are published as a *tree* per month: a total is the sum of its
   rows, a row the sum of its sub-rows (month -> category -> activity). A
   reader who knows this rule knows: a shown figure exactly, a "fewer than t"
   one is in [0, t-1], a withheld one ("not shown", to protect a smaller one)
   is at least t, and every total is the sum of its rows. ``bounds()`` works
   out exactly what such a reader can tell about every figure, over all the
   published groups together (for a tree, interval arithmetic up and down the
   tree is exact). ``protect()`` hides more figures until every small cell
   can still be anything from 0 to t-1, trying the smallest shown
   neighbours first (never the largest figure of a group: where only it
   could protect, the total is withheld instead, since the total would then
   say no more than that figure does), then the total, then the totals
   above it. Where the labels alone already tell a little (two cells "fewer
   than 5" under a withheld total of at least 5 are each at least 1), the
   small cell must still never be pinned: at least two values stay possible.
   A figure withheld to protect another says so in words.

   Figures that are not sums (distinct participants) are shown only beside
   a shown total, and the whole-space one only when every row's is shown, so
   they tell nothing about a hidden cell.

3. **Places left** are shown only for sessions that have not started
   (``places_visible()``): after the start, capacity minus places left would
   be the exact number of people signed up.

4. **Erasure and retention keep published figures.** When personal data
   goes, by a participant's erasure (``safespace.signals.participant_erase``)
   or by a retention rule (``safespace.signals.retention_apply``), no figure
   of a month already published moves, at any grouping: two publications,
   one before and one after, would otherwise differ by exactly the people
   whose data went, a count below the threshold. Retention is the sneakier
   one: it runs daily and takes a month a day at a time, so a figure counted
   from what is left would tell, day by day, how many people came last on
   each day. A plugin keeps, for months that have settled
   (``month_settled()``), the anonymous counts its figures are made of, and
   never holds personal data back to do so, not even renamed (which
   sessions someone came to can point at them): attendance keeps sheet
   counts per session and never counts a settled month's sheets again, and
   freezes a month's distinct participants (counts, no code) before the
   first of its codes goes, by retention or by erasure. Months not yet
   published simply lose the rows (and their counts follow).

The brute-force reader in tests/plugins/api/test_disclosure.py tries every
assignment of the hidden figures against everything every surface publishes
for every allowed period, and checks that no small cell is pinned.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

SHOWN = "shown"
FEWER = "fewer"  # below the threshold (primary)
WITHHELD = "withheld"  # at least the threshold, hidden to protect a small one (complementary)
UNPUBLISHED = "unpublished"  # a sum the reader knows exists but that is not published at all

INF = math.inf
MIN_THRESHOLD = 3  # below 3, "fewer than t" under a total of at least t pins the cells
SETTLE_DAYS = 8  # late taps, undos and sheet corrections: how long a month's counts keep moving
MAX_COMBINATION = 3  # neighbours tried together as complementary cells


def threshold() -> int:
    return max(int(getattr(settings, "DISCLOSURE_THRESHOLD", 5)), MIN_THRESHOLD)


def settle_days() -> int:
    """Days after a month ends before it is published: the setting, or longer if an app's counts move longer.

    An app declares ``disclosure_settle_days`` on its AppConfig (an int, or a
    callable returning one) when its counts can change for longer than that.
    """
    days = int(getattr(settings, "DISCLOSURE_SETTLE_DAYS", SETTLE_DAYS))
    for config in apps.get_app_configs():
        declared = getattr(config, "disclosure_settle_days", None)
        if callable(declared):
            declared = declared()
        if declared is not None:
            days = max(days, int(declared))
    return days


# --- Periods -------------------------------------------------------------------


def month_add(month: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``month``'s (before, if negative)."""
    return month.replace(day=1) + relativedelta(months=n)


def month_settled(month: dt.date, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return today >= month_add(month.replace(day=1), 1) + dt.timedelta(days=settle_days())


def settled_months(*, count: int, today: dt.date | None = None) -> list[dt.date]:
    """The last ``count`` months that may be published, newest first."""
    today = today or timezone.localdate()
    last = month_add(today.replace(day=1), -1)
    while not month_settled(last, today=today):
        last = month_add(last, -1)
    return [month_add(last, -n) for n in range(count)]


ALLOWED_MONTHS = 24  # how far back an external export reaches


def allowed_months(*, today: dt.date | None = None) -> list[dt.date]:
    return settled_months(count=ALLOWED_MONTHS, today=today)


def month_pick(value: str | None, *, today: dt.date | None = None) -> dt.date:
    """The month ``YYYY-MM`` if it may be published, else ValueError with a message for the user.

    Empty: the latest month that may be published.
    """
    allowed = allowed_months(today=today)
    if not value:
        return allowed[0]
    try:
        month = dt.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        raise ValueError(_("Choose a month from the list.")) from None
    if month not in allowed:
        raise ValueError(_("Figures for outside cover whole months that have ended and settled: choose one from the list."))
    return month


@dataclass(frozen=True)
class Period:
    code: str  # "2026-10", "2026-Q3", "2026"
    label: str
    months: tuple[dt.date, ...]  # oldest first


def allowed_periods(*, today: dt.date | None = None) -> list[Period]:
    """Months, quarters and years whose every month may be published, newest first within each kind."""
    months = allowed_months(today=today)
    settled = set(months)
    periods = [Period(m.strftime("%Y-%m"), formats.date_format(m, "YEAR_MONTH_FORMAT"), (m,)) for m in months[:12]]
    years = sorted({m.year for m in months}, reverse=True)
    for year in years:
        for quarter in (4, 3, 2, 1):
            qm = tuple(dt.date(year, 3 * quarter - 2 + i, 1) for i in range(3))
            if all(m in settled for m in qm):
                periods.append(Period(f"{year}-Q{quarter}", _("%(year)d, quarter %(q)d") % {"year": year, "q": quarter}, qm))
    for year in years:
        ym = tuple(dt.date(year, i, 1) for i in range(1, 13))
        if all(m in settled for m in ym):
            periods.append(Period(str(year), str(year), ym))
    return periods


def period_pick(value: str | None, *, today: dt.date | None = None) -> Period:
    """The allowed period with this code (empty: the latest quarter, or the latest month), else ValueError."""
    periods = allowed_periods(today=today)
    if not value:
        quarters = [p for p in periods if "-Q" in p.code]
        return quarters[0] if quarters else periods[0]
    for period in periods:
        if period.code == value:
            return period
    raise ValueError(_("Figures for outside cover whole months, quarters or years that have ended and settled: choose one from the list."))


# --- Small cells -------------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """A published figure: a count, and the rows it is the sum of (if any)."""

    value: int
    key: Any = None
    children: list[Node] = field(default_factory=list)
    published: bool = True
    state: str = SHOWN
    parent: Node | None = field(default=None, repr=False)

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


def tree(value_rows: dict, *, published_total: bool = True, key=None) -> Node:
    """A tree from nested dicts ``{key: int | dict}``; each dict's total is its sum."""
    root = Node(0, key=key, published=published_total)
    for k, v in value_rows.items():
        root.add(tree(v, key=k) if isinstance(v, dict) else Node(int(v), key=k))
    if root.children:
        root.value = sum(c.value for c in root.children)
    return root


def _domain(node: Node, t: int) -> tuple[float, float]:
    if node.state == SHOWN:
        return node.value, node.value
    if node.state == FEWER:
        return 0, t - 1
    if node.state == WITHHELD:
        return t, INF
    return 0, INF


def bounds(root: Node, t: int) -> dict[Node, tuple[float, float]]:
    """What a reader who knows this rule can tell about every figure: [least, most] (exact on a tree)."""
    up: dict[Node, tuple[float, float]] = {}

    def rise(node: Node) -> tuple[float, float]:
        lo, hi = _domain(node, t)
        if node.children:
            sums = [rise(c) for c in node.children]
            lo, hi = max(lo, sum(s[0] for s in sums)), min(hi, sum(s[1] for s in sums))
        up[node] = (lo, hi)
        return lo, hi

    rise(root)
    result = {root: up[root]}
    stack = [root]
    while stack:
        node = stack.pop()
        plo, phi = result[node]
        for child in node.children:
            others = [up[s] for s in node.children if s is not child]
            olo, ohi = sum(o[0] for o in others), sum(o[1] for o in others)
            clo, chi = up[child]
            result[child] = (max(clo, plo - ohi), min(chi, phi - olo))
            stack.append(child)
    return result


def _full(node: Node, root: Node, t: int) -> bool:
    return bounds(root, t)[node] == (0, t - 1)


def pinned(root: Node, t: int) -> list[Node]:
    """Small cells whose value a reader could tell exactly."""
    b = bounds(root, t)
    return [n for n in root.walk() if n.state == FEWER and b[n][1] - b[n][0] < 1]


def protect(root: Node, t: int | None = None) -> Node:
    """Set every figure's state under the rule (see the module docstring); returns ``root``."""
    t = threshold() if t is None else t
    nodes = list(root.walk())
    for node in nodes:
        node.state = UNPUBLISHED if not node.published else FEWER if node.value < t else SHOWN
    for node in nodes:
        if node.state == FEWER:
            _shield(node, root, t)
    if pinned(root, t):  # never reached on a tree with t >= 3; a last resort all the same
        for node in nodes:
            if node.children and node.state == SHOWN:
                node.state = WITHHELD
    return root


def _shield(node: Node, root: Node, t: int) -> None:
    target = node
    while not _full(node, root, t) and target.parent is not None:
        parent = target.parent
        group = parent.children
        largest = max(group, key=lambda n: n.value)
        candidates = sorted((s for s in group if s is not target and s is not largest and s.state == SHOWN),
                            key=lambda n: n.value)
        for size in range(1, min(len(candidates), MAX_COMBINATION) + 1):
            for chosen in combinations(candidates, size):  # the smallest cells first: hide as little as we can
                for c in chosen:
                    c.state = WITHHELD
                if _full(node, root, t):
                    return
                for c in chosen:
                    c.state = SHOWN
        if parent.state == SHOWN:
            parent.state = WITHHELD
        target = parent


def across(roots: dict, *, key: Any = "network", t: int | None = None) -> Node:
    """One tree over several spaces: the network's figure is the sum of each space's ``root``, and
    ``protect()`` runs on all of it, so that no space's small cell can be pinned from the network's figure
    and the other spaces' published ones. Each space then publishes the states of its own subtree.
    A space without data (None) adds nothing and is left out."""
    network = Node(0, key=key)
    for space_key, root in roots.items():
        if root is None:
            continue
        root.parent = None
        network.add(root)
        if root.key is None:
            root.key = space_key
    network.value = sum(c.value for c in network.children)
    return protect(network, t)


# --- The old one-group interface -------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int
    state: str = SHOWN

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


def suppress_group(values: list[int], t: int | None = None, *, with_total: bool = True) -> tuple[list[Cell], Cell | None]:
    """One group of counts and their total, as they may be published (total None when ``with_total`` is False)."""
    t = threshold() if t is None else t
    root = tree(dict(enumerate(values)), published_total=with_total and len(values) > 1)
    protect(root, t)
    cells = [Cell(n.value, n.state) for n in root.children]
    return cells, (Cell(root.value, root.state) if root.published else None)


# --- Words ---------------------------------------------------------------------------


def fewer_text(t: int | None = None) -> str:
    return _("fewer than %(n)d") % {"n": threshold() if t is None else t}


def shown_text(state: str, value: int, t: int | None = None) -> str | int:
    """What a published figure reads: the number, "fewer than t", or "not shown"."""
    if state == SHOWN:
        return value
    if state == FEWER:
        return fewer_text(t)
    return _("not shown")


def withheld_note(*, total: bool = False) -> str:
    if total:
        return _("Not shown, so that the small numbers in it cannot be worked out.")
    return _("Not shown, so that a smaller number next to it cannot be worked out.")


def no_data_text() -> str:
    return _("no data")


# --- Places left ---------------------------------------------------------------------


def places_visible(start: dt.datetime, *, now: dt.datetime | None = None) -> bool:
    """Places left may be shown only before a session starts."""
    return (now or timezone.now()) < start
