"""Staff accounts: signing out, who may manage whom, the account page."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

pytestmark = pytest.mark.django_db


def test_a_get_to_logout_changes_nothing(client, home, user_factory):
    """405, and the session is neither dropped from the browser nor kept alive behind its back."""
    client.force_login(user_factory(is_superuser=True, is_staff=True))
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # no Set-Cookie deleting it
    assert SessionStore(session_key).exists(session_key)
    assert client.get("/admin/").status_code == 200

    # A POST signs out on both sides.
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert not SessionStore(session_key).exists(session_key)
    assert client.get("/admin/").status_code == 302
