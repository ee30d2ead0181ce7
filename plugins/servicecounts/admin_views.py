"""Admin views: the tally screen and its JSON endpoint, and the shift sheet; access is ``services.policy``.
Indicators are a Wagtail ModelViewSet (``viewsets``), reports ReportViews (``reports``).
"""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from plugins.api.admin import tell
from safespace.errors import json_endpoint

from . import selectors, services
from .forms import SheetForm, TallyForm, tally_strings
from .services import policy


@never_cache
@require_http_methods(["GET", "POST"])
@policy.required("tally")
def tally(request):
    error = None
    if request.method == "POST":
        form = TallyForm(request.POST)
        if form.is_valid() and form.cleaned_data["action"] == "new_shift":
            services.shift_current(request.session, new=True)
            messages.success(request, _("A new shift has started; its totals start at zero."))
            return redirect("servicecounts_admin:tally")
        try:
            tell(request, services.tap_submit(form.tap_data(shift=services.shift_current(request.session)["id"])))
            return redirect("servicecounts_admin:tally")
        except services.CountError as failure:
            error = failure.message
    shift = services.shift_current(request.session)
    return render(request, "servicecounts/admin/tally.html", {
        **selectors.tally_screen(shift=shift["id"], day=timezone.localdate()),
        "shift": shift, "shift_started": parse_datetime(shift["started"]), "error": error,
        "tap_url": reverse("servicecounts_admin:taps"), "can_report": policy.user_has_permission(request.user, "report"),
        "tally_strings": tally_strings(), "time_zone": timezone.get_current_timezone_name(),
    }, status=400 if error else 200)


def _json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@json_endpoint
@never_cache
@require_POST
def taps(request):
    """Taps from the tally screen, as JSON (``services.taps_submit`` says how): 200, or 400 if any is refused."""
    if not policy.user_has_permission(request.user, "tally"):
        return _json_error(_("Only Counters can count."), 403)
    if request.content_type != "application/json":
        return _json_error(_("Send JSON (Content-Type: application/json)."), 415)
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _json_error(_("The body is not valid JSON."))
    except RecursionError:
        return _json_error(_("The JSON is nested too deeply."))
    try:
        answer = services.taps_submit(payload, now=timezone.now())
    except services.BatchRefused as refusal:
        return _json_error(refusal.message, refusal.status)
    return JsonResponse(answer, status=400 if "errors" in answer else 200)


@never_cache
@policy.required("tally")
def sheet(request):
    form = SheetForm.for_day(request.POST or None, day=(request.POST if request.method == "POST" else request.GET).get("day"))
    if request.method == "POST" and form.is_valid():
        try:
            tell(request, services.sheet_submit(**form.entry(), shift=uuid.UUID(services.shift_current(request.session)["id"])))
            return redirect("servicecounts_admin:tally")
        except services.CountError as error:
            form.add_error(None, error.message)
    return render(request, "servicecounts/admin/sheet.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)
