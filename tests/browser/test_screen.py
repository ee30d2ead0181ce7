"""The screen at the space, in a real browser: a busy day at both sizes, an
update after a cancellation, a network that fails and comes back, and a
clock that moves on while the server is away."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda.selectors import occurrences_between
from agenda.services import occurrence_cancel
from safespace import roles
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.browser.helpers import RequestLog, axe_violations, fill_with_picker, log_in
from tests.factories import UserFactory
from tests.screen.conftest import announcement_factory, at, busy_day, local_today, screen_factory  # noqa: F401
from tests.screen.conftest import mid_morning_running  # noqa: F401
from tests.screen.soak import FAILURES, Soak

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


@pytest.mark.clock
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


@pytest.mark.clock
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
        fill_with_picker(team, "#id_changes-0-original_date", tomorrow.isoformat())
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
    page.context.route("**/data.json", lambda route: route.abort())
    page.clock.fast_forward(screen.refresh_seconds * 1000)
    expect(page.locator("#scr-status")).to_be_visible()
    expect(page.locator("#scr-status")).to_contain_text(re.compile("Sense connexió|Sin conexión|Offline"))
    expect(session).to_be_visible()
    expect(session).to_have_class(CANCELLED)
    assert page.locator("body.is-offline").count() == 1

    # It comes back by itself.
    page.context.unroute("**/data.json")
    page.clock.fast_forward(screen.refresh_seconds * 1000)
    expect(page.locator("#scr-status")).to_be_hidden()
    expect(session).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True


@pytest.mark.clock
def test_now_moves_on_with_the_server_down(mid_morning_running, live_server, page, busy_day,  # noqa: F811
                                           screen_factory):  # noqa: F811
    # The server's clock starts at 10:15 too (mid_morning_running): with only
    # the browser's at 10:15, data made before 10:14 by the real clock looks a
    # refresh old, screen.js asks at once, and that answer can land after the
    # route below (a 200 that hides the offline mark): at night the test failed.
    screen = screen_factory(days_ahead=1, languages=["ca"])
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.clock.install(time=at(local_today(), "10:15"))
    page.goto(f"{live_server.url}/screen/{screen.token}/")
    page.wait_for_selector("body[data-live]")
    expect(page.locator("#scr-now")).to_contain_text("Ioga suau")
    expect(page.locator("#scr-now")).not_to_contain_text("Coneix els teus drets")

    page.context.route("**/data.json", lambda route: route.abort())
    page.clock.fast_forward("00:35:00")  # 10:50
    expect(page.locator("#scr-time")).to_have_text("10:50")
    expect(page.locator("#scr-status")).to_be_visible()
    expect(page.locator("#scr-now")).not_to_contain_text("Ioga suau")  # it ended at 10:30
    expect(page.locator("#scr-now")).to_contain_text("Coneix els teus drets")  # it began at 10:45
    expect(page.locator("#scr-next")).not_to_contain_text("Coneix els teus drets")

    page.clock.fast_forward("05:00:00")  # 15:50: the cancelled painting session is "now", flagged
    expect(page.locator("#scr-now .is-cancelled")).to_contain_text("Pintura i collage")
    expect(page.locator("#scr-next")).to_contain_text("Taller de costura")


SOAK_CYCLES = 720  # twelve hours of refreshes, a minute apart


# Not marked clock: it sets its own clock (10:15 today) and is the slowest test; the clock runs would add little.
def test_runs_for_hours_without_growing(mid_morning_running, live_server, page, busy_day, screen_factory,  # noqa: F811
                                        announcement_factory):  # noqa: F811
    """Hundreds of refreshes and rotations with changing data and failures
    between them: no node kept alive off the page, no listener and no timer
    more than at the start (bench/screen_soak.py runs days and adds the heap).
    Twelve hours from mid-morning end the same evening, with tomorrow's
    sessions still to come: the server and the browser start at 10:15."""
    now = timezone.now()
    announcement_factory("Tenim naloxona", text="Demana-la a l’equip.", starts_at=now - dt.timedelta(days=1),
                         ends_at=now + dt.timedelta(days=30))
    screen = screen_factory(days_ahead=3, refresh_seconds=60, rotate_seconds=20)
    page.set_viewport_size({"width": 1920, "height": 1080})
    soak = Soak(page, f"{live_server.url}/screen/{screen.token}/", refresh_seconds=screen.refresh_seconds)
    soak.start(start_ms=int(timezone.now().timestamp() * 1000))
    soak.run(26)  # warm up: every kind of answer once, the formats cached
    before = soak.measure(26)
    soak.run(SOAK_CYCLES, first=26)
    after = soak.measure(26 + SOAK_CYCLES)
    print(f"\nsoak {SOAK_CYCLES} cycles: before {before}\n  after {after}\n  served {soak.served}")

    assert soak.served["ok"] > SOAK_CYCLES * 0.9 and all(soak.served[f] for f in FAILURES)
    # One interval (the clock) and two timeout chains (refresh, rotation), always.
    assert before.timers == after.timers == 3
    assert after.listeners <= before.listeners
    # Nodes alive but off the page: a leak would add some every cycle. The
    # slack is for what Chromium itself holds between collections (a
    # fragment or a text node); a few hundred cycles would leak thousands.
    assert after.detached <= before.detached + 20
    # And it still works: online again, the coming days listed, the clock on time.
    expect(page.locator("#scr-status")).to_be_hidden()
    expect(page.locator("#scr-coming .scr-item").first).to_be_attached()
    assert page.locator("#scr-time").text_content() == page.evaluate(
        "new Intl.DateTimeFormat('ca', {hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/Madrid'}).format(new Date())")


@pytest.mark.clock
def test_restarts_with_the_server_down_and_shows_the_last_agenda(live_server, browser, make_activity, screen_factory):  # noqa: F811
    """The display restarts while the server is unreachable: its service worker
    gives back the last page and the last data (newer than that page), marked
    offline, not Chromium's error page; when the server is back, it recovers."""
    tomorrow = local_today() + dt.timedelta(days=1)
    make_activity("Hort al pati", slots=[weekly(tomorrow, [tomorrow.weekday()], "11:00", "13:00", repeat="once")])
    dance = make_activity("Ball lliure", slots=[weekly(tomorrow, [tomorrow.weekday()], "12:00", "13:30", repeat="once")])
    screen = screen_factory(days_ahead=1, refresh_seconds=60, languages=["ca"])
    token = screen.token
    # The service worker needs a secure context: http://localhost is one.
    assert live_server.url.startswith("http://localhost:")
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        log = RequestLog(page, live_server.url)
        page.clock.install()
        url = f"{live_server.url}/screen/{token}/"
        page.goto(url)
        page.wait_for_selector("body[data-live]")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        kept = page.evaluate("""async () => {
          const cache = await caches.open('screen:' + (await navigator.serviceWorker.ready).scope);
          return (await cache.keys()).map(r => new URL(r.url).pathname);
        }""")
        assert {f"/screen/{token}/", f"/screen/{token}/data.json", f"/screen/{token}/qr/ca.svg"} <= set(kept)
        assert any(p.endswith(".css") for p in kept) and any(p.endswith(".js") for p in kept)

        # The team cancels a session; the screen's next refresh brings it (and the worker keeps that data).
        (occurrence,) = [o for o in occurrences_between(start=at(tomorrow, "00:00"), end=at(tomorrow, "23:59"))
                         if o.activity.pk == dance.pk]
        occurrence_cancel(event=occurrence.event, original_start=occurrence.original_start, reason="Pluja")
        page.clock.fast_forward(60_000)
        dance_row = page.locator("#scr-coming .scr-item", has_text="Ball lliure")
        expect(dance_row).to_have_class(CANCELLED)

        # The server becomes unreachable (every request of the page and of its
        # worker is refused), then the display restarts.
        refused = []
        context.route("**/*", lambda route: (refused.append(route.request.url), route.abort("connectionrefused")))
        page.reload()
        page.wait_for_selector("body[data-live]")
        assert page.url == url and f"/screen/{token}/" in refused[0]
        expect(page.locator("#scr-coming")).to_contain_text("Hort al pati")
        # Its page is the copy from the first visit; its data, the last good
        # data, asked for at once (older than a refresh) and marked offline.
        expect(page.locator("#scr-status")).to_be_visible()
        expect(page.locator("#scr-status")).to_contain_text("Sense connexió")
        expect(dance_row).to_have_class(CANCELLED)
        expect(dance_row).to_contain_text("Pluja")
        assert any(u.endswith("/data.json") for u in refused)
        page.screenshot(path="/tmp/screen-restarted-offline.png")
        assert page.evaluate(LAYOUT_PROBLEMS) == []
        # The offline mark does not cut the space's name short.
        assert page.evaluate("(() => { const b = document.querySelector('.scr-brand'); return b.scrollWidth <= b.clientWidth; })()")

        # The server comes back: the screen recovers by itself, without a reload.
        context.unroute("**/*")
        page.evaluate("window.__sameDocument = true")
        page.clock.fast_forward(60_000)
        expect(page.locator("#scr-status")).to_be_hidden()
        assert page.locator("body.is-offline").count() == 0
        assert page.evaluate("window.__sameDocument") is True
        assert log.foreign() == []
    finally:
        context.close()
