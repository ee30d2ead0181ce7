"""Understood without reading (issue 18): pictograms on the wall screen large
enough for 3 m, drawn by its script too; easy read chosen once on a phone,
remembered on the device, and reachable without JavaScript."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.browser.helpers import RequestLog, axe_violations
from tests.screen.conftest import at, local_today, screen_factory  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.clock
def test_screen_pictograms_are_large_at_1920(live_server, page, make_activity, categories, screen_factory, time_machine):  # noqa: F811
    categories["creative"].pictogram = "sewing"
    categories["creative"].save()
    today = local_today()
    make_activity("Costura", slots=[weekly(today, [today.weekday()], "11:00", "13:00", repeat="once")],
                  easy_read="Cosim roba.\nNo cal saber-ne.")
    screen = screen_factory("Entrada", orientation="landscape", days_ahead=1)
    # The server's clock too: data from another hour looks stale to the screen, which fetches it again and redraws.
    time_machine.move_to(at(today, "11:05"), tick=True)
    page.clock.install(time=at(today, "11:05"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/screen/{screen.token}/")
    page.wait_for_selector("body[data-live]")  # screen.js has drawn the lists itself
    picto = page.locator("#scr-now .scr-picto").first
    expect(picto).to_be_visible()
    # About 5 cm on a 1.2 m wide 1080p screen: recognisable at 3 m.
    assert picto.bounding_box()["height"] >= 64
    assert picto.evaluate("el => el.querySelector('use').getAttribute('href')") == "#picto-sewing"
    expect(page.locator("#scr-now .scr-item__easy").first).to_have_text("Cosim roba. No cal saber-ne.")
    page.screenshot(path="/tmp/quickexit-screen-test.png")
    assert axe_violations(page) == []


@pytest.mark.clock
def test_easy_read_is_chosen_once_and_remembered(live_server, browser, page, make_activity):  # noqa: F811
    sewing = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])],
                           easy_read="Cosim roba.\nHi ha màquines de cosir.")
    yoga = make_activity("Ioga", slots=[weekly(dt.date(2026, 3, 2), [3])], easy_read="Movem el cos a poc a poc.")
    log = RequestLog(page, live_server.url)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}{sewing.url}")
    easy = page.locator(".easy-read")
    expect(easy).to_be_hidden()
    toggle = page.get_by_role("button", name="Lectura fàcil")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(easy).to_be_visible()
    expect(easy.locator("li")).to_have_text(["Cosim roba.", "Hi ha màquines de cosir."])
    # Shown first: right after the title, before the usual summary.
    assert easy.bounding_box()["y"] < page.locator(".lead").bounding_box()["y"]
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/quickexit-easy-read.png")

    # Another activity on the same device opens with it, from the first paint.
    page.goto(f"{live_server.url}{yoga.url}")
    assert page.evaluate("document.documentElement.classList.contains('easy-read-chosen')")
    expect(page.locator(".easy-read li")).to_have_text(["Movem el cos a poc a poc."])
    page.get_by_role("button", name="Lectura fàcil").click()
    expect(page.locator(".easy-read")).to_be_hidden()
    page.reload()
    expect(page.locator(".easy-read")).to_be_hidden()
    assert log.foreign() == []

    # Without JavaScript: a link to ?easy=1, and from there one back.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    plain = context.new_page()
    plain.goto(f"{live_server.url}{sewing.url}")
    expect(plain.locator(".easy-read")).to_be_hidden()
    plain.get_by_role("link", name="Lectura fàcil").click()
    assert re.search(r"\?easy=1$", plain.url)
    expect(plain.locator(".easy-read")).to_be_visible()
    plain.get_by_role("link", name=re.compile("desactiva-la")).click()
    expect(plain.locator(".easy-read")).to_be_hidden()
    context.close()
