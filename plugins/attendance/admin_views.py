"""Admin views: the sessions to take attendance for, the sheet, and reports.

Thin on purpose: the sheet is ``forms.SheetForm`` and ``services.sheet_submit``
(which holds the rules), reports are Wagtail ``ReportView``s with ``list_export``
(CSV and XLSX) over ``selectors``, access is ``policy``. Figures for outside
come from ``plugins.api.disclosure`` through ``selectors.external_rows``.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Site

from agenda.models import ActivityPage
from agenda.selectors import occurrence_at
from plugins.api import disclosure, sites
from plugins.api.reports import PermissionPolicy, PluginReportView, text_response

from . import charts, selectors, services
from .forms import ReportForm, SheetForm
from .models import Sheet

# view: the sheets; change: take attendance; reopen: a closed sheet; report: the reports and exports.
policy = PermissionPolicy(Sheet, actions={"reopen": "attendance.reopen_sheet", "report": "attendance.view_reports"})


def _require(request, action: str) -> None:
    if not policy.user_has_permission(request.user, action):
        raise PermissionDenied


def index(request):
    _require(request, "view")
    return render(request, "attendance/admin/index.html", {
        "sessions": selectors.recent_sessions(request=request), "days": selectors.DAYS_BACK,
        "can_report": policy.user_has_permission(request.user, "report"),
    })


def _tell(request, result: services.SubmitResult) -> None:
    n = result.sheet.total
    if result.action == "reopen":
        text = _("The sheet is open again.") if result.changed else _("The sheet was already open.")
    elif result.duplicate:  # success, not info: info has too little contrast in Wagtail 8
        text = _("This was already saved; nothing was counted twice.")
    elif result.action == "close":
        text = ngettext("Saved and closed: %(n)d person.", "Saved and closed: %(n)d people.", n) % {"n": n}
    else:
        text = ngettext("Saved: %(n)d person.", "Saved: %(n)d people.", n) % {"n": n}
    if result.dropped:
        messages.warning(request, _("Not on the roster any more, left out: %(codes)s") % {"codes": ", ".join(result.dropped)})
    messages.success(request, text)


def sheet(request, activity_id: int, stamp: str):
    _require(request, "view")
    activity = get_object_or_404(sites.pages_of(ActivityPage.objects.all()), pk=activity_id)  # another space's: 404
    occurrence = occurrence_at(page=activity, stamp=stamp, request=request)
    if occurrence is None:
        raise Http404(_("There is no session at that time."))
    existing = selectors.sheet_for(occurrence=occurrence)
    roster = selectors.roster_for(site=Site.find_for_request(request), occurrence=occurrence,
                                  occurrence_id=existing.occurrence_id if existing else occurrence.occurrence_id)
    form = SheetForm(request.POST if request.method == "POST" else None, roster=roster, marks=selectors.marks_of(existing))
    status, error, preview = 200, None, None
    if request.method == "POST":
        _require(request, "reopen" if request.POST.get("action") == "reopen" else "change")
        try:
            if request.POST.get("action") == "preview":  # "Check the codes": who would be added; saves nothing
                preview = form.preview()
            else:
                result = services.sheet_submit(occurrence=occurrence, activity=activity, roster=roster,
                                               entry=form.entry(), user=request.user)
                _tell(request, result)
                return redirect(request.path)
        except services.AttendanceError as refusal:
            error, status = refusal.message, 409 if isinstance(refusal, services.AttendanceConflict) else 400
        existing = selectors.sheet_for(occurrence=occurrence)
        form.marks = selectors.marks_of(existing)
    lock = services.sheet_lock(occurrence=occurrence)
    roster_rows, walk_rows = form.rows()
    return render(request, "attendance/admin/sheet.html", {
        "activity": activity, "occurrence": occurrence, "sheet": existing, "roster": roster,
        "roster_rows": roster_rows, "walk_rows": walk_rows, "anonymous": form.anonymous_value(existing),
        "new_walk_ins": form.new_walk_ins_text, "version": existing.version if existing else 0, "submission": uuid.uuid4(),
        "can_change": policy.user_has_permission(request.user, "change") and not (existing and existing.is_closed) and not lock,
        "can_reopen": policy.user_has_permission(request.user, "reopen") and existing is not None and existing.is_closed
                      and lock != "published",
        "lock": lock, "lock_message": lock and services.lock_message(lock), "error": error,
        "history": selectors.sheet_history(existing),
        "preview": preview, "max_head_count": services.MAX_HEAD_COUNT,
    }, status=status)


# --- Reports -----------------------------------------------------------------------

class _Report(PluginReportView):
    permission_policy = policy
    permission_required = "report"
    export_headings = selectors.EXPORT_COLUMNS


class Reports(_Report):
    """The team's report: every figure, over any period; its CSV and XLSX (``?export=``) carry counts, never a code."""

    template_name = "attendance/admin/reports.html"
    list_export = list(selectors.EXPORT_COLUMNS)
    custom_field_preprocess = {
        "average": {"csv": lambda v: "" if v is None else f"{v:.1f}", "xlsx": lambda v: None if v is None else round(v, 1)},
        "no_show_rate": {f: lambda v: "" if v is None else f"{v * 100:.0f}%" for f in ("csv", "xlsx")},
    }

    def bad_request(self):
        self.form = ReportForm.for_query(self.request.GET)
        if self.form.is_valid():
            data = self.form.cleaned_data
            self.report = selectors.attendance_report(start=data["start"], end=data["end"], group=data["group"])
            return None
        if self.is_export:
            return text_response("; ".join(str(e) for errs in self.form.errors.values() for e in errs))
        return render(self.request, self.template_name, self._page_context(), status=400)

    def get_rows(self):
        return [*self.report.rows, self.report.total]

    def get_filename(self):
        return f"attendance-{self.report.group}-{self.report.start}-{self.report.end}"

    def _page_context(self, report=None):
        return {"view": self, "form": self.form, "report": report, "retention_days": services.retention_days(),
                "threshold": disclosure.threshold(), "external_months": disclosure.allowed_months()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self._page_context(self.report),
                "chart": charts.attendance_chart(self.report)}


class ExternalExport(_Report):
    """The funders' export: one settled month from the list, as ``plugins.api.disclosure`` allows.

    It takes no start and end: two overlapping ranges would give a hidden figure back by subtraction."""

    export_only = "csv"
    list_export = list(selectors.EXPORT_COLUMNS)[:5]

    def bad_request(self):
        self.group = self.request.GET.get("group", "activity")
        if self.group not in selectors.GROUPS:
            return text_response(_("Unknown grouping: use activity, category or space."))
        if self.request.GET.get("start") or self.request.GET.get("end"):
            return text_response(_("Figures for outside cover a whole month that has ended and settled: choose one from the list, not a start and an end."))
        try:
            self.month = disclosure.month_pick(self.request.GET.get("month"))
        except ValueError as error:
            return text_response(error)
        return None

    def get_rows(self):
        return selectors.external_rows(month=self.month, group=self.group)

    def get_filename(self):
        return f"attendance-{self.group}-{self.month:%Y-%m}-external"


_EXPORTS = {"internal": Reports.as_view(export_only="csv"), "external": ExternalExport.as_view()}


def reports_csv(request):
    """The exports' address: ``for=internal`` (the team's CSV, as the report's ``?export=csv``) or ``for=external``."""
    _require(request, "report")
    export = _EXPORTS.get(request.GET.get("for", "internal"))
    return export(request) if export else text_response(_("Unknown export: use for=internal or for=external."))
