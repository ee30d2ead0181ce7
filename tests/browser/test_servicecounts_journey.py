"""A counter taps on the tally screen, takes a tap back, loses the connection,
keeps tapping, gets it back, and every tap is stored exactly once; a tap the
server refuses leaves the queue without holding back, or resending, the others."""

import datetime as dt
import json

import pytest
from django.db.models import Sum
from wagtail.users.models import UserProfile

from plugins.models import SitePlugins
from plugins.servicecounts import services
from plugins.servicecounts.models import Category, Count
from safespace import roles
from tests.browser.helpers import RequestLog, axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.clock]


def stored(indicator) -> int:
    return Count.objects.filter(indicator=indicator).aggregate(n=Sum("count"))["n"] or 0


def wait_saved(page, queued="0"):
    page.wait_for_function(f"document.getElementById('sc-status').dataset.queued === '{queued}'", timeout=60000)


def test_counter_taps_undoes_and_survives_a_dropped_connection(live_server, page, site):
    SitePlugins.objects.update_or_create(site=site, defaults={"enabled": ["servicecounts"]})
    counter = UserFactory(username="counter", groups=[roles.COUNTERS])
    # The words below are the English ones; tests/browser/test_staff_journey.py taps in Catalan.
    UserProfile.objects.update_or_create(user=counter, defaults={"preferred_language": "en"})
    common = {"agreed": "assembly of March 2026", "active_from": dt.date(2020, 1, 1), "active_until": None,
              "publishable": True, "description": {}, "unit": {"en": "units"}}
    meals = services.indicator_create(name={"ca": "Àpats", "en": "Meals"}, category=Category.BASIC_NEEDS, order=1, **common)
    showers = services.indicator_create(name={"ca": "Dutxes", "en": "Showers"}, category=Category.BASIC_NEEDS, order=2, **common)
    page.set_viewport_size({"width": 412, "height": 900})
    log = RequestLog(page, live_server.url)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "counter")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/servicecounts/")  # a counter lands on the tally
    assert axe_violations(page) == []

    meal_button = page.locator(f"form[data-indicator='{meals.pk}'] .sc-tap")
    shower_button = page.locator(f"form[data-indicator='{showers.pk}'] .sc-tap")
    for _ in range(3):
        meal_button.click()
    shower_button.click()
    wait_saved(page)
    assert stored(meals) == 3 and stored(showers) == 1

    # Take the last tap (the shower) back.
    page.locator("#sc-recent-list li").first.get_by_role("button", name="Undo").click()
    wait_saved(page)
    assert stored(showers) == 0
    assert page.locator(f"[data-total-for='{showers.pk}']").inner_text() == "0"

    # The connection drops: taps queue up on the device and still show in the totals.
    page.route("**/servicecounts/taps/", lambda route: route.abort())
    meal_button.click()
    meal_button.click()
    shower_button.click()
    page.locator("#sc-recent-list li").first.get_by_role("button", name="Undo").click()  # the queued shower
    wait_saved(page, queued="4")
    assert "waiting to be sent" in page.locator("#sc-status").inner_text()
    assert page.locator(f"[data-total-for='{meals.pk}']").inner_text() == "5"
    assert page.locator(f"[data-total-for='{showers.pk}']").inner_text() == "0"
    assert stored(meals) == 3

    # Back online: the queue goes out, each tap once.
    page.unroute("**/servicecounts/taps/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_saved(page)
    assert stored(meals) == 5 and stored(showers) == 0
    assert "All taps are saved." in page.locator("#sc-status").inner_text()

    # A batch with a tap the server refuses (dated 2099: a device with a wrong clock)
    # between good ones: the good ones are counted, the refused one leaves the queue,
    # and no tap is sent twice. Every request that reaches the server counts, from before the
    # connection drops: a retry started while it was down may get through once it is back.
    sent = []
    page.on("requestfinished", lambda request: sent.extend(tap["id"] for tap in json.loads(request.post_data)["taps"])
            if request.method == "POST" and request.url.endswith("/servicecounts/taps/") else None)
    page.route("**/servicecounts/taps/", lambda route: route.abort())
    meal_button.click()
    meal_button.click()
    wait_saved(page, queued="2")
    page.evaluate("""(meals) => {
      const queue = JSON.parse(localStorage.getItem("servicecounts.queue.v1"));
      queue.splice(1, 0, {id: crypto.randomUUID(), indicator: meals, delta: 1, at: "2099-01-01T10:00:00Z",
                          shift: queue[0].shift});
      localStorage.setItem("servicecounts.queue.v1", JSON.stringify(queue));
    }""", meals.pk)
    page.unroute("**/servicecounts/taps/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_saved(page)
    assert stored(meals) == 7
    assert "Refused:" in page.locator("#sc-status").inner_text()
    assert len(sent) == 3 and len(set(sent)) == 3
    assert page.locator(f"[data-total-for='{meals.pk}']").inner_text() == "7"

    page.reload()
    assert page.locator(f"[data-total-for='{meals.pk}']").inner_text() == "7"
    assert axe_violations(page) == []
    assert log.foreign() == []
