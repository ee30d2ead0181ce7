"""Admin views: today's sessions, the attendance sheet, reports and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.defaults import page_not_found
from wagtail.models import ModelLogEntry, Site

from agenda.models import ActivityPage
from agenda.selectors import occurrence_at, occurrences_between

from plugins.api import disclosure

from . import charts, selectors, services
from .forms import ReportForm
from .models import Source

DAYS_BACK = 7
# A sheet can be filled in from a little before the session starts.
OPENS_BEFORE = dt.timedelta(hours=1)


def _final_404(view):
    """A 404 from these views stays a 404: Django's LocaleMiddleware would otherwise
    redirect an admin path that 404s to /<lang>/admin/..., where the page tree answers."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as missing:
            response = page_not_found(request, missing)
            response.final_404 = True
            return response

    return wrapped


def _require(request, perm: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def index(request):
    _require(request, "attendance.view_sheet")
    now = timezone.now()
    today_end = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    occurrences = [
        occ for occ in occurrences_between(start=now - dt.timedelta(days=DAYS_BACK), end=today_end, request=request)
        if occ.start - OPENS_BEFORE <= now
    ]
    occurrences.reverse()  # the latest first: the one you are in now is on top
    sheets = selectors.sheets_by_occurrence_ids(o.occurrence_id for o in occurrences)
    return render(request, "attendance/admin/index.html", {
        "sessions": [(occ, sheets.get(occ.occurrence_id)) for occ in occurrences],
        "days": DAYS_BACK,
        "can_report": request.user.has_perm("attendance.view_reports"),
    })


# --- The sheet -------------------------------------------------------------------

class BadInput(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _codes(values: list[str]) -> list[str]:
    found = []
    for raw in values:
        code = services.code_validate(raw)
        if code not in found:
            found.append(code)
    return found


def _parse(post, *, roster: list[str] | None, marks: dict) -> tuple[services.SheetState, list[str]]:
    """The form's absolute state; codes listed from a roster that is no longer theirs are left out (returned)."""
    listed = _codes(post.getlist("listed"))
    present = set(_codes(post.getlist("present")))
    shown_walk_ins = _codes(post.getlist("walk_in"))
    new_walk_ins = services.codes_parse(post.get("new_walk_ins", ""))
    raw_count = (post.get("anonymous") or "0").strip()
    try:
        anonymous = int(raw_count)
    except ValueError:
        raise services.AttendanceError(_("The head count must be a whole number from 0 to %(max)d.") % {
            "max": services.MAX_HEAD_COUNT}, field="anonymous") from None
    allowed = set(roster or []) | {code for code, mark in marks.items() if mark.source == Source.ENROLLED}
    state = services.SheetState(anonymous=anonymous)
    dropped = []
    for code in listed:
        if code in allowed:
            state.roster[code] = code in present
        else:
            dropped.append(code)
    for code in [c for c in shown_walk_ins if c in present] + new_walk_ins:
        if code in state.roster:
            state.roster[code] = True  # on the roster after all: present, not a walk-in
        elif code not in state.walk_ins:
            state.walk_ins.append(code)
    return state, dropped


def _submission(post) -> uuid.UUID:
    try:
        return uuid.UUID(post.get("submission", ""))
    except ValueError:
        raise BadInput(_("This form is incomplete (no submission id). Reload the page and try again.")) from None


def _version(post) -> int | None:
    raw = post.get("version", "")
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadInput(_("This form is incomplete (bad version). Reload the page and try again.")) from None


def _rows(roster, marks, entered: services.SheetState | None):
    """(roster rows, walk-in rows) as (code, present) for the template."""
    roster_codes = list(roster or [])
    roster_codes += [c for c, m in marks.items() if m.source == Source.ENROLLED and c not in roster_codes]
    walk_in_codes = [c for c, m in marks.items() if m.source == Source.WALK_IN]
    if entered is not None:
        roster_rows = [(c, entered.roster.get(c, False)) for c in roster_codes]
        walk_rows = [(c, c in entered.walk_ins) for c in walk_in_codes]
        walk_rows += [(c, True) for c in entered.walk_ins if c not in walk_in_codes]
    else:
        roster_rows = [(c, bool(marks.get(c) and marks[c].present)) for c in roster_codes]
        walk_rows = [(c, True) for c in walk_in_codes]
    return roster_rows, walk_rows


@_final_404
def sheet(request, activity_id: int, stamp: str):
    _require(request, "attendance.view_sheet")
    activity = get_object_or_404(ActivityPage, pk=activity_id)
    occurrence = occurrence_at(page=activity, stamp=stamp, request=request)
    if occurrence is None:
        raise Http404(_("There is no session at that time."))
    site = Site.find_for_request(request)
    existing = selectors.sheet_for(occurrence=occurrence)
    row_id = existing.occurrence_id if existing else occurrence.occurrence_id
    roster = selectors.roster_for(site=site, occurrence=occurrence, occurrence_id=row_id)
    can_change = request.user.has_perm("attendance.change_sheet")
    can_reopen = request.user.has_perm("attendance.reopen_sheet")
    status, error, entered, new_walk_ins_text, preview = 200, None, None, "", None
    too_early = occurrence.start - OPENS_BEFORE > timezone.now()

    if request.method == "POST" and request.POST.get("action") == "preview":
        # "Check the codes": shows who would be added, saves nothing (works without JavaScript).
        if not can_change:
            raise PermissionDenied
        new_walk_ins_text = request.POST.get("new_walk_ins", "")[:2000]
        try:
            preview = services.codes_parse(new_walk_ins_text)
        except services.AttendanceError as refusal:
            error, status = refusal.message, 400
        entered = _entered_leniently(request.POST, roster, selectors.marks_of(existing))
    elif request.method == "POST":
        if not can_change:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        marks = selectors.marks_of(existing)
        try:
            if action not in ("save", "close", "reopen"):
                raise BadInput(_("Unknown action."))
            submission = _submission(request.POST)
            version = _version(request.POST)
            if action == "reopen":
                if not can_reopen:
                    raise PermissionDenied
                if existing is None:
                    raise BadInput(_("There is no sheet to reopen."))
                result = services.sheet_reopen(sheet=existing, user=request.user, submission=submission)
                messages.success(request, _("The sheet is open again.") if result.changed else _("The sheet was already open."))
                return redirect(request.path)
            if occurrence.cancelled:
                raise BadInput(_("This session was cancelled: it takes no attendance."))
            if too_early:
                raise BadInput(_("This session has not started yet. The sheet opens an hour before."))
            try:
                state, dropped = _parse(request.POST, roster=roster, marks=marks)
            except services.AttendanceError:
                new_walk_ins_text = request.POST.get("new_walk_ins", "")[:2000]
                raise
            from agenda.services import occurrence_persist

            row = occurrence_persist(event=occurrence.event, original_start=occurrence.original_start)
            target = existing or services.sheet_get_or_create(
                occurrence=row, activity_key=activity.translation_key,
                category_key=activity.category.translation_key if activity.category else None,
                session_start=occurrence.start, session_end=occurrence.end,
            )
            try:
                result = services.sheet_record(sheet=target, state=state, submission=submission, version=version,
                                               user=request.user, with_enrollment=roster is not None)
            except services.AttendanceConflict:
                entered = state
                raise
            if result.duplicate:
                messages.success(request, _("This was already saved; nothing was counted twice."))  # info has too little contrast in Wagtail 8
                return redirect(request.path)
            if action == "close":
                services.sheet_close(sheet=result.sheet, user=request.user)
            if dropped:
                messages.warning(request, _("Not on the roster any more, left out: %(codes)s") % {"codes": ", ".join(dropped)})
            total = result.sheet.total
            if action == "close":
                saved = ngettext("Saved and closed: %(n)d person.", "Saved and closed: %(n)d people.", total)
            else:
                saved = ngettext("Saved: %(n)d person.", "Saved: %(n)d people.", total)
            messages.success(request, saved % {"n": total})
            return redirect(request.path)
        except BadInput as bad:
            error, status = bad.message, 400
        except services.AttendanceConflict as conflict:
            error, status = conflict.message, 409
            new_walk_ins_text = ""
        except services.AttendanceError as refusal:
            error, status = refusal.message, 400
            if not new_walk_ins_text and refusal.field != "walk_ins":
                new_walk_ins_text = request.POST.get("new_walk_ins", "")[:2000]
        existing = selectors.sheet_for(occurrence=occurrence)
        if entered is None and status == 400 and request.POST.get("action", "save") != "reopen":
            entered = _entered_leniently(request.POST, roster, selectors.marks_of(existing))

    marks = selectors.marks_of(existing)
    roster_rows, walk_rows = _rows(roster, marks, entered)
    history = []
    if existing is not None:
        history = list(ModelLogEntry.objects.for_instance(existing).select_related("user").order_by("-timestamp", "-pk")[:20])
    context = {
        "activity": activity, "occurrence": occurrence, "sheet": existing, "roster": roster,
        "roster_rows": roster_rows, "walk_rows": walk_rows,
        "anonymous": entered.anonymous if entered is not None else (existing.anonymous if existing else 0),
        "new_walk_ins": new_walk_ins_text,
        "version": existing.version if existing else 0,
        "submission": uuid.uuid4(),
        "can_change": can_change and not (existing and existing.is_closed) and not occurrence.cancelled and not too_early,
        "can_reopen": can_reopen and existing is not None and existing.is_closed,
        "too_early": too_early, "error": error, "history": history, "preview": preview,
        "max_head_count": services.MAX_HEAD_COUNT,
    }
    return render(request, "attendance/admin/sheet.html", context, status=status)


def _entered_leniently(post, roster, marks) -> services.SheetState | None:
    """What was entered, for showing it again after an error: the ticks, and the head count if it was a number."""
    state = services.SheetState()
    present = {p for p in post.getlist("present") if isinstance(p, str)}
    for code in list(roster or []) + [c for c, m in marks.items() if m.source == Source.ENROLLED]:
        state.roster[code] = code in present
    state.walk_ins = [c for c, m in marks.items() if m.source == Source.WALK_IN and c in present]
    try:
        state.anonymous = max(0, min(int(post.get("anonymous", "0")), services.MAX_HEAD_COUNT))
    except ValueError:
        state.anonymous = 0
    return state


# --- Reports -----------------------------------------------------------------------

def _report_or_400(request, template_on_error: bool = True):
    form = ReportForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        from .forms import default_period

        first, last = default_period()
        form = ReportForm({"group": "activity", "start": first.isoformat(), "end": last.isoformat()})
        form.is_valid()
    data = form.cleaned_data
    report = selectors.attendance_report(start=data["start"], end=data["end"], group=data["group"])
    return form, report


def reports(request):
    _require(request, "attendance.view_reports")
    form, report = _report_or_400(request)
    context = {"form": form, "report": report, "retention_days": services.retention_days(),
               "threshold": disclosure.threshold(), "external_months": disclosure.allowed_months()}
    if report is None:
        return render(request, "attendance/admin/reports.html", context, status=400)
    context["chart"] = charts.attendance_chart(report)
    context["query"] = request.GET.urlencode()
    return render(request, "attendance/admin/reports.html", context)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def reports_csv(request):
    """CSV of a report. ``for=external``: for funders and partners, suppressed below the threshold.

    No CSV ever carries a code: reports hold counts only.
    """
    _require(request, "attendance.view_reports")
    audience = request.GET.get("for", "internal")
    if audience not in ("internal", "external"):
        return HttpResponse(_("Unknown export: use for=internal or for=external."), status=400,
                            content_type="text/plain; charset=utf-8")
    if audience == "external":
        return _external_csv(request)
    form, report = _report_or_400(request)
    if report is None:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"attendance-{report.group}-{report.start}-{report.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    # internal: every figure, for the team
    writer.writerow(["group", "sessions", "total_attendance", "average_attendance", "distinct_participants",
                     "present_with_place", "absent_with_place", "walk_ins", "anonymous_head_count", "no_show_rate"])
    for row in [*report.rows, report.total]:
        writer.writerow([row.label, row.sessions, row.total, f"{row.average:.1f}" if row.average is not None else "",
                         row.distinct, row.present_enrolled, row.absent_enrolled, row.walk_ins, row.anonymous,
                         _pct(row.no_show_rate)])
    return response



def _text_400(message) -> HttpResponse:
    return HttpResponse(str(message), status=400, content_type="text/plain; charset=utf-8")


def _external_csv(request) -> HttpResponse:
    """The CSV for funders and partners: one settled month from the list, figures as plugins.api.disclosure allows.

    It takes no start and end: two overlapping ranges would give a hidden figure back by subtraction.
    """
    group = request.GET.get("group", "activity")
    if group not in selectors.GROUPS:
        return _text_400(_("Unknown grouping: use activity, category or space."))
    if request.GET.get("start") or request.GET.get("end"):
        return _text_400(_("Figures for outside cover a whole month that has ended and settled: choose one from the list, not a start and an end."))
    try:
        month = disclosure.month_pick(request.GET.get("month"))
    except ValueError as error:
        return _text_400(error)
    last = disclosure.month_add(month, 1) - dt.timedelta(days=1)
    trees, sessions = selectors.external_trees(months=[month])
    root, sessions = trees[month], sessions.get(month, {})
    t = disclosure.threshold()

    def shown(state, value):
        return value if state == disclosure.SHOWN else f"<{t}" if state == disclosure.FEWER else "withheld"

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendance-{group}-{month:%Y-%m}-external.csv"'
    writer = csv.writer(response)
    writer.writerow(["group", "sessions", "total_attendance", "average_attendance", "distinct_participants"])
    if root is None:
        writer.writerow([disclosure.no_data_text(), 0, "", "", ""])
        return response
    by_activity = {row.key: row for row in selectors.attendance_report(start=month, end=last, group="activity").rows}
    distinct_states = {}
    for leaf in (a for c in root.children for a in c.children):
        distinct = by_activity[leaf.key].distinct if leaf.key in by_activity else 0
        # Distinct people are not a sum: shown only beside a shown total, so they say nothing about a hidden one.
        state = leaf.state if not leaf.shown else disclosure.FEWER if distinct < t else disclosure.SHOWN
        distinct_states[leaf.key] = (state, distinct)

    def line(label, node, n_sessions, distinct=("", None)):
        average = f"{node.value / n_sessions:.1f}" if node.shown and n_sessions else ("" if node.shown else "withheld")
        writer.writerow([label, n_sessions, shown(node.state, node.value), average,
                         "" if distinct[1] is None else shown(*distinct)])

    if group == "activity":
        for category in root.children:
            for leaf in category.children:
                row = by_activity.get(leaf.key)
                line(row.label if row else _("(deleted activity)"), leaf, sessions.get(leaf.key, 0), distinct_states[leaf.key])
    elif group == "category":
        names = {str(k): name for k, name in
                 selectors._names(selectors.Category, [c.key for c in root.children if c.key != "none"]).items()}
        for category in root.children:
            label = _("No category") if category.key == "none" else names.get(category.key) or str(category.key)
            line(label, category, sum(sessions.get(a.key, 0) for a in category.children))
    whole = selectors.attendance_report(start=month, end=last, group="space").total
    every_shown = all(state == disclosure.SHOWN for state, _d in distinct_states.values())
    whole_distinct = ((disclosure.FEWER if whole.distinct < t else disclosure.SHOWN) if root.shown and every_shown
                      else disclosure.FEWER if whole.distinct < t and root.state == disclosure.FEWER else disclosure.WITHHELD,
                      whole.distinct)
    line(_("Whole space"), root, sum(sessions.values()), whole_distinct)
    return response
