"""Plugin reports on Wagtail's own classes: ``ReportView`` with ``list_export``, access by ``permission_policy``.

- ``PermissionPolicy(Model, actions={"report": "<label>.view_reports"})`` (from
  ``plugins.api.admin``): set it as the view's ``permission_policy``; the view
  asks for its action ``"report"`` (``permission_required`` to change it).
- ``PluginReportView``: a ``ReportView`` whose rows come from a selector (a list,
  not a queryset), exported as CSV and XLSX by ``list_export`` (``?export=csv``,
  ``?export=xlsx``). Its CSV is one UTF-8 response, not a stream (reports are
  small), and ``bad_request()`` answers bad parameters with a 400 and a message
  before anything is read; with ``query_form_class``, a form reads them and
  ``read(cleaned_data)`` computes the report.

Figures meant for outside still come from ``plugins.api.disclosure``: a view
here only lays out rows that the disclosure rule has already made.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from wagtail.admin.views.reports import ReportView

from plugins.api.admin import PermissionPolicy  # here too, where reports have always found it

__all__ = ["PermissionPolicy", "PluginReportView", "text_response"]


def text_response(message, status: int = 400) -> HttpResponse:
    """A plain-text answer (a refused export): the message, never a page."""
    return HttpResponse(str(message), status=status, content_type="text/plain; charset=utf-8")


class PluginReportView(ReportView):
    """A report over rows in memory; set ``list_export``, ``export_headings`` and ``get_rows()``.

    ``export_only = "csv"``: the view answers only files (``?export=xlsx`` for the other format).
    """

    paginate_by = None
    permission_required = "report"  # the action of ``permission_policy`` that reads reports
    export_only: str | None = None
    query_form_class = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = self.is_export or self.export_only is not None

    def bad_request(self) -> HttpResponse | None:
        """Read the request's parameters; a 400 response when they are wrong.

        With ``query_form_class`` (a form with ``for_query(request.GET)``): the bound
        form is ``self.form``; valid, its ``cleaned_data`` go to ``read()``; not,
        the answer is ``query_refused()``.
        """
        if self.query_form_class is None:
            return None
        self.form = self.query_form_class.for_query(self.request.GET)
        if not self.form.is_valid():
            return self.query_refused()
        self.read(self.form.cleaned_data)
        return None

    def read(self, data: dict) -> None:
        """Compute the report from the query form's ``cleaned_data``, before ``get_rows()``."""

    def query_refused(self) -> HttpResponse:
        """A 400: a file's request gets the form's errors as text, a page the form with ``refused_context()``."""
        if self.is_export:
            return text_response("; ".join(str(e) for errors in self.form.errors.values() for e in errors))
        return render(self.request, self.template_name, self.refused_context(), status=400)

    def refused_context(self) -> dict:
        return {"form": self.form}

    def get_rows(self) -> list:
        raise NotImplementedError

    def get_queryset(self):
        return self.get_rows()

    def get(self, request, *args, **kwargs):
        return self.bad_request() or super().get(request, *args, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        spreadsheet_format = spreadsheet_format if spreadsheet_format in self.FORMATS else self.export_only
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def write_csv_response(self, queryset):
        response = HttpResponse(b"".join(self.stream_csv(queryset)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response
