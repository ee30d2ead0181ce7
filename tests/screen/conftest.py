"""Fixtures for the screen: screens, announcements and a busy day at the space."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from agenda import recurrence
from screen.models import Announcement, Screen
from tests.clock import today_at
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401


def local_today() -> dt.date:
    return timezone.now().astimezone(recurrence.local_zone()).date()


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return recurrence.localize(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))


@pytest.fixture
def screen_factory(db):
    def make(name="Hall", *, rooms=(), categories=(), **fields):
        screen = Screen.objects.create(name=name, **fields)
        screen.rooms.set(rooms)
        screen.categories.set(categories)
        return screen

    return make


@pytest.fixture
def announcement_factory(locales):
    def make(title, *, starts_at, ends_at, text="", screens=(), translations=None):
        source = Announcement.objects.create(
            title=title, text=text, starts_at=starts_at, ends_at=ends_at, locale=locales[settings.LANGUAGE_CODE],
        )
        source.screens.set(screens)
        for code, (t_title, t_text) in (translations or {}).items():
            translated = source.copy_for_translation(locales[code])
            translated.title, translated.text = t_title, t_text
            translated.save()
        return source

    return make


@pytest.fixture
def mid_morning(time_machine):
    """Today at 10:15 on the space's clock, stopped: the busy day's sessions
    are on now or later today. Ask for it before the fixtures that read today."""
    time_machine.move_to(today_at("10:15"), tick=False)


@pytest.fixture
def mid_morning_running(time_machine):
    """Today at 10:15 on the space's clock, running on from there: for a live
    server and a browser, whose waits need time to pass."""
    time_machine.move_to(today_at("10:15"), tick=True)


# title, start, end, room, category
BUSY_TODAY = [
    ("Ioga suau", "09:30", "10:30", "kitchen", "care"),
    ("Matí de jocs", "10:00", "12:00", "big-room", "creative"),
    ("Coneix els teus drets: xerrada amb advocades sobre padró, salut i sancions", "10:45", "12:15", "kitchen", "care"),
    ("Cuinem juntes", "12:30", "14:30", "kitchen", "creative"),
    ("Massatge i descans", "13:00", "14:00", "big-room", "care"),
    ("Pintura i collage", "15:00", "17:00", "big-room", "creative"),
    ("Escriptura de vida", "16:00", "17:30", "kitchen", "creative"),
    ("Taller de costura", "17:00", "19:00", "big-room", "creative"),
    ("Assemblea de l'espai", "18:00", "19:30", "kitchen", "care"),
    ("Cinefòrum feminista", "19:30", "21:30", "big-room", "creative"),
]
BUSY_TOMORROW = [
    ("Hort al pati", "11:00", "13:00", "big-room", "creative"),
    ("Ball lliure", "12:00", "13:30", "big-room", "care"),
    ("Taller de serigrafia", "17:00", "19:00", "kitchen", "creative"),
]


@pytest.fixture
def busy_day(make_activity, rooms):  # noqa: F811
    """A demo-like day: ten sessions today (one cancelled, one moved to another
    room), three tomorrow. Returns {title: ActivityPage}."""
    today = local_today()
    tomorrow = today + dt.timedelta(days=1)
    made = {}
    for day, rows in ((today, BUSY_TODAY), (tomorrow, BUSY_TOMORROW)):
        for title, start, end, room, category in rows:
            changes = []
            if title == "Pintura i collage":
                changes = [{"kind": "cancel", "original_date": day, "reason": "La formadora està malalta."}]
            if title == "Taller de costura":
                changes = [{"kind": "move", "original_date": day, "new_room": rooms["kitchen"], "reason": "Obres a la sala gran."}]
            made[title] = make_activity(
                title, slots=[weekly(day, [day.weekday()], start, end, repeat="once")], changes=changes,
                room=room, category=category,
            )
    return made
