"""An alert approved in the admin appears on the wall screen and the home page, and after its end it is gone from both."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.helpers import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.clock]


@pytest.fixture
def newsroom(live_server, home, site, user_factory):
    from plugins.alerts.models import AlertIndexPage, AlertPage
    from plugins.models import SitePlugins
    from safespace import roles
    from screen.models import Screen

    switches = SitePlugins.for_site(site)
    switches.enabled = ["alerts"]
    switches.save()
    index = AlertIndexPage(title="Alertes", slug="alertes")
    home.add_child(instance=index)
    index.save_revision().publish()
    writer = user_factory(username="writer", groups=[roles.COMMUNICATIONS])
    user_factory(username="reviewer", groups=[roles.COMMUNICATIONS])
    now = timezone.now()
    alert = AlertPage(
        title="Fentanil en heroïna", severity="danger", sold_as="heroïna", contains="heroïna amb fentanil",
        advice="No consumeixis sol. Porta naloxona.", source="Energy Control",
        valid_from=now - dt.timedelta(minutes=5), valid_until=now + dt.timedelta(hours=2), live=False,
    )
    index.add_child(instance=alert)
    alert.save_revision(user=writer)
    alert.get_workflow().start(alert, writer)
    return alert, Screen.objects.create(name="Entrada", languages=["ca"])


def test_an_approved_alert_reaches_screen_and_home_page_and_leaves_at_its_end(page, live_server, newsroom, time_machine):
    alert, screen = newsroom
    base = live_server.url
    page.goto(f"{base}/ca/")
    assert page.locator(".alert-banner").count() == 0  # submitted, not yet approved

    # A second person approves it from the dashboard's "Awaiting your review".
    log_in(page, base, "reviewer")
    row = page.locator("tr", has_text="Fentanil en heroïna")
    row.get_by_role("button", name=re.compile("^(Actions|Accions)$")).click()
    with page.expect_navigation():
        row.get_by_role("button", name=re.compile("^(Approve|Aprova)$")).click()
    alert.refresh_from_db()
    assert alert.live
    page.context.clear_cookies()

    page.goto(f"{base}/screen/{screen.token}/")
    band = page.locator(".scr-notice--urgent")
    band.wait_for()
    assert "Fentanil en heroïna" in band.inner_text()
    page.screenshot(path="/tmp/alerts-browser-screen.png")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/ca/")
    banner = page.locator(".alert-banner")
    assert "Fentanil en heroïna" in banner.inner_text()
    assert axe_violations(page) == []
    # Dismissed in this browser, it stays away on the next page.
    page.get_by_role("button", name=re.compile("Dismiss|Amaga")).click()
    assert banner.is_hidden()
    page.goto(f"{base}/ca/")
    assert page.locator(".alert-banner").is_hidden()
    page.evaluate("() => window.localStorage.clear()")

    # Its end passes on the server: no edit, no restart.
    time_machine.move_to(alert.valid_until + dt.timedelta(seconds=5), tick=True)
    page.goto(f"{base}/ca/")
    assert page.locator(".alert-banner").count() == 0
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{base}/screen/{screen.token}/")
    page.locator("#scr-notices").wait_for(state="hidden")
    assert "Fentanil" not in page.locator("body").inner_text()
