import io

import pytest
from django.conf import settings

from agenda.models import Room
from screen import demo
from screen.models import Announcement, Screen

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_demo_screens_and_announcements_load_once(locales):
    workshop = Room.objects.create(name="Taller", slug="workshop", locale=locales[settings.LANGUAGE_CODE])
    out = io.StringIO()
    demo.load_demo(stdout=out)
    demo.load_demo(stdout=io.StringIO())
    hall, door = Screen.objects.get(name="Entrada"), Screen.objects.get(name="Porta del taller")
    assert hall.orientation == "landscape" and hall.language_list() == ["ca", "es", "en"] and not hall.rooms.exists()
    assert door.orientation == "portrait" and list(door.rooms.all()) == [workshop]
    assert Screen.objects.count() == 2
    assert Announcement.objects.count() == 3 * len(settings.LANGUAGES)
    printed = out.getvalue()
    assert f"/screen/{hall.token}/" in printed and f"/screen/{door.token}/" in printed
