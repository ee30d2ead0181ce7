"""Limits on signing in and on password reset, per client address (safespace/client_address.py).

Signing in (django-axes, every login form: the admin's, the private pages'):
- five wrong passwords lock one username from one address (AXES_LOCKOUT_PARAMETERS),
  so nobody can keep a named person out from elsewhere;
- and, against credential stuffing, SAFESPACE_LOGIN_ADDRESS_LIMIT failures from one
  address lock that address, whatever usernames it tried. It is higher than five so
  that a few mistyped names from a shared address lock nobody else out.
Both locks last AXES_COOLOFF_TIME and answer with AXES_LOCKOUT_TEMPLATE (429),
through lockout_response (AXES_LOCKOUT_CALLABLE): it says which of the two
limits was reached and at what time signing in from there works again. Axes
counts failures for any username typed, existing or not, so the page (and the
time) is the same whether or not an account has that username.

Password reset (Wagtail admin) is limited per address and per e-mail address
(SAFESPACE_PASSWORD_RESET_RATE), counting every request, so the answer never
depends on whether an account has that e-mail address.
"""

from __future__ import annotations

import datetime as dt
import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views import account


class AxesHandler(AxesDatabaseHandler):
    """Axes' database handler, plus a lock on an address that failed too often with any usernames."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # Axes compares only its own parameters after a failure; the failure that
        # reaches the address limit answers with the lockout page too.
        if request is not None and not getattr(request, "axes_locked_out", False) and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def address_locked(self, request) -> bool:
        return self.address_failures(request) >= settings.SAFESPACE_LOGIN_ADDRESS_LIMIT

    def address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _lock_ends(request, credentials) -> tuple[str, dt.datetime]:
    """Which lock holds this request ("username" or "address"), and when it ends.

    A username is locked from an address until its last failure there is
    AXES_COOLOFF_TIME old. An address is locked while the failures of the
    attempts (one per username) in the cool-off window add up to the limit;
    each attempt leaves the window AXES_COOLOFF_TIME after its last failure,
    so the lock ends when enough of them have left. If both hold, the later end.
    """
    cool_off = get_cool_off(request) or dt.timedelta(0)
    now = timezone.now()
    recent = AccessAttempt.objects.filter(ip_address=request.axes_ip_address,
                                          attempt_time__gte=get_cool_off_threshold(request))
    ends = []
    username = get_client_username(request, credentials)
    if username:
        mine = recent.filter(username=username, failures_since_start__gte=get_failure_limit(request, credentials))
        last = mine.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
        if last is not None:
            ends.append((last + cool_off, "username"))
    rows = list(recent.order_by("attempt_time").values_list("attempt_time", "failures_since_start"))
    total = sum(failures for _at, failures in rows)
    for at, failures in rows:
        if total < settings.SAFESPACE_LOGIN_ADDRESS_LIMIT:
            break
        total -= failures
        if total < settings.SAFESPACE_LOGIN_ADDRESS_LIMIT:
            ends.append((at + cool_off, "address"))
    if not ends:  # the lock was found a moment ago; say the whole cool-off
        return "username", now + cool_off
    end, kind = max(ends)
    return kind, end


def lockout_response(request, original_response=None, credentials=None):
    """The answer (429) to a locked-out sign-in: which limit, and when to try again; never whether the account exists."""
    kind, end = _lock_ends(request, credentials)
    minutes = max(1, math.ceil((end - timezone.now()).total_seconds() / 60))
    context = {"kind": kind, "retry_at": timezone.localtime(end), "minutes": minutes}
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"error": "locked_out", "limit": kind, "retry_at": end.isoformat()},
                            status=settings.AXES_HTTP_RESPONSE_CODE)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)


def _email(group, request) -> str:
    return request.POST.get("email", "").strip().lower()


def password_reset_limited(request) -> bool:
    rate = settings.SAFESPACE_PASSWORD_RESET_RATE
    by_address = is_ratelimited(request, group="safespace.password_reset.ip", key="ip", rate=rate, increment=True)
    by_email = is_ratelimited(request, group="safespace.password_reset.email", key=_email, rate=rate, increment=True)
    return by_address or by_email


class PasswordResetView(account.PasswordResetView):
    """Wagtail's password reset, refusing with 429 and the form once the limit is reached."""

    def post(self, request, *args, **kwargs):
        if password_reset_limited(request):
            form = self.get_form()
            form.add_error(None, _("Too many password reset requests. Try again later."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
