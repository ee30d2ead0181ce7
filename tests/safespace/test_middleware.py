"""The security headers' CSP, and Django's development error pages under it."""

import re

import pytest

pytestmark = pytest.mark.django_db


def style_src(response) -> list[str]:
    csp = response["Content-Security-Policy"]
    return re.search(r"style-src ([^;]*)", csp).group(1).split()


def test_development_404_page_keeps_its_inline_styles(client, home, settings):
    settings.DEBUG = True
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<style>" in html  # Django's technical 404
    assert "'unsafe-inline'" in style_src(response)
    assert "default-src 'self'" in response["Content-Security-Policy"]  # still no other host


def test_development_500_page_keeps_its_inline_script(settings, rf):
    import sys

    from django.views.debug import technical_500_response

    from safespace.middleware import SecurityHeadersMiddleware

    settings.DEBUG = True
    request = rf.get("/en/")
    try:
        raise ValueError("boom")
    except ValueError:
        page = technical_500_response(request, *sys.exc_info())
    response = SecurityHeadersMiddleware(lambda request: page)(request)
    csp = response["Content-Security-Policy"]
    assert "<script>" in page.content.decode()
    assert "script-src 'self' 'unsafe-inline'" in csp


def test_404_outside_development_keeps_the_strict_policy(client, home, settings):
    settings.DEBUG = False
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert style_src(response) == ["'self'"]
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_ordinary_pages_keep_the_strict_policy_in_development(client, home, settings):
    settings.DEBUG = True
    response = client.get("/en/")
    assert response.status_code == 200
    assert style_src(response) == ["'self'"]
