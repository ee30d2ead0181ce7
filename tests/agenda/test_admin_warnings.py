"""Warnings after saving an activity: overlaps in a room, sessions moved onto a closure (issue 14)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.agenda.conftest import weekly
from tests.agenda.test_admin import _post_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MADRID = ZoneInfo("Europe/Madrid")


@time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=MADRID), tick=False)
def test_an_overlap_every_week_is_one_line_with_named_dates(agenda_page, rooms, make_activity, superuser, client):
    make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1], until=dt.date(2026, 3, 31))])
    client.force_login(superuser)
    response = client.post(f"/admin/pages/add/agenda/activitypage/{agenda_page.pk}/", _post_data(agenda_page, rooms, **{
        "slots-0-until": "2026-03-31"}), follow=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "coincideix amb una altra a la mateixa sala" in text
    assert "2026-03-03" not in text
    assert text.count("Costura (Sala gran)") == 1
    assert "dimarts 3 de març, 18:00" in text and "dimarts 31 de març, 18:00" in text


@time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=MADRID), tick=False)
def test_moving_a_session_onto_a_closure_day_warns(agenda_page, rooms, closure_factory, superuser, client):
    closure_factory(dt.date(2026, 3, 19), dt.date(2026, 3, 20), reason="Inventari")
    client.force_login(superuser)
    move = {
        "changes-TOTAL_FORMS": "1", "changes-0-kind": "move", "changes-0-original_date": "2026-03-17",
        "changes-0-original_time": "", "changes-0-new_date": "2026-03-19", "changes-0-new_start_time": "",
        "changes-0-new_end_time": "", "changes-0-new_room": "", "changes-0-reason": "", "changes-0-ORDER": "1",
    }
    response = client.post(f"/admin/pages/add/agenda/activitypage/{agenda_page.pk}/",
                           _post_data(agenda_page, rooms, **move), follow=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "dijous 19 de març" in text and "Inventari" in text and "dimarts 17 de març" in text
    # A move onto an open day says nothing.
    response = client.post(f"/admin/pages/add/agenda/activitypage/{agenda_page.pk}/", _post_data(
        agenda_page, rooms, **{**move, "slug": "serigrafia-2", "changes-0-new_date": "2026-03-18"}), follow=True)
    assert "Inventari" not in response.content.decode()
