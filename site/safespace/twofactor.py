"""Two factors for the staff who can see participant codes or counts.

django-otp directly (wagtail-2fa does not run on Wagtail 8): a TOTP device
from any authenticator app, plus ten single-use recovery codes (django-otp's
static device). Who must use it: superusers and the groups in
SAFESPACE_2FA_GROUPS, while SAFESPACE_2FA_REQUIRED is on (production;
development and tests switch it off so the demo and unrelated tests stay simple).
"""

from __future__ import annotations

import secrets

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
# Paths a user who still owes a second factor may reach. The icon sprite is
# fetched by every admin page (the 2FA pages too) and kept in localStorage:
# redirected, it would be the setup page, secret and all.
OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/2fa/", "/admin/jsi18n/", "/admin/sprite/")


def two_factor_required(user) -> bool:
    if not getattr(settings, "SAFESPACE_2FA_REQUIRED", True) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    groups = getattr(settings, "SAFESPACE_2FA_GROUPS", ())
    return user.groups.filter(name__in=groups).exists()


class TwoFactorMiddleware:
    """Send staff who must use two factors to set them up or to verify, before any admin page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            path.startswith("/admin/")
            and not path.startswith(OPEN_PATHS)
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and two_factor_required(user)
        ):
            target = "safespace_2fa:verify" if user_has_device(user) else "safespace_2fa:setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=gettext_lazy("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("wagtailadmin_home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return reverse("wagtailadmin_home")
    return target


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def recovery_codes_create(*, user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def setup(request):
    """Show a QR code for an authenticator app; a correct code confirms the device."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() and not request.user.is_verified():
        return redirect(f"{reverse('safespace_2fa:verify')}?next={_next_url(request)}")
    device = _pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = recovery_codes_create(user=user)
            return render(request, "safespace/2fa/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("token", _("That code is not right. Check the time on your phone and try the newest code."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, dark="#1f1a24", light="#ffffff", svgclass="twofactor-qr", title=_("QR code")),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "next": _next_url(request),
    }
    return render(request, "safespace/2fa/setup.html", context, status=400 if form.errors else 200)


def verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, ngettext("You used a recovery code; %(n)d is left.", "You used a recovery code; %(n)d are left.", left) % {"n": left})
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not right."))
    return render(request, "safespace/2fa/verify.html", {"form": form, "next": _next_url(request)},
                  status=400 if form.errors else 200)


def recovery(request):
    """New recovery codes, for a user who has verified with two factors."""
    if not request.user.is_verified():
        return redirect(f"{reverse('safespace_2fa:verify')}?next={request.path}")
    if request.method == "POST":
        return render(request, "safespace/2fa/recovery_codes.html",
                      {"codes": recovery_codes_create(user=request.user), "next": reverse("wagtailadmin_home")})
    return render(request, "safespace/2fa/recovery_confirm.html")
