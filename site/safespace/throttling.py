"""Limits on signing in and on password reset, per client address (safespace/client_address.py).

Signing in (django-axes, every login form: the admin's, the private pages'):
- five wrong passwords lock one username from one address (AXES_LOCKOUT_PARAMETERS),
  so nobody can keep a named person out from elsewhere;
- and, against credential stuffing, SAFESPACE_LOGIN_ADDRESS_LIMIT failures from one
  address lock that address, whatever usernames it tried. It is higher than five so
  that a few mistyped names from a shared address lock nobody else out.
Both locks last AXES_COOLOFF_TIME and answer with AXES_LOCKOUT_TEMPLATE (429).

Password reset (Wagtail admin) is limited per address and per e-mail address
(SAFESPACE_PASSWORD_RESET_RATE), counting every request, so the answer never
depends on whether an account has that e-mail address.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
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
