"""A visitor opens the home page in each language, switches language, and the
page is accessible and talks to no other host."""

import pytest
from django.conf import settings

from tests.browser.helpers import RequestLog, axe_violations

pytestmark = pytest.mark.browser


def test_home_in_every_language_with_switcher(page, live_server, home, locales):
    from safespace.models import MainMenu

    menu = MainMenu.objects.create(locale=locales["ca"], items=[("link", {"page": home, "url": "", "label": ""})])
    for code in ("es", "en"):
        menu.copy_for_translation(locales[code]).save()
    log = RequestLog(page, live_server.url)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/ca/")
    assert page.locator("html").get_attribute("lang") == "ca"

    for code, name in settings.LANGUAGES:
        if code != "ca":
            page.locator("nav.lang-switcher").get_by_role("link", name=name).click()
            page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == code
        assert page.url == f"{live_server.url}/{code}/"
        assert page.locator("h1").is_visible()
        violations = axe_violations(page)
        assert violations == [], f"{code}: {violations}"

    # On a phone the menu folds behind a button that says whether it is open.
    page.goto(f"{live_server.url}/en/")
    toggle = page.locator("button.menu-toggle")
    assert not page.locator("#main-menu").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#main-menu").get_by_role("link", name="Home en").is_visible()

    # The skip link is the first stop for keyboard users and leads to the content.
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    assert log.foreign() == []


def test_admin_makes_no_request_to_another_host(page, live_server, home, superuser):
    log = RequestLog(page, live_server.url)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert log.foreign() == []
