"""Fixtures for the agenda: an agenda page under the home page, categories,
rooms, and a factory that publishes activities with a schedule."""

import datetime as dt
import itertools

import pytest
from django.conf import settings

from agenda import recurrence
from agenda.models import ActivityChange, ActivityPage, ActivitySlot, AgendaPage, Category, Closure, Room

_counter = itertools.count(1)


@pytest.fixture
def now(time_machine):
    """Today at 10:00 on the space's wall clock, the clock stopped there."""
    from tests.clock import today_at

    moment = today_at("10:00")
    time_machine.move_to(moment, tick=False)
    return moment


def local(y, m, d, hh=0, mm=0):
    return recurrence.localize(dt.datetime(y, m, d, hh, mm))


@pytest.fixture
def agenda_page(home, locales):
    page = AgendaPage(title="Agenda", slug="agenda", locale=locales[settings.LANGUAGE_CODE])
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def second_space_agenda_page(second_space, locales):
    """An agenda page in the second space's tree (tests/conftest.py ``second_space``): a
    module that overrides ``agenda_page`` with it makes its activities the second space's."""
    page = AgendaPage(title="Agenda", slug="agenda", locale=locales[settings.LANGUAGE_CODE])
    second_space.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def categories(locales):
    made = {}
    for slug, name in (("creative", "Creatiu"), ("care", "Cura")):
        made[slug] = Category.objects.create(name=name, slug=slug, locale=locales[settings.LANGUAGE_CODE])
    return made


@pytest.fixture
def rooms(locales):
    made = {}
    for slug, name in (("big-room", "Sala gran"), ("kitchen", "Cuina")):
        made[slug] = Room.objects.create(name=name, slug=slug, locale=locales[settings.LANGUAGE_CODE])
    return made


@pytest.fixture
def make_activity(agenda_page, categories, rooms):
    """make_activity(title, slots=[dict], changes=[dict], category=, room=, **fields) -> published ActivityPage."""

    def make(title=None, *, slots, changes=(), category="creative", room="big-room", **fields):
        n = next(_counter)
        title = title or f"Activity {n}"
        page = ActivityPage(
            title=title, slug=f"activity-{n}", summary=f"About {title}.",
            category=categories.get(category) if category else None,
            room=rooms.get(room) if room else None,
            languages=fields.pop("languages", ["ca"]), **fields,
        )
        page.slots = [ActivitySlot(**slot) for slot in slots]
        page.changes = [ActivityChange(**change) for change in changes]
        agenda_page.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


def weekly(day: dt.date, weekdays, start="18:00", end="20:00", **extra):
    return {
        "repeat": extra.pop("repeat", "weekly"), "start_date": day, "weekdays": [str(w) for w in weekdays],
        "start_time": dt.time.fromisoformat(start), "end_time": dt.time.fromisoformat(end), **extra,
    }


@pytest.fixture
def closure_factory(locales):
    def make(start_date, end_date, reason=""):
        return Closure.objects.create(start_date=start_date, end_date=end_date, reason=reason, locale=locales[settings.LANGUAGE_CODE])

    return make
