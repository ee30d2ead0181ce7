"""Admin views: the tally screen and its JSON endpoint, and the shift sheet.
Indicators are a Wagtail ModelViewSet (``viewsets``), reports ReportViews (``reports``).

Who sees what: Counters (``servicecounts.tally``) count, and see the totals of
their own shift, which they have just counted themselves. Reports over days
and months, broken down by hour or day, are for Administrators
(``servicecounts.view_report``): in a small space, "two injections on Tuesday
between 14:00 and 15:00" can point at a person, so those numbers stay with the
few people who report them, and only suppressed monthly totals go further.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from safespace.errors import json_endpoint

from . import selectors, services
from .forms import SheetForm, TallyForm
from .models import Indicator

SESSION_KEY = "servicecounts_shift"
SHIFT_LENGTH = dt.timedelta(hours=14)


def _require(request, perm: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _shift(request, *, new: bool = False) -> dict:
    """This browser session's shift: a random id, renewed after a long pause or on request."""
    shift = request.session.get(SESSION_KEY)
    now = timezone.now()
    started = parse_datetime(shift["started"]) if isinstance(shift, dict) and shift.get("started") else None
    if new or started is None or now - started > SHIFT_LENGTH:
        shift = {"id": str(uuid.uuid4()), "started": now.isoformat()}
        request.session[SESSION_KEY] = shift
    return shift


# --- Tally ------------------------------------------------------------------


def _tally_strings() -> dict[str, str]:
    """What tally.js says, in the admin's language (read from a JSON script element, never run)."""
    return {
        "saved": _("All taps are saved."),
        # Catalan and Spanish, like English, have one form for 1 and one for the rest.
        "waiting_one": ngettext(
            "%(count)s tap waiting to be sent. It is kept on this device.",
            "%(count)s taps waiting to be sent. They are kept on this device.", 1,
        ),
        "waiting_other": ngettext(
            "%(count)s tap waiting to be sent. It is kept on this device.",
            "%(count)s taps waiting to be sent. They are kept on this device.", 2,
        ),
        "undo": _("Undo"),
        "refused": _("Refused: %(reason)s"),
        "logged_out": _("You are logged out or your session has ended: log in again; nothing queued is lost."),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def tally(request):
    _require(request, "servicecounts.tally")
    error = None
    if request.method == "POST":
        form = TallyForm(request.POST)
        if form.is_valid() and form.cleaned_data["action"] == "new_shift":
            _shift(request, new=True)
            messages.success(request, _("A new shift has started; its totals start at zero."))
            return redirect("servicecounts_admin:tally")
        try:
            if not form.is_valid():
                raise services.CountError(" ".join(form.errors.get("action") or [_("Unknown action.")]))
            tap, status = services.tap_submit(form.tap_data(shift=_shift(request)["id"]))
        except services.CountError as failure:
            error = failure.message
        else:
            if tap.indicator is not None and status == "counted":
                messages.success(request, _("Counted: %(name)s.") % {"name": tap.indicator.label()})
            elif tap.undoes is not None and status in ("undone", "undo_first"):
                messages.success(request, _("Taken back."))
            return redirect("servicecounts_admin:tally")
    shift = _shift(request)
    today = timezone.localdate()
    indicators = list(selectors.indicators_active(day=today))
    totals = selectors.shift_totals(shift=shift["id"])
    recent = selectors.shift_recent_taps(shift=shift["id"])
    context = {
        "indicators": [(i, totals.get(i.pk, 0), uuid.uuid4()) for i in indicators],
        "recent": [(tap, uuid.uuid4()) for tap in recent],
        "shift": shift,
        "shift_started": parse_datetime(shift["started"]),
        "error": error,
        "tap_url": reverse("servicecounts_admin:taps"),
        "can_report": request.user.has_perm("servicecounts.view_report"),
        "tally_strings": _tally_strings(),
        "time_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "servicecounts/admin/tally.html", context, status=400 if error else 200)


def _json_error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


@json_endpoint
@never_cache
@require_POST
def taps(request):
    """Taps from the tally screen, as JSON: one tap object or ``{"taps": [...]}``.

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
    if not request.user.has_perm("servicecounts.tally"):
        return _json_error(_("Only Counters can count."), 403)
    if request.content_type != "application/json":
        return _json_error(_("Send JSON (Content-Type: application/json)."), 415)
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _json_error(_("The body is not valid JSON."))
    except RecursionError:
        return _json_error(_("The JSON is nested too deeply."))
    items = payload.get("taps") if isinstance(payload, dict) and "taps" in payload else [payload]
    if not isinstance(items, list) or not items:
        return _json_error(_("Send a tap object, or {\"taps\": [...]} with at least one tap."))
    if len(items) > services.MAX_BATCH:
        return _json_error(ngettext("Send at most %(n)d tap at once.", "Send at most %(n)d taps at once.", services.MAX_BATCH) % {"n": services.MAX_BATCH}, 413)
    wanted = {item.get("indicator") for item in items
              if isinstance(item, dict) and type(item.get("indicator")) is int and abs(item["indicator"]) < 2**63}
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=wanted)} if wanted else {}
    now = timezone.now()
    results, errors, shifts = [], [], []

    def refuse(index, item, error):
        sent_id = item.get("id") if isinstance(item, dict) else None
        errors.append({"index": index, "id": sent_id[:100] if isinstance(sent_id, str) else None,
                       "field": error.field, "error": error.message})

    for index, item in enumerate(items):
        try:
            tap = services.tap_parse(item, indicators=indicators, now=now)
            status = services.tap_record(
                tap_id=tap.tap_id, at=tap.at, indicator=tap.indicator, delta=tap.delta, undoes=tap.undoes,
                shift=tap.shift, now=now,
            )
        except services.CountError as error:
            refuse(index, item, error)
            continue
        results.append({"id": str(tap.tap_id), "status": status})
        if tap.shift and tap.shift not in shifts:
            shifts.append(tap.shift)
    current = shifts[-1] if shifts else None
    totals = selectors.shift_totals(shift=current) if current else {}
    answer = {
        "results": results,
        "saved": len(results),
        "shift": {"id": str(current) if current else None, "totals": {str(k): v for k, v in totals.items()}},
    }
    if errors:
        message = ngettext(
            "%(refused)d tap was refused; %(saved)d of the batch were saved.",
            "%(refused)d taps were refused; %(saved)d of the batch were saved.", len(errors),
        ) % {"refused": len(errors), "saved": len(results)}
        return _json_error(message, errors=errors, **answer)
    return JsonResponse(answer)


@never_cache
def sheet(request):
    _require(request, "servicecounts.tally")
    today = timezone.localdate()
    day_raw = request.POST.get("day") if request.method == "POST" else request.GET.get("day")
    try:
        day = dt.date.fromisoformat(day_raw) if day_raw else today
    except ValueError:
        day = today
    indicators = list(selectors.indicators_active(day=day))
    form = SheetForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        shift = _shift(request)
        try:
            result = services.sheet_record(
                sheet_id=form.cleaned_data["sheet_id"], start=form.start(), totals=form.totals(),
                shift=uuid.UUID(shift["id"]),
            )
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
