"""Now, later today and the coming days, worked out from the payload at a given moment.

The same rules run in the browser (screen.js); this is the Python twin that
renders the first HTML response.
"""

import datetime as dt

import pytest

from screen import selectors
from screen.display import display_state
from tests.screen.conftest import at, local_today

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def ms(moment):
    return int(moment.timestamp() * 1000)


def titles(items):
    return [i["title"] for i in items]


def test_now_later_and_coming_move_with_the_clock(screen_factory, busy_day):
    today = local_today()
    data = selectors.screen_data(screen=screen_factory(days_ahead=2))

    state = display_state(data, language="ca", now_ms=ms(at(today, "11:00")))
    assert titles(state["now"]) == ["Matí de jocs", "Coneix els teus drets: xerrada amb advocades sobre padró, salut i sancions"]
    assert titles(state["later"])[:2] == ["Cuinem juntes", "Massatge i descans"]
    assert "Ioga suau" not in titles(state["now"] + state["later"])  # ended at 10:30
    (tomorrow,) = state["coming"]  # the day after has nothing: no heading for it
    assert titles(tomorrow["items"]) == ["Hort al pati", "Ball lliure", "Taller de serigrafia"]

    later = display_state(data, language="ca", now_ms=ms(at(today, "15:30")))
    (cancelled,) = later["now"]
    assert cancelled["title"] == "Pintura i collage" and cancelled["cancelled"] and cancelled["flag"] == "Anul·lada"
    assert cancelled["note"] == "La formadora està malalta."
    moved = next(i for i in later["later"] if i["title"] == "Taller de costura")
    assert moved["moved"] and moved["flag"] == "Canvi" and moved["note"] == "abans Sala gran · Obres a la sala gran."
    assert moved["meta"] == "Cuina · Creatiu"


def test_past_the_last_day_it_shows_what_is_left(screen_factory, busy_day):
    today = local_today()
    data = selectors.screen_data(screen=screen_factory(days_ahead=1))
    tomorrow_noon = display_state(data, language="ca", now_ms=ms(at(today + dt.timedelta(days=1), "12:15")))
    assert titles(tomorrow_noon["now"]) == ["Hort al pati", "Ball lliure"]
    assert titles(tomorrow_noon["later"]) == ["Taller de serigrafia"] and tomorrow_noon["coming"] == []
    gone = display_state(data, language="ca", now_ms=ms(at(today + dt.timedelta(days=4), "12:00")))
    assert gone["now"] == gone["later"] == gone["coming"] == [] and gone["today_label"] == ""
