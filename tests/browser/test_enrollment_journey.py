"""A participant signs up, the next one lands on the waiting list, the first
cancels with her private link and the next one gets the place; a facilitator
sees it all on the roster."""

import re

import pytest
from playwright.sync_api import expect

from plugins.enrollment.models import Enrollment, Status
from safespace import roles
from tests.browser.helpers import RequestLog, axe_violations
from tests.factories import UserFactory
from tests.plugins.enrollment.conftest import (  # noqa: F401  (fixtures)
    agenda_page,
    categories,
    enrollment_on,
    make_activity,
    next_session,
    offer_factory,
    rooms,
    workshop,
)

pytestmark = [pytest.mark.browser, pytest.mark.clock]


def sign_up(page, url, code):
    page.goto(url)
    page.fill("#id_code", code)
    page.get_by_role("button", name=re.compile("Apunta't")).click()
    page.wait_for_load_state()


def test_signup_waitlist_cancel_promote_and_roster(live_server, page, enrollment_on, workshop, next_session, offer_factory):  # noqa: F811
    offer = offer_factory(workshop, capacity=1)
    log = RequestLog(page, live_server.url)
    page.set_viewport_size({"width": 375, "height": 812})

    # The session page shows the places and leads to the form.
    page.goto(f"{live_server.url}{next_session.url}")
    expect(page.get_by_text("Queda 1 plaça")).to_be_visible()  # waits for the page the click loads
    page.get_by_role("link", name="Apunta't").click()
    assert page.locator("#id_code").input_value()  # a code is suggested
    assert axe_violations(page) == []

    # First participant gets the place and keeps her cancel link.
    page.fill("#id_code", "lluna-plena")
    page.get_by_role("button", name="Apunta't").click()
    expect(page.get_by_role("heading", name="Tens plaça")).to_be_visible()  # waits for the page the click loads
    cancel_url = page.locator("a.cancel-link").get_attribute("href")
    assert axe_violations(page) == []

    # Second one: full, so the waiting list.
    form_url = f"{live_server.url}/ca/plugins/enrollment/{workshop.pk}/{next_session.stamp}/"
    page.goto(f"{live_server.url}{next_session.url}")
    expect(page.get_by_text("Ple · pots apuntar-te")).to_be_visible()  # waits for the page the click loads
    sign_up(page, form_url, "sol-de-tarda")
    expect(page.get_by_role("heading", name="Ets a la llista d'espera")).to_be_visible()  # waits for the page the click loads

    # A duplicate is refused with a message, and nothing is stored.
    sign_up(page, form_url, "LLUNA-PLENA")
    expect(page.get_by_role("alert").get_by_text("ja està inscrit")).to_be_visible()  # waits for the page the click loads
    assert Enrollment.objects.count() == 2

    # The first cancels; the one waiting moves up.
    page.goto(cancel_url)
    page.get_by_role("button", name="Sí, anul·la-la").click()
    expect(page.get_by_role("heading", name="La teva plaça s'ha anul·lat")).to_be_visible()  # waits for the page the click loads
    assert dict(Enrollment.objects.values_list("code", "status")) == {
        "lluna-plena": Status.CANCELLED,
        "sol-de-tarda": Status.CONFIRMED,
    }
    assert log.foreign() == []

    # The facilitator sees it on the roster, and codes stay off public pages.
    UserFactory(username="fac", groups=[roles.FACILITATORS])
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "fac")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server.url}/admin/enrollment/")
    page.get_by_role("link", name="Roster").first.click()
    signed_up = page.locator("table.roster").first.inner_text()
    assert "sol-de-tarda" in signed_up
    assert "lluna-plena" not in signed_up
    page.screenshot(path="/tmp/roster.png", full_page=True)
    page.goto(f"{live_server.url}{next_session.url}")
    assert "sol-de-tarda" not in page.content()
