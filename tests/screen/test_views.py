"""The screen's addresses: page, data and QR code."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from screen import qr, selectors
from screen.models import Screen
from screen.services import screen_token_regenerate
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

PAGE_BUDGET = 50 * 1024


@pytest.mark.parametrize("suffix", ["", "data.json", "qr/ca.svg", "sw.js"])
def test_unknown_token_is_a_plain_404(client, screen_factory, suffix):
    screen = screen_factory()
    near_miss = screen.token[:-1] + ("A" if screen.token[-1] != "A" else "B")
    for token in ("nope", "x" * 32, near_miss, "%2e%2e"):
        response = client.get(f"/screen/{token}/{suffix}")
        assert response.status_code == 404, token  # not a redirect to /ca/screen/...
        assert screen.name.encode() not in response.content


def test_a_regenerated_token_closes_the_old_address(client, screen_factory):
    screen = screen_factory()
    old = screen.token
    assert len(old) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", old)
    assert screen_factory("Other").token != old
    screen_token_regenerate(screen=screen)
    screen.refresh_from_db()
    assert screen.token != old
    assert client.get(f"/screen/{old}/").status_code == 404
    assert client.get(f"/screen/{screen.token}/").status_code == 200


def test_no_login_and_no_caching(client, screen_factory):
    screen = screen_factory()
    for url in (f"/screen/{screen.token}/", f"/screen/{screen.token}/data.json", f"/screen/{screen.token}/sw.js"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert "noindex" in response["X-Robots-Tag"]
        assert response["Referrer-Policy"] == "no-referrer"


def test_service_worker_is_served_under_the_screen_address(client, screen_factory):
    """Its address sets its scope: this screen's page, data and nothing else of the site.
    The page's CSP lets it register (no worker-src: script-src 'self' applies)."""
    screen = screen_factory()
    page = client.get(f"/screen/{screen.token}/")
    worker_url = re.search(r'data-sw="([^"]+)"', page.content.decode())[1]
    assert worker_url == f"/screen/{screen.token}/sw.js"
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "worker-src" not in csp and "child-src" not in csp
    response = client.get(worker_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "Service-Worker-Allowed" not in response
    body = response.content.decode()
    assert "self.registration.scope" in body and "X-Screen-Offline" in body
    assert not re.search(r"https?://", body)  # no address of another host


def test_only_get(client, screen_factory):
    screen = screen_factory()
    assert client.post(f"/screen/{screen.token}/data.json").status_code == 405
    assert client.post(f"/screen/{screen.token}/").status_code == 405
    assert client.post(f"/screen/{screen.token}/sw.js").status_code == 405


def test_data_json(client, screen_factory, busy_day):
    screen = screen_factory(days_ahead=1, refresh_seconds=30)
    response = client.get(f"/screen/{screen.token}/data.json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["refresh_seconds"] == 30 and data["timezone"] == settings.TIME_ZONE
    assert len(data["items"]) == 13
    assert {"cancelled", "moved"} <= set(data["items"][0])


def _html_budget_parts(client, url):
    html = client.get(url).content
    assets = []
    for match in re.finditer(rb'(?:href|src)="/static/([^"]+)"', html):
        path = finders.find(match.group(1).decode())
        assert path, match.group(1)
        assets.append(Path(path).read_bytes())
    return html, assets


def test_page_renders_the_agenda_without_script_and_obeys_the_csp(mid_morning, client, screen_factory, busy_day,
                                                                  announcement_factory):
    now = timezone.now()
    announcement_factory("Tenim naloxona", text="Demana-la a l'equip.", starts_at=now - dt.timedelta(hours=1),
                         ends_at=now + dt.timedelta(hours=1))
    screen = screen_factory(days_ahead=1, rotate_seconds=12, refresh_seconds=7)
    response = client.get(f"/screen/{screen.token}/")
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # Everything the screen needs is in the first response: later today or now, tomorrow, the notice.
    assert "Hort al pati" in html and "Tenim naloxona" in html and "Cinefòrum feminista" in html
    assert 'data-refresh="7"' in html and 'data-rotate="12"' in html
    # No inline script but the JSON data block, no style attributes, no inline handlers.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 2
    for attributes, body in scripts:
        assert 'src="/static/screen/screen.js"' in attributes or ('type="application/json"' in attributes and body)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html, flags=re.I)
    assert "<style" not in html
    data = json.loads(re.search(r'<script id="scr-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert data["items"] == selectors.screen_data(screen=screen)["items"]
    # No host but our own.
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)


def test_page_weighs_under_50_kb_on_a_busy_day(client, screen_factory, busy_day, announcement_factory, locales):
    now = timezone.now()
    for n in range(3):
        announcement_factory(f"Avís {n} amb un text prou llarg per omplir", text="Una frase sencera d'explicació " * 3,
                             starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=2),
                             translations={"es": ("Aviso " + "x" * 40, "y" * 90), "en": ("Notice " + "x" * 40, "y" * 90)})
    screen = screen_factory(days_ahead=3, languages=["ca", "es", "en"])
    html, assets = _html_budget_parts(client, f"/screen/{screen.token}/")
    assert len(assets) == 2  # screen.css and screen.js; the QR codes are images
    total = len(html) + sum(len(a) for a in assets)
    assert total < PAGE_BUDGET, f"{total} bytes"


def test_qr_code_leads_to_the_agenda_in_each_language(client, screen_factory, agenda_page, locales, settings):  # noqa: F811
    # The public address, port included, whatever host the screen was opened at.
    settings.SAFESPACE_PUBLIC_URL = "http://localhost:8104"
    screen = screen_factory(languages=["ca", "en"])
    response = client.get(f"/screen/{screen.token}/qr/ca.svg", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    url = "http://localhost:8104/ca/agenda/"
    assert response.content == qr.qr_svg(url=url, title="Tota l’agenda al mòbil")
    # English has no agenda page yet: the default language's agenda.
    assert client.get(f"/screen/{screen.token}/qr/en.svg").content == qr.qr_svg(url=url, title="The whole agenda on your phone")
    assert client.get(f"/screen/{screen.token}/qr/es.svg").status_code == 404  # not one of the screen's languages
    assert client.get(f"/screen/{screen.token}/qr/xx.svg").status_code == 404


def test_screen_prints_the_public_address_under_the_qr_code(client, screen_factory, agenda_page, locales, settings):  # noqa: F811
    settings.SAFESPACE_PUBLIC_URL = "https://espailila.example:8443/"
    screen = screen_factory(languages=["ca"])
    assert selectors.agenda_urls(languages=["ca"]) == {"ca": "https://espailila.example:8443/ca/agenda/"}
    html = client.get(f"/screen/{screen.token}/", HTTP_HOST="localhost").content.decode()
    assert '<span class="scr-qr__url">espailila.example:8443/ca/agenda</span>' in html


def test_screen_language_list_keeps_the_site_order():
    screen = Screen(languages=["en", "ca"])
    assert screen.language_list() == ["ca", "en"]
    assert Screen(languages=[]).language_list() == [settings.LANGUAGE_CODE]
