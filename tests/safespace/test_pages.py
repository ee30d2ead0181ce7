import re

import pytest
from django.conf import settings

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

# Attributes that make the browser fetch something (links a person follows do not count).
EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed|input)\b[^>]*\b(?:src|srcset)=["'](?:https?:)?//(?!testserver)"""
    r"""|<link\b[^>]*\bhref=["'](?:https?:)?//(?!testserver)"""
    r"""|url\(["']?(?:https?:)?//(?!testserver)""",
    re.I,
)


def test_root_redirects_to_a_language(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_home_page_serves_in_each_language(client, home, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html


def test_language_switcher_links_to_the_same_page_in_each_language(client, home, locales):
    page = StandardPageFactory(parent=home, title="Qui som", slug="qui-som")
    english = page.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "About us"
    english.slug = "about"
    english.save_revision().publish()

    html = client.get("/ca/qui-som/").content.decode()
    assert 'href="/en/about/" lang="en" hreflang="en"' in html
    # Not translated into Spanish yet: the switcher leads to the Spanish home page.
    assert 'href="/es/" lang="es" hreflang="es"' in html
    assert 'href="/ca/qui-som/" lang="ca" hreflang="ca" aria-current="true"' in html


def test_public_pages_send_security_headers(client, home):
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "default-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_public_pages_have_no_inline_script_and_no_foreign_host(client, home):
    html = client.get("/ca/").content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert EXTERNAL.search(html) is None


def test_admin_login_talks_to_nobody_else(client, home):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert EXTERNAL.search(response.content.decode()) is None
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp


def test_admin_dashboard_has_no_gravatar_and_no_update_check(client, home, superuser):
    superuser.email = "someone@example.org"
    superuser.save()
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    assert "data-w-upgrade" not in html  # Wagtail's update-check controller
    assert EXTERNAL.search(html) is None


def test_unknown_page_is_a_friendly_404(client, home):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "could not find" in response.content.decode()


def test_favicon_is_served(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")


def test_language_switcher_keeps_the_sub_view_of_a_routable_page(client, home, locales):
    from agenda.models import AgendaPage

    agenda = AgendaPage(title="Agenda", slug="agenda", locale=locales["ca"])
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
    english = agenda.copy_for_translation(locales["en"], copy_parents=True)
    english.title, english.slug = "What's on", "whats-on"
    english.save_revision().publish()

    html = client.get("/ca/agenda/week/2026-11-23/").content.decode()
    assert 'href="/en/whats-on/week/2026-11-23/" lang="en"' in html


def test_rich_text_is_cleaned_on_output_whatever_its_origin(client, home, locales):
    from safespace.models import Footer

    page = StandardPageFactory(parent=home, title="Imported", slug="imported")
    hostile = '<p>Hello <a href="javascript:alert(1)" onclick="x()">link</a></p><script>alert(1)</script><img src="https://tracker.example/p.gif">'
    page.body = [("paragraph", hostile), ("callout", {"heading": "Note", "text": hostile})]
    page.save_revision().publish()
    Footer.objects.create(locale=locales["ca"], text=hostile)

    html = client.get("/ca/imported/").content.decode()
    assert "Hello" in html
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert "tracker.example" not in html
