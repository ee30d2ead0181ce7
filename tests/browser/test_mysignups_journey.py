"""A participant signs up, keeps her private link, and from her private page
cancels, takes her sign-ups to the phone's calendar (with alarms) and finally
asks to be forgotten, after which the page shows nothing and the data is gone.
On the same device, signing up again fills in her code (opt-in, kept only in
the browser)."""

import datetime as dt

import icalendar
import pytest

from agenda.selectors import activity_upcoming
from plugins.enrollment.models import Enrollment, PrivateLink, Status
from tests.browser.helpers import RequestLog, axe_violations
from tests.plugins.enrollment.conftest import (  # noqa: F401  (fixtures)
    agenda_page,
    categories,
    enrollment_on,
    make_activity,
    offer_factory,
    rooms,
    workshop,
)

pytestmark = [pytest.mark.browser, pytest.mark.clock]


def test_private_page_cancel_calendar_and_forget_me(live_server, page, enrollment_on, workshop, offer_factory):  # noqa: F811
    offer_factory(workshop, capacity=3, opens_days_before=14)
    first, second = activity_upcoming(page=workshop, limit=2)
    form = f"{live_server.url}/ca/plugins/enrollment/{workshop.pk}/"
    log = RequestLog(page, live_server.url)
    page.set_viewport_size({"width": 375, "height": 812})

    # Sign up, opting in to keep the code on this device.
    page.goto(f"{form}{first.stamp}/")
    assert page.locator("#remember-code").is_visible()
    page.fill("#id_code", "lluna-plena")
    page.check("#remember-code")
    with page.expect_request(lambda r: r.method == "POST") as posted:
        page.locator("form.stack-form button[type=submit]").click()
    assert "remember" not in (posted.value.post_data or "")  # the opt-in never leaves the device
    page.wait_for_load_state()
    private = page.locator("a.private-link__url")
    assert private.is_visible() and page.locator(".private-link__qr svg").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/mysignups-done.png", full_page=True)
    url = private.get_attribute("href")
    assert "lluna" not in url

    # Same device: the code is filled in; a second sign-up does not show the link again.
    page.goto(f"{form}{second.stamp}/")
    assert page.locator("#id_code").input_value() == "lluna-plena"
    assert page.locator("#remember-code").is_checked()
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".private-link__existing").is_visible()
    assert page.locator("a.private-link__url").count() == 0

    # The private page lists both; cancel the first.
    page.goto(url)
    assert page.locator(".mine__item").count() == 2
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/mysignups-mine.png", full_page=True)
    page.locator(".mine__item").first.locator("button[value=cancel]").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").is_visible()
    assert page.locator(".mine__item").count() == 1
    assert dict(Enrollment.objects.values_list("occurrence__original_start", "status")) == {
        first.original_start: Status.CANCELLED, second.original_start: Status.CONFIRMED,
    }

    # The calendar file: the coming sign-up, with alarms a day and an hour before.
    with page.expect_download() as download:
        page.locator("a.mine__calendar").click()
    cal = icalendar.Calendar.from_ical(open(download.value.path(), "rb").read())
    events = cal.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [second.start]
    assert sorted(a.decoded("trigger") for a in events[0].walk("VALARM")) == [-dt.timedelta(days=1), -dt.timedelta(hours=1)]

    # Forget me, with a confirmation step.
    page.goto(url)
    page.locator("a[href$='/forget/']").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.check("#confirm-forget")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert not Enrollment.objects.filter(code="lluna-plena").exists()
    assert not PrivateLink.objects.exists()
    response = page.goto(url)
    assert response.status == 404
    assert page.locator(".mine__item").count() == 0
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/mysignups-gone.png", full_page=True)
    assert log.foreign() == []
