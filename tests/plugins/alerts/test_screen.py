"""Alerts on the wall screens, through screen.signals.screen_notices."""

import datetime as dt

import pytest
from django.utils import timezone

from screen.models import Screen
from screen.selectors import screen_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def hall(db):
    return Screen.objects.create(name="Hall", languages=["ca", "es", "en"])


def test_a_danger_alert_is_an_urgent_band_in_every_language_of_the_screen(
    alert_factory, alert_index, alerts_on, locales, hall, home, client,
):
    page = alert_factory(title="Fentanil a l'heroïna", severity="danger")
    alert_factory(title="Pastilles fortes", slug="pills", severity="caution")
    alert_index.copy_for_translation(locales["es"]).save_revision().publish()
    translated = page.copy_for_translation(locales["es"])
    translated.title = "Fentanilo en la heroína"
    translated.save_revision().publish()

    data = client.get(f"/screen/{hall.token}/data.json").json()
    urgent, other = data["notices"]
    assert urgent["urgent"] and not other["urgent"]
    assert urgent["title"] == {"ca": "Fentanil a l'heroïna", "es": "Fentanilo en la heroína", "en": "Fentanil a l'heroïna"}
    assert urgent["end"] == int(page.valid_until.timestamp() * 1000)
    assert urgent["label"]["en"] == "Danger"
    assert other["title"]["es"] == "Pastilles fortes"

    html = client.get(f"/screen/{hall.token}/").content.decode()
    band = html.split('id="scr-notices"')[1].split("</section>")[0]
    assert "scr-notice--urgent" in band and "Fentanil a l&#x27;heroïna" in band
    assert 'class="scr-notice__label">' in band  # the level in words, not colour alone


def test_no_notices_while_the_plugin_is_off(alert_factory, hall, home):
    alert_factory()
    assert screen_data(screen=hall)["notices"] == []


def test_an_alert_that_has_ended_is_not_on_the_screen(alert_factory, alerts_on, hall, home, client):
    now = timezone.now()
    alert_factory(valid_from=now - dt.timedelta(days=3), valid_until=now - dt.timedelta(minutes=1))
    assert screen_data(screen=hall)["notices"] == []
    html = client.get(f"/screen/{hall.token}/").content.decode()
    assert 'id="scr-notices" aria-live="polite" hidden' in html
