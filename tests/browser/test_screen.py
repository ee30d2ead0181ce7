"""The screen at the space, in a real browser: a busy day at both sizes, an
update after a cancellation, a network that fails and comes back, and a
clock that moves on while the server is away."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safespace import roles
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.browser.helpers import RequestLog, axe_violations
from tests.browser.test_publishing_journey import log_in
from tests.factories import UserFactory
from tests.screen.conftest import announcement_factory, at, busy_day, local_today, screen_factory  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CANCELLED = re.compile(r"\bis-cancelled\b")
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}

# Every element that is displayed must lie inside the viewport, and every
# session shown must lie inside its list (lists clip; nothing may be cut).
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const W = window.innerWidth, H = window.innerHeight;
  if (document.documentElement.scrollHeight > H || document.documentElement.scrollWidth > W) {
    problems.push('page scrolls: ' + document.documentElement.scrollWidth + 'x' + document.documentElement.scrollHeight);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.tagName === 'SCRIPT' || !el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.right > W + 1 || r.bottom > H + 1 || r.left < -1 || r.top < -1) {
      if (!el.closest('.scr-list, .scr-ann')) problems.push('outside: ' + el.className + ' ' + el.textContent.slice(0, 40));
    }
  }
  for (const list of document.querySelectorAll('.scr-list, .scr-ann')) {
    const box = list.getBoundingClientRect();
    for (const child of list.children) {
      if (!child.getClientRects().length) continue;
      const r = child.getBoundingClientRect();
      if (r.bottom > box.bottom + 1 || r.right > box.right + 1) problems.push('cut: ' + child.textContent.slice(0, 40));
    }
  }
  return problems;
}"""


def _visible_text(page, selector):
    return page.locator(selector).inner_text()


def test_busy_day_reads_well_at_both_sizes(live_server, page, busy_day, screen_factory, announcement_factory):  # noqa: F811
    now = timezone.now()
    announcement_factory("Tenim naloxona", text="Demana-la a l’equip: és gratuïta i t’ensenyem a fer-la servir.",
                         starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=3),
                         translations={"es": ("Tenemos naloxona", "Pídela al equipo."), "en": ("We have naloxone", "Ask the team.")})
    announcement_factory("Revisió de salut gratuïta", text="Dijous de 10 a 13 h, amb infermera. Sense cita.",
                         starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=3))
    screens = {
        "landscape": screen_factory("Entrada", orientation="landscape", days_ahead=3),
        "portrait": screen_factory("Porta", orientation="portrait", days_ahead=3),
    }
    log = RequestLog(page, live_server.url)
    page.clock.install(time=at(local_today(), "11:05"))
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/screen/{screens[name].token}/")
        page.wait_for_selector("body[data-live]")
        expect(page.locator("#scr-time")).to_have_text(re.compile(r"^11:0\d$"))
        page.screenshot(path=f"/tmp/screen-{name}.png")
        now_list = _visible_text(page, "#scr-now")
        assert "Matí de jocs" in now_list and "Coneix els teus drets" in now_list and "Ioga suau" not in now_list
        expect(page.locator("#scr-next .is-cancelled").first).to_contain_text("Pintura i collage")
        expect(page.locator("#scr-next .is-moved").first).to_contain_text("Taller de costura")
        expect(page.locator("#scr-ann")).to_contain_text("Tenim naloxona")
        expect(page.locator(".scr-qr__img[data-lang=ca]")).to_be_visible()
        assert page.evaluate(LAYOUT_PROBLEMS) == [], name
        assert axe_violations(page) == [], name
        # The next language, then the layout again.
        page.clock.fast_forward(screens[name].rotate_seconds * 1000 * 3)
        page.screenshot(path=f"/tmp/screen-{name}-later.png")
        assert page.evaluate(LAYOUT_PROBLEMS) == [], name
    assert log.foreign() == []


def test_cancelled_in_the_admin_shows_at_the_next_refresh_and_survives_the_network(
    live_server, browser, page, make_activity, screen_factory,  # noqa: F811
):
    """A facilitator cancels tomorrow's session in Wagtail's admin, in a second
    browser; the screen, never reloaded, shows it cancelled within one refresh
    (60 s, run on Playwright's clock), keeps it when requests fail, recovers."""
    UserFactory(username="fac", groups=[roles.FACILITATORS])
    tomorrow = local_today() + dt.timedelta(days=1)
    garden = make_activity("Hort al pati", slots=[weekly(tomorrow, [tomorrow.weekday()], "11:00", "13:00", repeat="once")])
    screen = screen_factory(days_ahead=1, refresh_seconds=60, rotate_seconds=20)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.clock.install()
    page.goto(f"{live_server.url}/screen/{screen.token}/")
    page.wait_for_selector("body[data-live]")
    page.evaluate("window.__sameDocument = true")
    session = page.locator("#scr-coming .scr-item", has_text="Hort al pati")
    expect(session).to_be_visible()
    expect(session).not_to_have_class(CANCELLED)

    # Languages take turns, in the browser.
    expect(page.locator("html")).to_have_attribute("lang", "ca")
    page.clock.fast_forward(screen.rotate_seconds * 1000)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#scr-h-coming")).to_contain_text("Los próximos días")

    # The facilitator, in another browser, cancels the session in the admin (in Catalan).
    admin = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        team = admin.new_page()
        log_in(team, live_server.url, "fac")
        team.goto(f"{live_server.url}/admin/pages/{garden.pk}/edit/")
        team.click("#id_changes-ADD")
        team.select_option("#id_changes-0-kind", "cancel")
        team.fill("#id_changes-0-original_date", tomorrow.isoformat())
        team.fill("#id_changes-0-reason", "Pluja")
        team.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
        team.click("button[name=action-publish]")
        team.wait_for_url(re.compile(rf"/admin/pages/{garden.get_parent().pk}/$"))
        expect(team.locator(".messages .success, .messages li").first).to_be_visible()
    finally:
        admin.close()

    # Not before the next refresh (the screen asks once a minute), then without a reload.
    expect(session).not_to_have_class(CANCELLED)
    page.clock.fast_forward(screen.refresh_seconds * 1000)
    expect(session).to_have_class(CANCELLED)
    expect(session).to_contain_text("Pluja")
    assert page.evaluate("window.__sameDocument") is True

    # The network fails: the agenda stays, a quiet mark says so.
    page.route("**/data.json", lambda route: route.abort())
    page.clock.fast_forward(screen.refresh_seconds * 1000)
    expect(page.locator("#scr-status")).to_be_visible()
    expect(page.locator("#scr-status")).to_contain_text(re.compile("Sense connexió|Sin conexión|Offline"))
    expect(session).to_be_visible()
    expect(session).to_have_class(CANCELLED)
    assert page.locator("body.is-offline").count() == 1

    # It comes back by itself.
    page.unroute("**/data.json")
    page.clock.fast_forward(screen.refresh_seconds * 1000)
    expect(page.locator("#scr-status")).to_be_hidden()
    expect(session).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True


def test_now_moves_on_with_the_server_down(live_server, page, busy_day, screen_factory):  # noqa: F811
    screen = screen_factory(days_ahead=1, languages=["ca"])
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.clock.install(time=at(local_today(), "10:15"))
    page.goto(f"{live_server.url}/screen/{screen.token}/")
    page.wait_for_selector("body[data-live]")
    expect(page.locator("#scr-now")).to_contain_text("Ioga suau")
    expect(page.locator("#scr-now")).not_to_contain_text("Coneix els teus drets")

    page.route("**/data.json", lambda route: route.abort())
    page.clock.fast_forward("00:35:00")  # 10:50
    expect(page.locator("#scr-time")).to_have_text("10:50")
    expect(page.locator("#scr-status")).to_be_visible()
    expect(page.locator("#scr-now")).not_to_contain_text("Ioga suau")  # it ended at 10:30
    expect(page.locator("#scr-now")).to_contain_text("Coneix els teus drets")  # it began at 10:45
    expect(page.locator("#scr-next")).not_to_contain_text("Coneix els teus drets")

    page.clock.fast_forward("05:00:00")  # 15:50: the cancelled painting session is "now", flagged
    expect(page.locator("#scr-now .is-cancelled")).to_contain_text("Pintura i collage")
    expect(page.locator("#scr-next")).to_contain_text("Taller de costura")
