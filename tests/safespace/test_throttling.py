"""Login throttling by username and address, per address, and password reset limits.

The lockout message is checked in tests/safespace/test_twofactor.py.
"""

import re

import pytest
from django.core import mail
from django.test import override_settings

from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home")]

axes_on = override_settings(AXES_ENABLED=True)
LOGIN_PATHS = ["/admin/login/", "/ca/_util/login/"]


def attempt(client, path, username, password="wrong", address="10.0.0.1", **headers):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in(response) -> bool:
    return response.status_code == 302


@axes_on
@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_wrong_passwords_lock_the_username_only_from_that_address(client, user_factory, path):
    user = user_factory()
    statuses = [attempt(client, path, user.username).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert attempt(client, path, user.username, PASSWORD).status_code == 429
    # Someone elsewhere cannot keep the owner out.
    assert signed_in(attempt(client, path, user.username, PASSWORD, address="10.0.0.2"))


@axes_on
@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_made_up_usernames_lock_out_nobody(client, user_factory, path):
    staff = user_factory()
    for n in range(5):
        attempt(client, path, f"nobody{n}")
    # Not even someone behind the same address (one proxy, or the space's wifi).
    assert signed_in(attempt(client, path, staff.username, PASSWORD))


@axes_on
@override_settings(SAFESPACE_LOGIN_ADDRESS_LIMIT=12)
@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_an_address_that_tries_many_usernames_is_locked(client, user_factory, path):
    staff = user_factory()
    statuses = [attempt(client, path, f"stuffed{n}").status_code for n in range(12)]
    assert statuses == [200] * 11 + [429]
    # Credential stuffing stops there, even with a right password ...
    assert attempt(client, path, staff.username, PASSWORD).status_code == 429
    # ... from that address only.
    assert signed_in(attempt(client, path, staff.username, PASSWORD, address="10.0.0.2"))


@axes_on
@override_settings(SAFESPACE_PROXY_COUNT=0)
def test_a_forged_forwarded_header_is_ignored_without_a_proxy(client, user_factory):
    user = user_factory()
    for n in range(5):
        attempt(client, "/admin/login/", user.username, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    right = attempt(client, "/admin/login/", user.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert right.status_code == 429


@axes_on
@override_settings(SAFESPACE_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_counts(client, user_factory):
    user = user_factory()

    def through_proxy(password, forwarded):
        return attempt(client, "/admin/login/", user.username, password, address="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(5):
        through_proxy("wrong", f"198.51.100.{n}, 203.0.113.1")
    # The same client, whatever it writes to the left ...
    assert through_proxy(PASSWORD, "203.0.113.2, 203.0.113.1").status_code == 429
    # ... while another client behind the same proxy signs in.
    assert signed_in(through_proxy(PASSWORD, "203.0.113.2"))


@override_settings(SAFESPACE_PROXY_COUNT=1, ENROLLMENT_RATE="2/10m")
def test_the_sign_up_limit_counts_each_client_behind_the_proxy():
    from django.test import RequestFactory
    from plugins.enrollment.views import _limited

    def post(client_address):
        return RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address)

    assert [_limited(post("203.0.113.1")) for _ in range(3)] == [False, False, True]
    assert _limited(post("203.0.113.2")) is False


def reset(client, email, address="10.0.0.1"):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address)


@override_settings(SAFESPACE_PASSWORD_RESET_RATE="3/h")
def test_password_reset_is_limited_and_answers_alike_for_known_and_unknown_addresses(client, user_factory):
    user_factory(email="known@example.org")
    known = [reset(client, "known@example.org", address="10.0.0.1") for _ in range(4)]
    unknown = [reset(client, "unknown@example.org", address="10.0.0.2") for _ in range(4)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [302, 302, 302, 429]
    assert [r["Location"] for r in known[:3]] == [r["Location"] for r in unknown[:3]]
    assert len(mail.outbox) == 3  # the known address only, and not after the limit
    messages = [r.content.decode() for r in (known[3], unknown[3])]
    for html in messages:
        assert "Massa sol·licituds" in html or "Too many password reset requests" in html
    # The same page but for the e-mail address typed in and the form's token.
    strip = lambda html, email: re.sub(r"\b[A-Za-z0-9]{64}\b", "", html.replace(email, ""))  # noqa: E731
    assert strip(messages[0], "known@example.org") == strip(messages[1], "unknown@example.org")


@override_settings(SAFESPACE_PASSWORD_RESET_RATE="3/h")
def test_password_reset_is_limited_per_address_whatever_the_email(client):
    statuses = [reset(client, f"someone{n}@example.org").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert reset(client, "someone@example.org", address="10.0.0.2").status_code == 302


@override_settings(SAFESPACE_PASSWORD_RESET_RATE="3/h")
def test_password_reset_is_limited_per_email_whatever_the_address(client):
    statuses = [reset(client, "Target@Example.org ", address=f"10.0.0.{n}").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]


# --- What a locked-out person reads ------------------------------------------------

def _lockout(response) -> dict:
    html = response.content.decode()
    what = re.search(r'<p class="lockout__what" data-limit="(\w+)">([^<]*)</p>', html)
    when = re.search(r'<p class="lockout__when" data-retry-at="([^"]+)">([^<]*)</p>', html)
    return {"limit": what.group(1), "retry_at": when.group(1), "when": " ".join(when.group(2).split())}


@axes_on
@pytest.mark.clock
def test_a_locked_username_reads_which_limit_and_when_to_retry(client, user_factory, time_machine):
    import datetime as dt

    user = user_factory()
    start = dt.datetime(2026, 3, 29, 0, 45, tzinfo=dt.timezone.utc)  # 01:45 in Madrid, before the spring change
    for n in range(5):
        time_machine.move_to(start + dt.timedelta(minutes=n), tick=False)
        response = attempt(client, "/admin/login/", user.username)
    assert response.status_code == 429
    # The last failure at 00:49 UTC, plus 15 minutes: 01:04 UTC, 03:04 in Madrid (summer time by then).
    assert _lockout(response)["limit"] == "username"
    assert _lockout(response)["retry_at"] == "2026-03-29T03:04:00+02:00"
    assert re.findall(r"\d+", _lockout(response)["when"]) == ["03", "04", "15"]
    # Trying before then starts the wait again (axes' AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT),
    # and the page says the new time.
    time_machine.move_to(start + dt.timedelta(minutes=14), tick=False)
    later = attempt(client, "/admin/login/", user.username, PASSWORD)
    assert later.status_code == 429 and _lockout(later)["retry_at"] == "2026-03-29T03:14:00+02:00"
    assert re.findall(r"\d+", _lockout(later)["when"]) == ["03", "14", "15"]
    time_machine.move_to(start + dt.timedelta(minutes=29, seconds=1), tick=False)
    assert signed_in(attempt(client, "/admin/login/", user.username, PASSWORD))


@axes_on
@pytest.mark.clock
@override_settings(SAFESPACE_LOGIN_ADDRESS_LIMIT=12)
def test_a_locked_address_reads_which_limit_and_when_to_retry(client, user_factory, time_machine):
    import datetime as dt

    start = dt.datetime(2026, 12, 31, 22, 40, tzinfo=dt.timezone.utc)  # 23:40 on 31 December in Madrid
    for n in range(12):
        time_machine.move_to(start + dt.timedelta(minutes=n), tick=False)
        response = attempt(client, "/ca/_util/login/", f"stuffed{n}")
    assert response.status_code == 429
    # Below the limit again once the first failure (22:40 UTC) leaves the 15 minutes: 23:55 in Madrid.
    assert _lockout(response)["limit"] == "address"
    assert _lockout(response)["retry_at"] == "2026-12-31T23:55:00+01:00" and "23:55" in _lockout(response)["when"]


@axes_on
@pytest.mark.clock
def test_the_lockout_page_does_not_tell_whether_the_account_exists(client, user_factory, time_machine):
    import datetime as dt

    user = user_factory()
    answers = {}
    for username, address in ((user.username, "10.0.0.1"), ("nobody-here", "10.0.0.2")):
        for n in range(5):
            time_machine.move_to(dt.datetime(2026, 2, 28, 23, 0, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=n),
                                 tick=False)
            response = attempt(client, "/admin/login/", username, address=address)
        answers[username] = (response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "",
                                                          response.content.decode()))
    assert answers[user.username] == answers["nobody-here"]
    assert answers[user.username][0] == 429 and user.username not in answers[user.username][1]
