"""The wall screen shows each session's category pictogram and its easy-read
summary, in the first HTML response and in the data its script draws from."""

import re

import pytest

from screen import selectors
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.screen.conftest import local_today, mid_morning, screen_factory  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_screen_draws_pictograms_from_its_sprite_and_shows_easy_read(
    mid_morning, client, screen_factory, make_activity, categories, locales,  # noqa: F811
):
    categories["creative"].pictogram = "sewing"
    categories["creative"].save()
    today = local_today()
    sewing = make_activity("Costura", slots=[weekly(today, [today.weekday()], "17:00", "19:00", repeat="once")],
                           easy_read="Cosim roba.\nNo cal saber-ne.")
    make_activity("Cura", category="care", slots=[weekly(today, [today.weekday()], "18:00", "19:00", repeat="once")])
    spanish = sewing.copy_for_translation(locales["es"], copy_parents=True)
    spanish.title, spanish.easy_read = "Costura", "Cosemos ropa."
    spanish.save_revision().publish()
    screen = screen_factory(days_ahead=0, languages=["ca", "es"])

    items = {i["title"]["ca"]: i for i in selectors.screen_data(screen=screen)["items"]}
    assert items["Costura"]["pictogram"] == {"name": "sewing"}
    assert items["Costura"]["easy_read"] == {"ca": "Cosim roba. No cal saber-ne.", "es": "Cosemos ropa."}
    assert items["Cura"]["pictogram"] is None and items["Cura"]["easy_read"] == {"ca": "", "es": ""}

    html = client.get(f"/screen/{screen.token}/").content.decode()
    # Only the pictograms in use are in the page, once, as symbols.
    assert re.findall(r'<symbol id="picto-([a-z-]+)"', html) == ["sewing"]
    item = re.search(r'<li class="scr-item[^"]*" data-id="[^"]+"><span class="scr-item__time">17:00–19:00</span>(.*?)</li>', html, re.S).group(1)
    assert re.match(r'<svg class="scr-picto"[^>]*aria-hidden="true"[^>]*><use href="#picto-sewing"/></svg>', item)
    assert '<span class="scr-item__easy">Cosim roba. No cal saber-ne.</span>' in item
