"""Reads of the service counts plugin: the tally screen, reports and public figures."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from plugins.api import disclosure, network

from .models import Category, Count, Indicator, SeenTap, texts_prefetch

GRAINS = ("day", "week", "month", "year")


def threshold() -> int:
    return disclosure.threshold()


def public_months() -> int:
    return int(settings.SERVICECOUNTS_PUBLIC_MONTHS)


def _counted_on(day: dt.date) -> Q:
    return Q(active_from__lte=day) & (Q(active_until__isnull=True) | Q(active_until__gte=day))


def indicators_active(*, day: dt.date):
    return Indicator.objects.filter(_counted_on(day))


def indicators_listed(queryset, *, day: dt.date):
    """Indicators as the admin lists them: those counted on ``day`` first, then the retired, each by order."""
    return (queryset.select_related("replaces")
            .annotate(retired=Case(When(_counted_on(day), then=Value(0)), default=Value(1), output_field=IntegerField()))
            .order_by("retired", "order", "pk"))


def indicators_overlapping(*, start: dt.date, end: dt.date, site=None):
    """Indicators counted on at least one day of [start, end] (of ``site``, else of the scope's space)."""
    rows = Indicator.objects.for_site(site) if site is not None else Indicator.objects
    return rows.filter(Q(active_until__isnull=True) | Q(active_until__gte=start), active_from__lte=end)


def shift_totals(*, shift) -> dict[int, int]:
    """What this shift counted, per indicator id (taps and sheets, minus undone ones)."""
    rows = (
        SeenTap.objects.filter(shift=shift, undone=False, undoes__isnull=True, indicator__isnull=False)
        .values("indicator_id").annotate(total=Sum("delta"))
    )
    return {row["indicator_id"]: row["total"] for row in rows}


def shift_recent_taps(*, shift, limit: int = 5) -> list[SeenTap]:
    """The shift's last single taps that can still be undone, newest first."""
    return list(
        SeenTap.objects.filter(shift=shift, undone=False, undoes__isnull=True, indicator__isnull=False, delta=1)
        .select_related("indicator").order_by("-seen_at")[:limit]
    )


# --- Periods ----------------------------------------------------------------


def tally_screen(*, shift, day: dt.date) -> dict:
    """The tally screen's rows: the indicators counted on ``day`` with the shift's totals, and the shift's
    last taps, each with a fresh tap id for its form (the screen without JavaScript)."""
    totals = shift_totals(shift=shift)
    return {"indicators": [(i, totals.get(i.pk, 0), uuid.uuid4()) for i in indicators_active(day=day)],
            "recent": [(tap, uuid.uuid4()) for tap in shift_recent_taps(shift=shift)]}


def period_start(day: dt.date, grain: str) -> dt.date:
    if grain == "day":
        return day
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def period_next(start: dt.date, grain: str) -> dt.date:
    if grain == "day":
        return start + dt.timedelta(days=1)
    if grain == "week":
        return start + dt.timedelta(days=7)
    if grain == "month":
        return start.replace(day=1) + relativedelta(months=1)
    return start + relativedelta(years=1)


def period_label(start: dt.date, grain: str) -> str:
    if grain == "day":
        return formats.date_format(start, "D j M Y")
    if grain == "week":
        return _("week of %(day)s") % {"day": formats.date_format(start, "j M Y")}
    if grain == "month":
        return formats.date_format(start, "YEAR_MONTH_FORMAT")
    return str(start.year)


def periods(*, start: dt.date, end: dt.date, grain: str) -> list[dt.date]:
    """Starts of the periods that cover [start, end]."""
    result, current = [], period_start(start, grain)
    while current <= end:
        result.append(current)
        current = period_next(current, grain)
    return result


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def counts_by_day(*, start: dt.date, end: dt.date, indicator_ids=None, site=None) -> dict[tuple[int, dt.date], int]:
    """Totals per (indicator id, local day) for the days in [start, end] (of ``site``, else of the scope's space)."""
    rows = Count.objects.for_site(site) if site is not None else Count.objects
    rows = rows.filter(hour__gte=_local_midnight(start), hour__lt=_local_midnight(end + dt.timedelta(days=1)))
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=list(indicator_ids))
    totals: dict[tuple[int, dt.date], int] = defaultdict(int)
    for indicator_id, hour, count in rows.values_list("indicator_id", "hour", "count"):
        totals[(indicator_id, timezone.localtime(hour).date())] += count
    return totals


@dataclass
class Table:
    grain: str
    start: dt.date
    end: dt.date
    indicators: list[Indicator]
    rows: list[dict] = field(default_factory=list)  # {"start", "label", "counts": {indicator id: n}, "total"}

    def totals(self) -> dict[int, int]:
        result: dict[int, int] = defaultdict(int)
        for row in self.rows:
            for key, value in row["counts"].items():
                result[key] += value
        return dict(result)


def report_table(*, start: dt.date, end: dt.date, grain: str, indicators=None) -> Table:
    """Counts per period and indicator over [start, end] (admin reports, not suppressed)."""
    if grain not in GRAINS:
        raise ValueError(grain)
    indicators = list(indicators if indicators is not None else indicators_overlapping(start=start, end=end))
    texts_prefetch(indicators)
    by_day = counts_by_day(start=start, end=end, indicator_ids=[i.pk for i in indicators])
    table = Table(grain=grain, start=start, end=end, indicators=indicators)
    index = {}
    for period in periods(start=start, end=end, grain=grain):
        row = {"start": period, "label": period_label(period, grain), "counts": {i.pk: 0 for i in indicators}}
        index[period] = row
        table.rows.append(row)
    for (indicator_id, day), value in by_day.items():
        index[period_start(day, grain)]["counts"][indicator_id] += value
    for row in table.rows:
        row["total"] = sum(row["counts"].values())
    return table


def report_rows(table: Table) -> list[dict]:
    """The table in long form, a row per period and indicator (the CSV and XLSX exports)."""
    return [
        {"period_start": row["start"], "period": row["label"], "indicator_id": indicator.pk, "indicator": indicator.label(),
         "category": indicator.category, "unit": indicator.unit_in(), "count": row["counts"][indicator.pk]}
        for row in table.rows for indicator in table.indicators
    ]


def report_summary(table: Table, compare: str) -> dict:
    """Each indicator's total over the table, and over the period it is compared with (if any)."""
    other = compare_range(start=table.start, end=table.end, compare=compare)
    other_table = report_table(start=other[0], end=other[1], grain=table.grain, indicators=table.indicators) if other else None
    totals, other_totals = table.totals(), other_table.totals() if other_table else {}
    summary = []
    for indicator in table.indicators:
        a, b = totals.get(indicator.pk, 0), other_totals.get(indicator.pk, 0)
        summary.append({"indicator": indicator, "total": a, "other": b if other_table else None,
                        "change": a - b if other_table else None,
                        "percent": round(100 * (a - b) / b) if other_table and b else None})
    return {"table": table, "other": other, "other_table": other_table, "summary": summary,
            "too_many": len(table.rows) > MAX_CHART_PERIODS}


MAX_CHART_PERIODS = 62


def compare_range(*, start: dt.date, end: dt.date, compare: str) -> tuple[dt.date, dt.date] | None:
    """The period to compare [start, end] with: the one just before, or the same one a year earlier."""
    if compare == "previous":
        length = end - start + dt.timedelta(days=1)
        return start - length, start - dt.timedelta(days=1)
    if compare == "year":
        # 29 February a year earlier is the 28th.
        return start - relativedelta(years=1), end - relativedelta(years=1)
    return None


# --- What is published ------------------------------------------------------


month_add = disclosure.month_add


def closed_months(*, today: dt.date, months: int) -> list[dt.date]:
    """The last ``months`` months that may be published, newest first (see plugins.api.disclosure).

    A count can change until a tap's last retry is out of the window (taps are
    accepted up to the seen-id window after they happen, and undone until
    their id is forgotten): the app declares twice that window as its
    settling time, so published figures never move.
    """
    return disclosure.settled_months(count=months, today=today)


@dataclass(frozen=True)
class PublicCell:
    indicator: Indicator | None  # None for a category's total
    label: str
    value: int
    state: str
    unit: str = ""


@dataclass
class PublicGroup:
    month: dt.date
    category: str
    cells: list[PublicCell]
    total: PublicCell | None


def months_recorded(months: list[dt.date], *, site=None) -> set[dt.date]:
    """The months in which anything at all was counted (any indicator): the others read "no data"."""
    if not months:
        return set()
    first, after = min(months), month_add(max(months), 1)
    rows = Count.objects.for_site(site) if site is not None else Count.objects
    hours = rows.filter(hour__gte=_local_midnight(first), hour__lt=_local_midnight(after), count__gt=0)
    return {timezone.localtime(h).date().replace(day=1) for h in hours.values_list("hour", flat=True)}


def _space_trees(*, months: list[dt.date], site=None) -> dict[tuple[dt.date, str], disclosure.Node]:
    """Per (month, category) with publishable indicators, an unprotected tree: the category's total
    (published when it has more than one indicator) over its indicators (``key``: the Indicator)."""
    trees = {}
    recorded = months_recorded(months, site=site)
    for month in months:
        if month not in recorded:
            continue
        end = month_add(month, 1) - dt.timedelta(days=1)
        indicators = list(indicators_overlapping(start=month, end=end, site=site).filter(publishable=True))
        texts_prefetch(indicators)
        by_day = counts_by_day(start=month, end=end, indicator_ids=[i.pk for i in indicators], site=site)
        monthly: dict[int, int] = defaultdict(int)
        for (indicator_id, _day), value in by_day.items():
            monthly[indicator_id] += value
        by_category: dict[str, list[Indicator]] = defaultdict(list)
        for indicator in indicators:
            by_category[indicator.category].append(indicator)
        for category, _label in Category.choices:
            members = by_category.get(category)
            if members:
                root = disclosure.Node(0, key=site.pk if site is not None else None, published=len(members) > 1)
                for indicator in members:
                    root.add(disclosure.Node(monthly[indicator.pk], key=indicator))
                root.value = sum(c.value for c in root.children)
                trees[(month, category)] = root
    return trees


def _network_trees(*, months: list[dt.date], t: int | None = None) -> dict[tuple[dt.date, str], disclosure.Node]:
    """Per (month, category), the network's figure over every sharing space's tree, protected together."""
    spaces = network.members("impact", label="servicecounts")
    per_space = [_space_trees(months=months, site=space) for space in spaces]
    joined = {}
    for group in sorted({g for trees in per_space for g in trees}):
        joined[group] = disclosure.across({space.pk: trees.get(group) for space, trees in zip(spaces, per_space)},
                                          key=group, t=t)
    return joined


def published_groups(*, months: list[dt.date], language: str | None = None, limit: int | None = None,
                     site=None) -> list[PublicGroup]:
    """Monthly counts of publishable indicators, suppressed, per month and category.

    Used by the public impact page and the printable report for funders:
    nothing else about these counts leaves the building. Months in which
    nothing at all was counted give no group (they read "no data"). The space
    is ``site``, else the scope's; a space that shares its figures with the
    network is protected together with the network's (plugins.api.network).
    """
    from plugins.api import sites

    t = limit or threshold()
    site = site or sites.current_site()
    if site is not None and network.is_member(site, "impact", label="servicecounts"):
        trees = {group: next(c for c in root.children if c.key == site.pk)
                 for group, root in _network_trees(months=months, t=t).items()
                 if any(c.key == site.pk for c in root.children)}
    else:
        trees = _space_trees(months=months, site=site)
        for root in trees.values():
            disclosure.protect(root, t)
    groups = []
    order = {category: n for n, (category, _label) in enumerate(Category.choices)}
    for (month, category), root in sorted(trees.items(), key=lambda item: (months.index(item[0][0]), order[item[0][1]])):
        groups.append(PublicGroup(
            month=month,
            category=category,
            cells=[
                PublicCell(indicator=c.key, label=c.key.label(language), value=c.value, state=c.state,
                           unit=c.key.unit_in(language))
                for c in root.children
            ],
            total=PublicCell(indicator=None, label=str(Category(category).label), value=root.value, state=root.state)
            if root.published else None,
        ))
    return groups


@dataclass(frozen=True)
class NetworkFigure:
    month: dt.date
    category: str
    label: str
    value: int
    state: str
    spaces: int  # how many spaces' figures it adds up


def network_figures(*, months: list[dt.date], language: str | None = None) -> list[NetworkFigure]:
    """The network's total per month and category, over every space that shares its figures (protected with them)."""
    found = []
    with translation.override(language or translation.get_language()):
        for (month, category), root in _network_trees(months=months).items():
            found.append(NetworkFigure(month=month, category=category, label=str(Category(category).label),
                                       value=root.value, state=root.state, spaces=len(root.children)))
    return found


def shown_value(cell: PublicCell, limit: int | None = None) -> str | int:
    return disclosure.shown_text(cell.state, cell.value, limit or threshold())


def funders_months(*, months: list[dt.date], language: str | None = None) -> list[tuple[dt.date, list]]:
    """The funders' report: per month, its groups as (group, [(cell, shown)], shown total or None)."""
    t = threshold()
    by_month: dict[dt.date, list] = {month: [] for month in months}
    for group in published_groups(months=months, language=language):
        cells = [(cell, shown_value(cell, t)) for cell in group.cells]
        by_month[group.month].append((group, cells, shown_value(group.total, t) if group.total else None))
    return list(by_month.items())


def funders_rows(published: list[tuple[dt.date, list]]) -> list[dict]:
    """The funders' report as rows (its CSV and XLSX): exactly the cells it prints, suppressed."""
    rows = []
    for month, groups in published:
        for group, cells, total in groups:
            for cell, shown in cells:
                rows.append({"month": month.strftime("%Y-%m"), "category": group.category, "service": cell.label,
                             "count": shown, "unit": cell.unit if cell.state != disclosure.WITHHELD else ""})
            if total is not None:
                rows.append({"month": month.strftime("%Y-%m"), "category": group.category,
                             "service": group.total.label, "count": total, "unit": ""})
    return rows
