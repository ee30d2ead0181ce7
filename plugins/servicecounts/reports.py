"""Reports of service counts, on Wagtail's ReportView (``plugins.api.reports``).

- ``Report`` (/admin/servicecounts/report/): the team's internal figures over
  any range, by day, week, month or year, with a comparison and charts; CSV
  and XLSX by ``list_export`` (``?export=csv``, or ``?format=csv`` as before),
  JSON with the indicators' details. Not suppressed: for Administrators only.
- ``FundersReport`` (``?format=print``): for outside. A period from
  ``plugins.api.disclosure.allowed_periods()`` (whole months that have ended
  and settled; never a start and an end), monthly totals of publishable
  indicators with complementary suppression, as the public impact page;
  printable, and as CSV/XLSX of the very same published cells.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from plugins.api import disclosure
from plugins.api.reports import PluginReportView, text_response

from . import charts, selectors
from .forms import ReportForm
from .services import policy

FORMATS = ("html", "csv", "json", "print")


class Report(PluginReportView):
    permission_policy = policy
    template_name = "servicecounts/admin/report.html"
    list_export = ["period_start", "period", "indicator_id", "indicator", "category", "unit", "count"]
    export_headings = {name: name for name in list_export}
    query_form_class = ReportForm

    def setup(self, request, *args, **kwargs):
        self.output = request.GET.get("format", "html")
        if self.output == "csv":  # ?format=csv, the address before list_export
            self.export_only = "csv"
        super().setup(request, *args, **kwargs)

    def bad_request(self):
        if self.output not in FORMATS:
            return text_response(_("Unknown format; use html, csv, json or print."))
        return super().bad_request()

    def read(self, data):
        self.table = selectors.report_table(start=data["start"], end=data["end"], grain=data["grain"])

    def query_refused(self):
        if self.is_export or self.output == "json":
            return JsonResponse({"errors": self.form.errors.get_json_data()}, status=400)
        return super().query_refused()

    def get(self, request, *args, **kwargs):
        if self.output == "print":
            return FundersReport.as_view()(request)
        if self.output == "json":
            return self.bad_request() or _json(self.table)
        return super().get(request, *args, **kwargs)

    def get_rows(self):
        return selectors.report_rows(self.table)

    def get_filename(self):
        return f"service-counts-{self.table.grain}-{self.table.start}-{self.table.end}"

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        for name in ("format", "export"):
            query.pop(name, None)
        summary = selectors.report_summary(self.table, self.form.cleaned_data["compare"])
        return {**super().get_context_data(**kwargs), "form": self.form, **summary, "charts": charts.report_charts(**summary),
                "query": query.urlencode(), "threshold": selectors.threshold(), "periods": disclosure.allowed_periods()}


def _json(table: selectors.Table) -> JsonResponse:
    response = JsonResponse({
        "grain": table.grain, "start": table.start.isoformat(), "end": table.end.isoformat(),
        "note": "Internal figures, not suppressed: do not publish as they are.",
        "indicators": [
            {"id": i.pk, "name": i.name, "unit": i.unit, "category": i.category, "agreed": i.agreed,
             "publishable": i.publishable, "active_from": i.active_from.isoformat(),
             "active_until": i.active_until.isoformat() if i.active_until else None, "replaces": i.replaces_id}
            for i in table.indicators
        ],
        "periods": [
            {"start": row["start"].isoformat(), "label": row["label"], "counts": {str(k): v for k, v in row["counts"].items()}}
            for row in table.rows
        ],
    }, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="service-counts-{table.grain}-{table.start}-{table.end}.json"'
    return response


class FundersReport(PluginReportView):
    """Monthly figures for funders: a period from the list, suppressed as the public page is (plugins.api.disclosure)."""

    permission_policy = policy
    template_name = "servicecounts/admin/report_print.html"
    list_export = ["month", "category", "service", "count", "unit"]
    export_headings = {name: name for name in list_export}

    def bad_request(self):
        try:  # a start and an end are never read: the period comes from the list
            self.period = disclosure.period_pick(self.request.GET.get("period"))
        except ValueError as error:
            return text_response(error)
        self.published = selectors.funders_months(months=list(self.period.months))
        return None

    def get_rows(self):
        return selectors.funders_rows(self.published)

    def get_filename(self):
        return f"service-counts-{self.period.code}-for-funders"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "months": self.published, "period": self.period,
                "periods": disclosure.allowed_periods(), "threshold": selectors.threshold(),
                "generated": timezone.localtime(), "withheld": disclosure.WITHHELD,
                "site_name": self.request.site.site_name if getattr(self.request, "site", None) else ""}
