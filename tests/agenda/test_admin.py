"""The activity's edit form in Wagtail refuses impossible schedules with a clear message."""

import datetime as dt
import re

import pytest
from schedule.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _post_data(agenda_page, rooms, **overrides):
    data = {
        "title": "Serigrafia", "slug": "serigrafia", "summary": "Estampem.", "description": "null",
        "audience": "participants", "languages": ["ca"], "room": rooms["big-room"].pk, "category": "",
        "image": "", "image_alt": "", "facilitators": "", "capacity": "", "accessibility": "",
        "slots-TOTAL_FORMS": "1", "slots-INITIAL_FORMS": "0", "slots-MIN_NUM_FORMS": "1", "slots-MAX_NUM_FORMS": "1000",
        "slots-0-repeat": "weekly", "slots-0-start_date": "2026-03-02", "slots-0-start_time": "18:00",
        "slots-0-end_time": "20:00", "slots-0-weekdays": ["1"], "slots-0-monthly_week": "", "slots-0-until": "",
        "slots-0-count": "", "slots-0-ORDER": "1",
        "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0", "changes-MIN_NUM_FORMS": "0", "changes-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return data


def test_admin_refuses_end_before_start_and_unknown_session(agenda_page, rooms, superuser, client):
    client.force_login(superuser)
    url = f"/admin/pages/add/agenda/activitypage/{agenda_page.pk}/"
    response = client.post(url, _post_data(agenda_page, rooms, **{"slots-0-end_time": "17:00"}))
    assert response.status_code == 200
    assert "El final és abans de" in response.content.decode()
    response = client.post(url, _post_data(agenda_page, rooms, **{
        "changes-TOTAL_FORMS": "1", "changes-0-kind": "cancel", "changes-0-original_date": "2026-03-04",
        "changes-0-original_time": "", "changes-0-new_date": "", "changes-0-new_start_time": "",
        "changes-0-new_end_time": "", "changes-0-new_room": "", "changes-0-reason": "", "changes-0-ORDER": "1",
    }))
    assert response.status_code == 200
    assert "no té cap sessió aquell dia" in response.content.decode()
    assert not Event.objects.exists()
    response = client.post(url, _post_data(agenda_page, rooms))
    assert response.status_code == 302
    assert Event.objects.count() == 1


def test_a_change_at_a_time_with_no_session_says_which_times_there_are(agenda_page, rooms, superuser, client):
    """After the schedule line moved from 17:00 to 18:00, a cancellation that
    still names 17:00 is refused with the times the day has now."""
    client.force_login(superuser)
    url = f"/admin/pages/add/agenda/activitypage/{agenda_page.pk}/"
    response = client.post(url, _post_data(agenda_page, rooms, **{
        "changes-TOTAL_FORMS": "1", "changes-0-kind": "cancel", "changes-0-original_date": "2026-03-03",
        "changes-0-original_time": "17:00", "changes-0-new_date": "", "changes-0-new_start_time": "",
        "changes-0-new_end_time": "", "changes-0-new_room": "", "changes-0-reason": "Pluja", "changes-0-ORDER": "1",
    }))
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.findall(r'<p class="error-message">\s*(.*?)\s*</p>', html, re.S)
    assert any("18:00" in error for error in errors), errors
    assert "Pluja" in html  # what was typed is kept
    assert not Event.objects.exists()
