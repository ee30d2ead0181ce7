"""Staff at the admin: a counter lands on the tally and taps in their own
language and the space's time; a facilitator without a surname or e-mail
chooses the admin's language; an Administrator adds a user without the means
to make a superuser."""

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from wagtail.users.models import UserProfile

from plugins.models import SitePlugins
from plugins.servicecounts import services
from plugins.servicecounts.models import Category
from safespace import roles
from tests.browser.helpers import RequestLog, axe_violations, submit_password

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/staff-journey")


def shoot(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_counter_lands_on_the_tally_in_catalan_and_the_space_time(browser, live_server, site, user_factory, settings):
    SitePlugins.objects.update_or_create(site=site, defaults={"enabled": ["servicecounts"]})
    user_factory(username="counter", groups=[roles.COUNTERS])  # no language chosen: the browser asks for Catalan
    common = {"agreed": "assembly of March 2026", "active_from": dt.date(2020, 1, 1), "active_until": None,
              "publishable": True, "description": {}, "unit": {"en": "units"}, "category": Category.BASIC_NEEDS}
    legal = services.indicator_create(name={"ca": "Assessorament legal", "en": "Legal advice"}, order=1, **common)
    services.indicator_create(name={"ca": "Kits de reducció de danys", "en": "Harm reduction kits"}, order=2, **common)
    services.indicator_create(name={"ca": "Àpats", "en": "Meals"}, order=3, **common)
    # The device is set to another zone than the space's.
    context = browser.new_context(timezone_id="America/New_York", locale="ca-ES", viewport={"width": 375, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log = RequestLog(page, live_server.url)

    submit_password(page, live_server.url, "counter")
    page.wait_for_url(re.compile(r"/admin/servicecounts/$"))
    strings = json.loads(page.locator("#sc-strings").text_content())

    page.locator(f"form[data-indicator='{legal.pk}'] .sc-tap").click()
    page.wait_for_function("document.getElementById('sc-status').dataset.queued === '0'", timeout=60000)
    assert page.locator("#sc-status").inner_text() == strings["saved"]
    assert page.locator("#sc-recent-list li").first.get_by_role("button").inner_text().startswith(strings["undo"])

    # "Last taps" in the space's time, not the device's.
    stamp = page.locator("#sc-recent-list li time").first
    at = dt.datetime.fromisoformat(stamp.get_attribute("datetime").replace("Z", "+00:00"))
    assert stamp.inner_text() == at.astimezone(ZoneInfo(settings.TIME_ZONE)).strftime("%H:%M")

    # Every name fits its tile, on a phone and on a tablet.
    for width in (375, 768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        overflowing = page.evaluate("""() => [...document.querySelectorAll('.sc-tap, .sc-tap__name')]
            .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent.trim())""")
        assert overflowing == [], width
        # ... and no word is cut in two: the longest word of each name fits on one line.
        cut = page.evaluate("""() => [...document.querySelectorAll('.sc-tap__name')].filter(el => {
            const longest = el.textContent.trim().split(/\\s+/).reduce((a, b) => b.length > a.length ? b : a, '');
            const probe = document.createElement('span');
            probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
            probe.textContent = longest;
            el.appendChild(probe);
            const wide = probe.getBoundingClientRect().width > el.clientWidth + 0.5;
            probe.remove();
            return wide;
        }).map(el => el.textContent.trim())""")
        assert cut == [], width
        shoot(page, "tally", width)
    assert axe_violations(page) == []
    assert errors == [] and log.foreign() == []
    context.close()


def test_facilitator_without_surname_or_email_chooses_the_admin_language(page, live_server, home, user_factory):
    user = user_factory(username="facilitator", first_name="Facilitator", groups=[roles.FACILITATORS])
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 375, "height": 900})
    submit_password(page, live_server.url, "facilitator")
    page.wait_for_url(re.compile(r"/admin/"))
    page.goto(f"{live_server.url}/admin/account/")
    page.wait_for_load_state("networkidle")
    shoot(page, "account", 375)
    page.select_option("#id_locale-preferred_language", "es")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/admin/account/$"))
    page.wait_for_load_state("networkidle")
    assert UserProfile.get_for_user(user).preferred_language == "es"
    assert page.locator("html").get_attribute("lang") == "es"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(600)
    shoot(page, "account-saved", 1280)
    assert errors == []  # "Invalid time zone specified: localtime" was thrown here


def test_administrator_adds_a_user_without_a_superuser_switch(page, live_server, home, user_factory):
    user_factory(username="administrator", groups=[roles.ADMINISTRATORS])
    page.set_viewport_size({"width": 1280, "height": 900})
    submit_password(page, live_server.url, "administrator")
    page.wait_for_url(re.compile(r"/admin/"))
    page.goto(f"{live_server.url}/admin/users/new/")
    page.locator("#tab-label-roles").click()
    assert page.locator("[name=is_superuser]").is_disabled()
    assert page.locator("[name=groups]").count() >= 3
    shoot(page, "add-user-roles", 1280)
    page.set_viewport_size({"width": 375, "height": 900})
    page.wait_for_timeout(600)
    shoot(page, "add-user-roles", 375)
