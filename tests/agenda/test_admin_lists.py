"""The agenda's admin shows each thing once, in one language (issue 14)."""

import datetime as dt
import re

import pytest
from django.conf import settings

from agenda.models import Room

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return [label.strip() for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)) if value]


def test_the_room_of_a_session_change_offers_the_same_rooms_as_the_main_room_field(agenda_page, rooms, locales, superuser,
                                                                                  client, make_activity):
    for room in rooms.values():
        translated = room.copy_for_translation(locales["es"])
        translated.name = f"{room.name} (es)"
        translated.save()
    client.force_login(superuser)
    html = client.get(f"/admin/pages/add/agenda/activitypage/{agenda_page.pk}/").content.decode()
    ours = sorted(Room.objects.filter(locale=locales[settings.LANGUAGE_CODE]).values_list("name", flat=True))
    assert sorted(_options(html, "room")) == ours
    assert sorted(_options(html, "changes-__prefix__-new_room")) == ours


def test_closures_rooms_and_categories_are_listed_once_not_once_per_language(closure_factory, rooms, locales, superuser,
                                                                          client):
    closure = closure_factory(dt.date(2026, 12, 24), dt.date(2026, 12, 26),
                              reason="Tancat per Nadal")
    for code in ("es", "en"):
        translated = closure.copy_for_translation(locales[code])
        translated.reason = f"Nadal {code}"
        translated.save()
        room = rooms["kitchen"].copy_for_translation(locales[code])
        room.name = f"Cuina {code}"
        room.save()
    client.force_login(superuser)
    listing = client.get("/admin/snippets/agenda/closure/").content.decode()
    assert "Tancat per Nadal" in listing and "Nadal es" not in listing and "Nadal en" not in listing
    rooms_listing = client.get("/admin/snippets/agenda/room/").content.decode()
    assert "Cuina es" not in rooms_listing and rooms_listing.count(">Cuina<") == 1
    spanish = client.get("/admin/snippets/agenda/closure/?locale=es").content.decode()
    assert "Nadal es" in spanish and "Tancat per Nadal" not in spanish
