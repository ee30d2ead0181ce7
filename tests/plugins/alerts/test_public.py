"""The public side: banner on every page, the alerts page and its archive, the poster."""

import datetime as dt

import pytest
from django.utils import timezone

from plugins.alerts import selectors

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_every_page_shows_a_banner_per_current_alert(alert_factory, alerts_on, home, client):
    danger = alert_factory(title="Fentanyl in heroin", severity="danger")
    alert_factory(title="Strong pills", severity="caution", slug="pills")
    html = client.get("/ca/").content.decode()
    assert html.count('class="alert-banner ') == 2
    assert html.index("Fentanyl in heroin") < html.index("Strong pills")  # most urgent first
    assert f'data-alert-key="{danger.translation_key}:{danger.live_revision_id}"' in html
    assert "alerts/banner.js" in html
    assert "Fentanyl in heroin" in client.get("/ca/no-such-page/").content.decode()


def test_no_banner_while_the_plugin_is_off(alert_factory, home, client):
    alert_factory(title="Fentanyl in heroin")
    assert "alert-banner" not in client.get("/ca/").content.decode()


def test_no_banner_before_the_start_or_after_the_end(alert_factory, alerts_on, home, client):
    now = timezone.now()
    alert_factory(title="Later", valid_from=now + dt.timedelta(hours=1), valid_until=now + dt.timedelta(days=1))
    alert_factory(title="Over", slug="over", valid_from=now - dt.timedelta(days=2), valid_until=now - dt.timedelta(seconds=1))
    assert "alert-banner" not in client.get("/ca/").content.decode()


def test_an_updated_alert_gets_a_new_key_so_a_dismissed_banner_comes_back(alert_factory, alerts_on):
    page = alert_factory()
    before = page.revision_key
    page.advice = "Test it first."
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.revision_key != before


def test_the_banner_shows_the_readers_language(alert_factory, alert_index, alerts_on, locales, client):
    page = alert_factory(title="Fentanyl in heroin")
    index_es = alert_index.copy_for_translation(locales["es"])
    index_es.save_revision().publish()
    translated = page.copy_for_translation(locales["es"])
    translated.title = "Fentanilo en heroína"
    translated.save_revision().publish()
    assert "Fentanilo en heroína" in client.get("/es/").content.decode()
    english = client.get("/en/").content.decode()  # no English version: the default language's
    assert "Fentanyl in heroin" in english and "Fentanilo" not in english


def test_the_alerts_page_lists_current_alerts_and_the_archive(alert_factory, alert_index, alerts_on, client):
    now = timezone.now()
    alert_factory(title="Current one")
    alert_factory(title="Old one", slug="old", valid_from=now - dt.timedelta(days=40), valid_until=now - dt.timedelta(days=10))
    html = client.get(alert_index.url).content.decode()
    current, archive = html.split('id="archive-heading"')
    assert "Current one" in current and "Old one" not in current
    assert "Old one" in archive
    # An expired alert keeps its page, saying it ended.
    old = selectors.alerts_expired(now=now)[0]
    assert 'class="alert__expired"' in client.get(old.url).content.decode()


def test_the_alert_page_prints_as_a_poster_with_a_qr_code_to_itself(alert_factory, alerts_on, client):
    page = alert_factory()
    html = client.get(page.url).content.decode()
    assert 'href="/static/alerts/poster.css" media="print"' in html
    qr = html.split('class="alert__poster-qr"')[1]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in qr
    assert f"{page.url}" in qr.split("</div>")[0]
