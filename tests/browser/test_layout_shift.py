"""On a phone, public pages do not move after they appear (cumulative layout
shift below 0.1, Google's "good"), and the menu is folded by CSS from the first
paint, not by a script after it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 812}

# Sums the layout shifts the page has had so far (buffered), as the CLS metric
# does, leaving out those right after user input.
CLS = """() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { total += entry.value; } }
    }).observe({type: "layout-shift", buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(total), 300)));
})"""

PAGES = ["/ca/", "/es/", "/en/", "/ca/recursos/", "/ca/recursos/naloxona/", "/ca/noticies/", "/ca/qui-som/"]


@pytest.fixture
def demo_site(live_server):
    from resources import demo
    from safespace import demo as site_demo

    site_demo.load_demo()
    demo.load_demo()
    return live_server.url


def serve_media(context):
    """Media as the web server in front serves them in production (Django serves them only under DEBUG):
    an image that fails to load loses its reserved box, which would shift the page by itself."""
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    from django.conf import settings

    def fulfil(route):
        path = Path(settings.MEDIA_ROOT) / unquote(urlparse(route.request.url).path).removeprefix(settings.MEDIA_URL)
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.continue_()

    context.route("**/media/**", fulfil)


def test_public_pages_do_not_shift_on_a_phone_and_the_menu_works_without_javascript(browser, demo_site):
    context = browser.new_context(viewport=PHONE)
    serve_media(context)
    page = context.new_page()
    shifts = {}
    for path in PAGES:
        response = page.goto(f"{demo_site}{path}", wait_until="load")
        assert response.status == 200, path
        shifts[path] = page.evaluate(CLS)
    assert all(value < 0.1 for value in shifts.values()), shifts

    # The button folds and unfolds it.
    page.goto(f"{demo_site}/en/")
    toggle = page.locator("button.menu-toggle")
    assert not page.locator("#main-menu").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#main-menu").is_visible()
    context.close()

    # Without JavaScript there is no button and the menu is simply open.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_site}/en/")
    assert not page.locator("button.menu-toggle").is_visible()
    assert page.locator("#main-menu").is_visible()
    context.close()
