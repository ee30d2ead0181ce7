"""Two factors for staff who can see codes or counts; login throttling."""

import re

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace import roles

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

enforced = override_settings(SAFESPACE_2FA_REQUIRED=True)


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def login(client, user):
    assert client.login(username=user.username, password="a-long-test-password")


@enforced
@pytest.mark.parametrize("group", [roles.FACILITATORS, roles.COUNTERS, roles.ADMINISTRATORS])
def test_staff_who_see_codes_or_counts_must_set_up_two_factors(client, home, user_factory, group):
    user = user_factory(groups=[group])
    login(client, user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/")


@enforced
def test_communications_is_not_forced(client, home, user_factory):
    login(client, user_factory(groups=[roles.COMMUNICATIONS]))
    assert client.get("/admin/").status_code == 200


@enforced
def test_setup_verify_and_recovery_codes(client, home, user_factory):
    user = user_factory(groups=[roles.FACILITATORS])
    login(client, user)
    setup = client.get("/admin/2fa/setup/?next=/admin/pages/")
    assert setup.status_code == 200
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post("/admin/2fa/setup/", {"token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 400
    assert "no és correcte" in wrong.content.decode()

    # django-otp throttles a device after a wrong code: wait it out.
    throttled = client.post("/admin/2fa/setup/", {"token": current_code(device), "next": "/admin/pages/"})
    assert throttled.status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    done = client.post("/admin/2fa/setup/", {"token": current_code(device), "next": "/admin/pages/"})
    assert done.status_code == 200
    codes = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert client.get("/admin/").status_code == 200

    # A new session asks for the second step; a recovery code works once.
    client.logout()
    login(client, user)
    response = client.get("/admin/pages/")
    assert response["Location"].startswith("/admin/2fa/verify/")
    code = codes[0]
    assert client.post("/admin/2fa/verify/", {"token": code, "next": "/admin/pages/"})["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    client.logout()
    login(client, user)
    assert client.post("/admin/2fa/verify/", {"token": code}).status_code == 400


@enforced
def test_verify_refuses_offsite_next(client, home, user_factory):
    user = user_factory(groups=[roles.FACILITATORS])
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    login(client, user)
    response = client.post("/admin/2fa/verify/", {"token": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


@override_settings(AXES_ENABLED=True)
def test_wrong_passwords_lock_the_account_with_a_clear_message(client, home, user_factory):
    user = user_factory(groups=[roles.COMMUNICATIONS])
    for _ in range(5):
        response = client.post("/admin/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 429
    assert "Massa intents" in response.content.decode()
    # Even the right password waits now.
    response = client.post("/admin/login/", {"username": user.username, "password": "a-long-test-password"})
    assert response.status_code == 429


@enforced
def test_admin_icons_load_before_the_second_step(client, home, user_factory):
    """Every admin page fetches the icon sprite and keeps it in localStorage; sent to the
    setup page instead, the browser would keep (and show) the setup page, secret and all."""
    login(client, user_factory(groups=[roles.FACILITATORS]))
    response = client.get("/admin/sprite/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")


@enforced
def test_the_second_step_signs_out_with_a_post(client, home, user_factory):
    user = user_factory(groups=[roles.FACILITATORS])
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    login(client, user)
    html = client.get("/admin/2fa/verify/").content.decode()
    # Django's LogoutView answers 405 to a GET: a plain link would not sign out.
    assert re.search(r'<form[^>]* method="post" action="/admin/logout/"', html)
    assert 'href="/admin/logout/"' not in html
    assert client.post("/admin/logout/")["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
