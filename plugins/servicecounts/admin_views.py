"""Admin views: the tally screen and its JSON endpoint, and the shift sheet.
Indicators are a Wagtail ModelViewSet (``viewsets``), reports ReportViews (``reports``).

Who sees what (``policy``): Counters (``servicecounts.tally``) count, and see the
totals of their own shift, which they have just counted themselves. Reports over
days and months, broken down by hour or day, are for Administrators
(``servicecounts.view_report``): in a small space, "two injections on Tuesday
between 14:00 and 15:00" can point at a person, so those numbers stay with the
few people who report them, and only suppressed monthly totals go further.
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

from plugins.api.admin import PermissionPolicy
from safespace.errors import json_endpoint

from . import selectors, services
from .forms import SheetForm, TallyForm, tally_strings
from .models import Indicator

# Indicators: no deleting, counts hang on them (retire one, or make a new version).
policy = PermissionPolicy(Indicator, deletable=False,
                          actions={"tally": "servicecounts.tally", "report": "servicecounts.view_report"})


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
            tap, status = services.tap_submit(form.tap_data(shift=services.shift_current(request.session)["id"]))
        except services.CountError as failure:
            error = failure.message
        else:
            if tap.indicator is not None and status == "counted":
                messages.success(request, _("Counted: %(name)s.") % {"name": tap.indicator.label()})
            elif tap.undoes is not None and status in ("undone", "undo_first"):
                messages.success(request, _("Taken back."))
            return redirect("servicecounts_admin:tally")
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
    """Taps from the tally screen, as JSON: one tap object or ``{"taps": [...]}`` (``services.taps_submit``).

    A tap: ``{"id": uuid, "indicator": id, "delta": 1, "at": ISO time, "shift": uuid}``;
    an undo: ``{"id": uuid, "undoes": uuid of the tap, "delta": -1, "at": ..., "shift": ...}``.
    Sending the same id again is harmless: it answers ``"duplicate"`` and
    counts nothing more. A batch is taken tap by tap: the good taps are
    counted even when others are refused. If any tap is refused, the answer is
    400 with ``errors`` (each refused tap's ``index`` in the batch, its ``id``,
    the ``field`` and the reason), ``saved`` (how many taps of the batch were
    taken) and, as with 200, ``results`` (the ``status`` of each tap taken)
    and the shift's totals; the device then drops the refused taps and the
    taken ones, and keeps nothing to send again. A body that is not a batch
    at all (not JSON, nested too deeply, too many taps) is refused whole.
    """
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
            result = services.sheet_record(sheet_id=form.cleaned_data["sheet_id"], start=form.start(), totals=form.totals(),
                                           shift=uuid.UUID(services.shift_current(request.session)["id"]))
        except services.CountError as error:
            form.add_error(None, error.message)
        else:
            if result["counted"]:
                messages.success(request, _("The totals are counted."))
            elif result["duplicate"]:
                messages.info(request, _("This sheet was already counted; nothing was added."))
            else:
                messages.info(request, _("All totals were zero; nothing was added."))
            return redirect("servicecounts_admin:tally")
    return render(request, "servicecounts/admin/sheet.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)
