"""Admin views: the sessions to take attendance for, the sheet, and reports.

Thin on purpose: the sheet is ``forms.SheetForm`` and ``services.sheet_submit``
(which holds the rules), reports are Wagtail ``ReportView``s with ``list_export``
(CSV and XLSX) over ``selectors``, access is ``services.policy``. Figures for outside
come from ``plugins.api.disclosure`` through ``selectors.external_rows``.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.models import Site

from agenda.models import ActivityPage
from agenda.selectors import occurrence_at
from plugins.api import disclosure, sites
from plugins.api.admin import tell
from plugins.api.reports import PluginReportView, text_response

from . import charts, selectors, services
from .forms import ReportForm, SheetForm, external_choice
from .services import policy


@policy.required("view")
def index(request):
    return render(request, "attendance/admin/index.html", {
        "sessions": selectors.recent_sessions(request=request), "days": selectors.DAYS_BACK,
        "can_report": policy.user_has_permission(request.user, "report"),
    })


@policy.required("view")
def sheet(request, activity_id: int, stamp: str):
    activity = get_object_or_404(sites.pages_of(ActivityPage.objects.all()), pk=activity_id)  # another space's: 404
    occurrence = occurrence_at(page=activity, stamp=stamp, request=request)
    if occurrence is None:
        raise Http404(_("There is no session at that time."))
    form = SheetForm.for_session(request.POST if request.method == "POST" else None,
                                 site=Site.find_for_request(request), occurrence=occurrence)
    status, error, preview = 200, None, None
    if request.method == "POST":
        policy.require(request.user, "reopen" if request.POST.get("action") == "reopen" else "change")
        try:
            if request.POST.get("action") == "preview":  # "Check the codes": who would be added; saves nothing
                preview = form.preview()
            else:
                tell(request, services.sheet_submit(occurrence=occurrence, activity=activity, roster=form.roster,
                                                    entry=form.entry(), user=request.user).said())
                return redirect(request.path)
        except services.AttendanceError as refusal:
            error, status = refusal.message, 409 if isinstance(refusal, services.AttendanceConflict) else 400
        form.reread()
    return render(request, "attendance/admin/sheet.html", {
        "activity": activity, "occurrence": occurrence, **form.shown(), "history": selectors.sheet_history(form.sheet),
        **services.sheet_rights(user=request.user, occurrence=occurrence, sheet=form.sheet),
        "error": error, "preview": preview,
    }, status=status)


# --- Reports -----------------------------------------------------------------------

class _Report(PluginReportView):
    permission_policy = policy
    export_headings = selectors.EXPORT_COLUMNS


class Reports(_Report):
    """The team's report: every figure, over any period; its CSV and XLSX (``?export=``) carry counts, never a code."""

    template_name = "attendance/admin/reports.html"
    list_export = list(selectors.EXPORT_COLUMNS)
    query_form_class = ReportForm
    custom_field_preprocess = selectors.EXPORT_FORMATS

    def read(self, data):
        self.report = selectors.attendance_report(start=data["start"], end=data["end"], group=data["group"])

    def get_rows(self):
        return [*self.report.rows, self.report.total]

    def get_filename(self):
        return f"attendance-{self.report.group}-{self.report.start}-{self.report.end}"

    def refused_context(self, report=None):
        return {"view": self, "form": self.form, "report": report, "retention_days": services.retention_days(),
                "threshold": disclosure.threshold(), "external_months": disclosure.allowed_months()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.refused_context(self.report),
                "chart": charts.attendance_chart(self.report)}


class ExternalExport(_Report):
    """The funders' export: one settled month from the list, as ``plugins.api.disclosure`` allows (``forms.external_choice``)."""

    export_only = "csv"
    list_export = list(selectors.EXPORT_COLUMNS)[:5]

    def bad_request(self):
        try:
            self.group, self.month = external_choice(self.request.GET)
        except ValueError as error:
            return text_response(error)
        return None

    def get_rows(self):
        return selectors.external_rows(month=self.month, group=self.group)

    def get_filename(self):
        return f"attendance-{self.group}-{self.month:%Y-%m}-external"


_EXPORTS = {"internal": Reports.as_view(export_only="csv"), "external": ExternalExport.as_view()}


@policy.required("report")
def reports_csv(request):
    """The exports' address: ``for=internal`` (the team's CSV, as the report's ``?export=csv``) or ``for=external``."""
    export = _EXPORTS.get(request.GET.get("for", "internal"))
    return export(request) if export else text_response(_("Unknown export: use for=internal or for=external."))
