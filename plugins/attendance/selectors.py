"""Reads of the attendance plugin: sheets, rosters and reports.

Reports take a fixed number of queries whatever the number of sessions: one
aggregate over the sheets, one over the codes, and one each for the names of
activities and categories.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from agenda import recurrence
from agenda.models import ActivityPage, Category
from agenda.selectors import occurrences_between
from agenda.signals import occurrence_roster
from plugins.api import disclosure

from .models import Mark, MonthFigures, Sheet

GROUPS = ("activity", "category", "space")
DAYS_BACK = 7  # the admin's list of sessions reaches this far back
OPENS_BEFORE = dt.timedelta(hours=1)  # a sheet can be filled in from a little before the session starts


def recent_sessions(*, request=None, now: dt.datetime | None = None) -> list[tuple]:
    """(session, sheet or None) for the sessions of today and the last ``DAYS_BACK`` days whose sheet
    is open, the latest first: the one you are in now is on top."""
    from django.utils import timezone

    now = now or timezone.now()
    today_end = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    occurrences = [occ for occ in occurrences_between(start=now - dt.timedelta(days=DAYS_BACK), end=today_end, request=request)
                   if occ.start - OPENS_BEFORE <= now]
    occurrences.reverse()
    sheets = sheets_by_occurrence_ids(o.occurrence_id for o in occurrences)
    return [(occ, sheets.get(occ.occurrence_id)) for occ in occurrences]


def sheet_for(*, occurrence) -> Sheet | None:
    """The sheet of an AgendaOccurrence, if attendance was ever taken, without creating anything."""
    if occurrence.occurrence_id:
        return Sheet.objects.filter(occurrence_id=occurrence.occurrence_id).first()
    return Sheet.objects.filter(
        occurrence__event=occurrence.event, occurrence__original_start=occurrence.original_start
    ).first()


def sheet_history(sheet: Sheet | None, *, limit: int = 20) -> list:
    """The sheet's log entries (who saved, closed, reopened; counts only), the latest first."""
    from wagtail.models import ModelLogEntry

    if sheet is None:
        return []
    return list(ModelLogEntry.objects.for_instance(sheet).select_related("user").order_by("-timestamp", "-pk")[:limit])


def sheets_by_occurrence_ids(ids) -> dict[int, Sheet]:
    return {s.occurrence_id: s for s in Sheet.objects.filter(occurrence_id__in=[i for i in ids if i])}


def marks_of(sheet: Sheet | None) -> dict[str, Mark]:
    if sheet is None:
        return {}
    return {mark.code: mark for mark in Mark.objects.filter(sheet=sheet).order_by("pk")}


def roster_for(*, site, occurrence, occurrence_id: int | None) -> list[str] | None:
    """Codes expected at the session, from the plugins that take sign-ups (the agenda's
    ``occurrence_roster``); None when none answers (attendance works without sign-ups)."""
    answers = [
        codes for _receiver, codes in occurrence_roster.send(sender=site, occurrence=occurrence, occurrence_id=occurrence_id)
        if codes is not None
    ]
    if not answers:
        return None
    return list(dict.fromkeys(code for codes in answers for code in codes))


# --- Reports -------------------------------------------------------------------

@dataclass
class ReportRow:
    key: str
    label: str
    sessions: int = 0
    present_enrolled: int = 0
    absent_enrolled: int = 0
    walk_ins: int = 0
    anonymous: int = 0
    distinct: int = 0
    enrolled_sessions: int = 0  # sessions whose roster came from enrollment

    @property
    def total(self) -> int:
        return self.present_enrolled + self.walk_ins + self.anonymous

    @property
    def average(self) -> float | None:
        return self.total / self.sessions if self.sessions else None

    @property
    def no_show_rate(self) -> float | None:
        """Share of people with a place who did not come, over sessions with enrollment."""
        expected = self.present_enrolled + self.absent_enrolled
        return self.absent_enrolled / expected if self.enrolled_sessions and expected else None


# The exports' columns (``ReportRow`` fields) and their headings, machine names as the CSVs have always had;
# the funders' export has the first five.
EXPORT_COLUMNS = {"label": "group", "sessions": "sessions", "total": "total_attendance", "average": "average_attendance",
                  "distinct": "distinct_participants", "present_enrolled": "present_with_place",
                  "absent_enrolled": "absent_with_place", "walk_ins": "walk_ins", "anonymous": "anonymous_head_count",
                  "no_show_rate": "no_show_rate"}
# How the team's files write the two figures that are not counts (a ReportView's ``custom_field_preprocess``).
EXPORT_FORMATS = {
    "average": {"csv": lambda v: "" if v is None else f"{v:.1f}", "xlsx": lambda v: None if v is None else round(v, 1)},
    "no_show_rate": {f: lambda v: "" if v is None else f"{v * 100:.0f}%" for f in ("csv", "xlsx")},
}


@dataclass
class Report:
    group: str
    start: dt.date
    end: dt.date
    rows: list[ReportRow]
    total: ReportRow
    codes_dropped_sessions: int  # sessions in the period whose codes retention has dropped

    @property
    def max_total(self) -> int:
        return max([row.total for row in self.rows] or [0])


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[local midnight of start, local midnight after end)."""
    first = recurrence.localize(dt.datetime.combine(start, dt.time.min))
    after = recurrence.localize(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return first, after


def _names(model, keys) -> dict:
    """Name of each translation key, in the default language where there is one."""
    names: dict = {}
    field = "title" if model is ActivityPage else "name"
    rows = model.objects.filter(translation_key__in=set(keys)).values_list("translation_key", field, "locale__language_code")
    for key, name, language in rows:
        if key not in names or language == settings.LANGUAGE_CODE:
            names[key] = name
    return names


def attendance_report(*, start: dt.date, end: dt.date, group: str = "activity") -> Report:
    """Figures per activity, per category, or for the whole space, for sessions starting in [start, end]."""
    if group not in GROUPS:
        raise ValueError(group)
    first, after = period_bounds(start, end)
    sheets = Sheet.objects.filter(session_start__gte=first, session_start__lt=after)
    group_field = {"activity": "activity_key", "category": "category_key", "space": None}[group]
    fields = [group_field] if group_field else []

    sums = dict(
        sessions=Count("pk"),
        present_enrolled=Sum("present_enrolled"), absent_enrolled=Sum("absent_enrolled"),
        walk_ins=Sum("walk_ins"), anonymous=Sum("anonymous"),
        enrolled_sessions=Count("pk", filter=Q(with_enrollment=True)),
        dropped=Count("pk", filter=Q(codes_dropped=True)),
    )
    present_marks = Mark.objects.filter(sheet__in=sheets, present=True)
    if fields:
        aggregated = list(sheets.order_by().values(*fields).annotate(**sums))
        distinct = {
            row[f"sheet__{group_field}"]: row["n"]
            for row in present_marks.order_by().values(f"sheet__{group_field}").annotate(n=Count("code", distinct=True))
        }
    else:
        aggregated = [sheets.aggregate(**sums)]
        distinct = {None: present_marks.aggregate(n=Count("code", distinct=True))["n"]}
    overall_distinct = present_marks.aggregate(n=Count("code", distinct=True))["n"] if fields else distinct[None]

    names: dict = {}
    if group == "activity":
        names = _names(ActivityPage, [r["activity_key"] for r in aggregated])
    elif group == "category":
        names = _names(Category, [r["category_key"] for r in aggregated if r["category_key"]])

    rows = []
    total = ReportRow(key="all", label=_("Whole space"))
    dropped = 0
    for r in aggregated:
        key = r.get(group_field) if group_field else None
        if not r["sessions"]:
            continue
        if group == "space":
            label = _("Whole space")
        elif key is None:
            label = _("No category")
        else:
            label = names.get(key) or _("(deleted activity)")
        row = ReportRow(
            key=str(key) if key else "none", label=label, sessions=r["sessions"],
            present_enrolled=r["present_enrolled"] or 0, absent_enrolled=r["absent_enrolled"] or 0,
            walk_ins=r["walk_ins"] or 0, anonymous=r["anonymous"] or 0,
            enrolled_sessions=r["enrolled_sessions"], distinct=distinct.get(key, 0),
        )
        rows.append(row)
        for name in ("sessions", "present_enrolled", "absent_enrolled", "walk_ins", "anonymous", "enrolled_sessions"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        dropped += r["dropped"]
    total.distinct = overall_distinct or 0
    rows.sort(key=lambda row: (-row.total, row.label.lower()))
    return Report(group=group, start=start, end=end, rows=rows, total=total, codes_dropped_sessions=dropped)


# --- Public figures --------------------------------------------------------------

def monthly_totals(*, months: int = 12, today: dt.date | None = None) -> list[tuple[dt.date, int]]:
    """Total attendance per calendar month (local time), the last ``months`` months up to this one.

    Months without any session are included with 0.
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    first_month = today.replace(day=1) - relativedelta(months=max(months - 1, 0))
    start = recurrence.localize(dt.datetime.combine(first_month, dt.time.min))
    rows = (
        Sheet.objects.filter(session_start__gte=start)
        .annotate(month=TruncMonth("session_start", tzinfo=recurrence.local_zone()))
        .order_by().values("month")
        .annotate(n=Sum("present_enrolled") + Sum("walk_ins") + Sum("anonymous"))
    )
    by_month: dict = defaultdict(int)
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.astimezone(recurrence.local_zone()).date() if month.tzinfo else month.date()
        by_month[month.replace(day=1)] += row["n"] or 0
    result = []
    month = first_month
    for _i in range(months):
        result.append((month, by_month.get(month, 0)))
        month += relativedelta(months=1)
    return [(m, n) for m, n in result if m <= today]


# --- Figures for outside (plugins.api.disclosure) ------------------------------------

def external_trees(*, months: list[dt.date], site=None):
    """Per month, the published tree: whole space -> category -> activity, protected; None for a month without sheets.

    An activity sits under the category of its last session of the month, so
    categories and activities nest and every figure of a month is suppressed
    together (the activity and the category CSV, and the impact page, read
    the same tree). Returns ({month: Node | None}, {month: {activity key: sessions}}).

    The space is ``site``, else the scope's. A space that shares its figures
    with the network is protected together with every sharing space and the
    network's total (plugins/api/network.py), so each surface reads its states
    from that one tree.
    """
    from plugins.api import disclosure, network, sites

    site = site or sites.current_site()
    if site is None or not network.is_member(site, "impact", label="attendance"):
        trees, sessions = _space_trees(months=months, site=site)
        for root in trees.values():
            if root is not None:
                disclosure.protect(root)
        return trees, sessions
    joined, sessions = network_trees(months=months)
    return {month: next((c for c in root.children if c.key == site.pk), None) if root is not None else None
            for month, root in joined.items()}, sessions.get(site.pk, {})


def network_trees(*, months: list[dt.date]):
    """Per month, the network's total over every sharing space's tree, protected together (None: no sheets
    anywhere); and each space's sessions per activity, by site pk."""
    from plugins.api import disclosure, network

    spaces = network.members("impact", label="attendance")
    per_space = {space.pk: _space_trees(months=months, site=space) for space in spaces}
    joined = {}
    for month in months:
        roots = {pk: trees[month] for pk, (trees, _s) in per_space.items()}
        joined[month] = disclosure.across(roots, key="network") if any(r is not None for r in roots.values()) else None
    return joined, {pk: sessions for pk, (_t, sessions) in per_space.items()}


def _space_trees(*, months: list[dt.date], site=None):
    """external_trees' trees for one space (``site``, else the scope's), not yet protected; the root's key is the site's pk."""
    from django.db.models import Max

    if not months:
        return {}, {}
    first, after = period_bounds(min(months), disclosure.month_add(max(months), 1) - dt.timedelta(days=1))
    sheets = Sheet.objects.for_site(site) if site is not None else Sheet.objects
    rows = (
        sheets.filter(session_start__gte=first, session_start__lt=after)
        .annotate(month=TruncMonth("session_start", tzinfo=recurrence.local_zone()))
        .order_by().values("month", "activity_key", "category_key")
        .annotate(n=Sum("present_enrolled") + Sum("walk_ins") + Sum("anonymous"), sessions=Count("pk"),
                  last=Max("session_start"))
    )
    per: dict = defaultdict(dict)  # month -> activity -> [total, sessions, (last, category)]
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.astimezone(recurrence.local_zone()).date() if month.tzinfo else month.date()
        month = month.replace(day=1)
        entry = per[month].setdefault(str(row["activity_key"]), [0, 0, None])
        entry[0] += row["n"] or 0
        entry[1] += row["sessions"]
        mark = (row["last"], str(row["category_key"]) if row["category_key"] else "none")
        entry[2] = max(entry[2], mark) if entry[2] else mark
    trees, sessions = {}, {}
    for month in months:
        activities = per.get(month)
        if not activities:
            trees[month] = None
            continue
        nested: dict = defaultdict(dict)
        for key, (total, _n, (_last, category)) in sorted(activities.items()):
            nested[category][key] = total
        trees[month] = disclosure.tree(dict(sorted(nested.items())), key=site.pk if site is not None else "all")
        sessions[month] = {key: n for key, (_t, n, _c) in activities.items()}
    return trees, sessions


def month_distinct(*, month: dt.date, site=None) -> dict[str, int]:
    """Distinct people present in ``month``: ``{activity key: n, "all": n}`` for ``site``, else the scope's
    (no scope: every space, each space's people added up, as codes are per space).

    A space's month whose codes have started to go (retention, or an erasure once it settled) reads
    the figures frozen just before (``MonthFigures``); any other counts its
    codes, which are still all there, so both give the same number and a
    figure out for a settled month never moves (``plugins.api.disclosure``, rule 4).
    """
    from plugins.api import sites

    site = site or sites.current_site()
    frozen = MonthFigures.objects.unscoped().filter(month=month)  # the site is filtered here, scope or not
    if site is not None:
        frozen = frozen.filter(site=site)
    per_site = {row.site_id: row.distinct for row in frozen}
    per_site.update(month_distinct_live(month=month, site=site, exclude=per_site))
    merged = {"all": 0}
    for figures in per_site.values():
        for key, n in figures.items():
            merged[key] = merged.get(key, 0) + n
    return merged


def month_distinct_live(*, month: dt.date, site=None, exclude=()) -> dict[int, dict[str, int]]:
    """Per site pk, ``{activity key: n, "all": n}`` counted from the codes of ``month`` (``site``'s only, if given;
    the sites in ``exclude`` left out). Two queries whatever the number of spaces."""
    first, after = period_bounds(month, disclosure.month_add(month, 1) - dt.timedelta(days=1))
    marks = Mark.objects.unscoped().filter(present=True, sheet__session_start__gte=first, sheet__session_start__lt=after)
    if site is not None:
        marks = marks.filter(sheet__site=site)
    marks = marks.exclude(sheet__site__in=list(exclude)).order_by()
    found: dict = defaultdict(dict)
    for row in marks.values("sheet__site", "sheet__activity_key").annotate(n=Count("code", distinct=True)):
        found[row["sheet__site"]][str(row["sheet__activity_key"])] = row["n"]
    for row in marks.values("sheet__site").annotate(n=Count("code", distinct=True)):
        found[row["sheet__site"]]["all"] = row["n"]
    return dict(found)


@dataclass
class ExternalRow:
    """A line of the funders' export, as published: numbers, "<t" or "withheld"."""

    label: str
    sessions: int
    total: int | str
    average: str
    distinct: int | str = ""


def external_rows(*, month: dt.date, group: str) -> list[ExternalRow]:
    """The funders' figures of one settled month per activity, category or for the space, from the
    month's protected tree (``external_trees``), so that every grouping publishes the same cells."""
    t = disclosure.threshold()
    trees, sessions = external_trees(months=[month])
    root, sessions = trees[month], sessions.get(month, {})
    if root is None:
        return [ExternalRow(disclosure.no_data_text(), 0, "", "")]
    last = disclosure.month_add(month, 1) - dt.timedelta(days=1)

    def shown(state, value):
        return value if state == disclosure.SHOWN else f"<{t}" if state == disclosure.FEWER else "withheld"

    def row(label, node, n_sessions, distinct=("", None)):
        average = f"{node.value / n_sessions:.1f}" if node.shown and n_sessions else ("" if node.shown else "withheld")
        return ExternalRow(label, n_sessions, shown(node.state, node.value), average,
                           "" if distinct[1] is None else shown(*distinct))

    by_activity = {r.key: r for r in attendance_report(start=month, end=last, group="activity").rows}
    people = month_distinct(month=month)  # frozen once the month's codes start to go: they never move
    distinct_states = {}
    for leaf in (a for c in root.children for a in c.children):
        distinct = people.get(leaf.key, 0)
        # Distinct people are not a sum: shown only beside a shown total, so they say nothing about a hidden one.
        state = leaf.state if not leaf.shown else disclosure.FEWER if distinct < t else disclosure.SHOWN
        distinct_states[leaf.key] = (state, distinct)
    rows = []
    if group == "activity":
        for category in root.children:
            for leaf in category.children:
                found = by_activity.get(leaf.key)
                rows.append(row(found.label if found else _("(deleted activity)"), leaf, sessions.get(leaf.key, 0),
                                distinct_states[leaf.key]))
    elif group == "category":
        names = {str(k): name for k, name in _names(Category, [c.key for c in root.children if c.key != "none"]).items()}
        for category in root.children:
            label = _("No category") if category.key == "none" else names.get(category.key) or str(category.key)
            rows.append(row(label, category, sum(sessions.get(a.key, 0) for a in category.children)))
    whole = people["all"]
    every_shown = all(state == disclosure.SHOWN for state, _d in distinct_states.values())
    whole_distinct = ((disclosure.FEWER if whole < t else disclosure.SHOWN) if root.shown and every_shown
                      else disclosure.FEWER if whole < t and root.state == disclosure.FEWER else disclosure.WITHHELD,
                      whole)
    rows.append(row(_("Whole space"), root, sum(sessions.values()), whole_distinct))
    return rows
