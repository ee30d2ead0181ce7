"""Quick exit (issue 18): the button, and Esc pressed twice, replace the page
with the neutral site so that Back does not return to the space's site.

The neutral site and the page the visitor came from are local stand-ins served
by Playwright's router: no request leaves the machine."""

import pytest

from tests.browser.helpers import RequestLog, axe_violations

pytestmark = pytest.mark.browser

NEUTRAL = "https://weather.example/"
BEFORE = "https://news.example/"


def _stand_ins(page):
    def serve(route):
        title = "Weather" if route.request.url.startswith(NEUTRAL) else "News"
        route.fulfill(status=200, content_type="text/html", body=f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1>")

    page.route("https://*.example/**", serve)


@pytest.fixture
def neutral_site(site):
    from safespace.models import SiteSettings

    obj = SiteSettings.for_site(site)
    obj.quick_exit_url = NEUTRAL
    obj.save()


def _visit_site_from_elsewhere(page, live_server):
    page.goto(BEFORE)
    before = page.evaluate("history.length")
    page.goto(f"{live_server.url}/en/")
    assert page.evaluate("history.length") == before + 1
    return before + 1


def _left_without_a_way_back(page, live_server, length):
    page.wait_for_url(NEUTRAL)
    assert page.title() == "Weather"
    # The site's page was replaced, not added to: the history is as long as
    # before, and Back goes to where the visitor was before the site.
    assert page.evaluate("history.length") == length
    page.go_back()
    page.wait_for_url(BEFORE)
    assert live_server.url not in page.url
    page.go_forward()
    page.wait_for_url(NEUTRAL)


def test_quick_exit_button_replaces_the_page(page, live_server, home, neutral_site):
    _stand_ins(page)
    log = RequestLog(page, live_server.url)
    page.set_viewport_size({"width": 375, "height": 812})
    length = _visit_site_from_elsewhere(page, live_server)
    button = page.get_by_role("link", name="Quick exit")
    assert button.is_visible()
    assert axe_violations(page) == []
    site_requests = [url for url in log.urls if url.startswith(live_server.url)]
    assert site_requests and all(url.startswith(live_server.url) or url == BEFORE for url in log.urls)

    # It stays in view while the visitor scrolls a long page.
    page.mouse.wheel(0, 2000)
    assert button.bounding_box()["y"] >= 0 and button.is_visible()

    button.click()
    _left_without_a_way_back(page, live_server, length)


def test_quick_exit_by_keyboard_and_by_esc_twice(page, live_server, home, neutral_site):
    _stand_ins(page)
    length = _visit_site_from_elsewhere(page, live_server)
    # Second stop after the skip link, and Enter leaves.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Quick exit"
    page.keyboard.press("Enter")
    _left_without_a_way_back(page, live_server, length)

    length = _visit_site_from_elsewhere(page, live_server)
    page.keyboard.press("Escape")
    assert page.url == f"{live_server.url}/en/"  # one Esc alone (closing a menu, say) does nothing
    page.keyboard.press("Escape")
    _left_without_a_way_back(page, live_server, length)
