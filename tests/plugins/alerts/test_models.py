"""The alert page type: its window, its review, its translations, its switch."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from wagtail.models import Locale, PageLogEntry

from plugins.alerts import services
from plugins.alerts.models import AlertPage, EmergencyPublication

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MADRID = ZoneInfo("Europe/Madrid")


@time_machine.travel(dt.datetime(2026, 3, 1, 10, 0, tzinfo=MADRID), tick=False)
def test_an_alert_is_shown_for_thirty_days_by_default():
    page = AlertPage(title="x")
    assert page.valid_from == dt.datetime(2026, 3, 1, 10, 0, tzinfo=MADRID)
    assert page.valid_until - page.valid_from == dt.timedelta(days=30)


def test_the_end_must_come_after_the_start(alert_factory):
    page = alert_factory(publish=False)
    page.valid_until = page.valid_from
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "valid_until" in error.value.message_dict


def test_translations_share_the_window_and_the_severity(alert_factory, alert_index, locales):
    page = alert_factory()
    alert_index.copy_for_translation(locales["es"]).save_revision().publish()
    translated = page.copy_for_translation(locales["es"])
    assert translated.locale == Locale.objects.get(language_code="es")
    assert (translated.valid_from, translated.valid_until, translated.severity) == (
        page.valid_from, page.valid_until, page.severity,
    )


def test_communications_cannot_publish_an_alert_alone(alert_index, alerts_on, comms, client):
    client.force_login(comms)
    response = client.post(
        f"/admin/pages/add/alerts/alertpage/{alert_index.pk}/", _form("Pills", "pills") | {"action-publish": "1"},
    )
    # No publish permission (safespace 0008): Wagtail saves a draft, nothing goes out.
    assert response.status_code == 302
    assert not AlertPage.objects.get(slug="pills").live
    assert not EmergencyPublication.objects.exists()


def test_an_edit_of_a_live_alert_by_communications_is_no_emergency_publication(alert_factory, alerts_on, comms, client):
    page = alert_factory(title="Pills", slug="pills")
    client.force_login(comms)
    response = client.post(f"/admin/pages/{page.pk}/edit/", _form("Pills: update", "pills") | {"action-publish": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Pills" and page.get_latest_revision_as_object().title == "Pills: update"
    assert not EmergencyPublication.objects.exists()
    assert not PageLogEntry.objects.filter(page=page, action=services.EMERGENCY_ACTION).exists()


def test_an_administrator_may_publish_alone_and_it_is_logged_and_shown(alert_index, alerts_on, administrator, client):
    client.force_login(administrator)
    response = client.post(
        f"/admin/pages/add/alerts/alertpage/{alert_index.pk}/", _form("Pills", "pills") | {"action-publish": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = AlertPage.objects.get(slug="pills")
    assert page.live
    record = EmergencyPublication.objects.get(page=page)
    assert record.user == administrator and record.revision == page.live_revision
    assert PageLogEntry.objects.filter(page=page, action=services.EMERGENCY_ACTION, user=administrator).exists()
    html = client.get(page.url).content.decode()
    assert 'class="alert__emergency"' in html


def test_an_approved_alert_is_not_marked_as_an_emergency(alert_factory, alerts_on, comms, user_factory):
    reviewer = user_factory(username="second", groups=["Communications"])
    page = alert_factory(publish=False)
    page.save_revision(user=comms)
    page.get_workflow().start(page, comms)
    page = AlertPage.objects.get(pk=page.pk)
    page.current_workflow_task.on_action(page.current_workflow_task_state, reviewer, "approve")
    page.refresh_from_db()
    assert page.live
    assert not EmergencyPublication.objects.exists()


def test_alert_pages_are_not_found_while_the_plugin_is_off(alert_factory, alert_index, client):
    page = alert_factory()
    assert client.get(page.url).status_code == 404
    assert client.get(alert_index.url).status_code == 404


def test_alert_pages_are_served_while_the_plugin_is_on(alert_factory, alert_index, alerts_on, client):
    page = alert_factory(title="Fentanyl in heroin")
    assert "Fentanyl in heroin" in client.get(page.url).content.decode()
    assert "Fentanyl in heroin" in client.get(alert_index.url).content.decode()


def _form(title, slug):
    return {
        "title": title, "slug": slug, "severity": "danger", "contains": "fentanyl", "advice": "Don't use alone.",
        "source": "Energy Control", "valid_from": "2026-01-01 10:00", "valid_until": "2099-01-01 10:00",
        "image_alt": "", "sold_as": "", "seen_where": "", "seen_on": "",
    }
