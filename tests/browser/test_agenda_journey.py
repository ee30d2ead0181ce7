"""A facilitator schedules a weekly workshop in Wagtail's admin, cancels one
session and moves another; a participant sees all three in the week view, on
the occurrence page and in the iCal feed."""

import datetime as dt

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from wagtail.models import WorkflowPage

from agenda import recurrence
from safespace import roles
from tests.agenda.conftest import agenda_page, categories, rooms  # noqa: F401  (fixtures)
from tests.browser.helpers import fill_with_picker
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.clock]


def test_facilitator_schedules_and_participant_sees_it(live_server, page, agenda_page, rooms):  # noqa: F811
    # The communications review workflow covers the whole tree, but Facilitators
    # hold the publish permission on the agenda (agenda_page_grant): they publish directly.
    assert WorkflowPage.objects.exists()
    UserFactory(username="fac", groups=[roles.FACILITATORS])
    today = timezone.now().astimezone(recurrence.local_zone()).date()
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1)
    tuesday, thursday = monday + dt.timedelta(days=1), monday + dt.timedelta(days=3)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "fac")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    # Create the weekly workshop (Tuesdays and Thursdays, 18:00-20:00) and publish it.
    page.goto(f"{live_server.url}/admin/pages/add/agenda/activitypage/{agenda_page.pk}/")
    page.fill("#id_title", "Taller de serigrafia")
    page.fill("#id_summary", "Estampem samarretes i bosses.")
    page.select_option("#id_room", label="Sala gran")
    page.check("#id_languages_0")
    page.select_option("#id_slots-0-repeat", "weekly")
    fill_with_picker(page, "#id_slots-0-start_date", monday.isoformat())
    fill_with_picker(page, "#id_slots-0-start_time", "18:00")
    fill_with_picker(page, "#id_slots-0-end_time", "20:00")
    page.check("#id_slots-0-weekdays_1")
    page.check("#id_slots-0-weekdays_3")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.click("button[name=action-publish]")
    page.wait_for_url("**/admin/pages/**")
    assert page.locator(".messages .success, .messages li").first.is_visible()

    # Cancel Tuesday's session and move Thursday's to 19:00 in the kitchen.
    page.goto(f"{live_server.url}/admin/pages/{agenda_page.pk}/")
    page.get_by_role("link", name="Taller de serigrafia").first.click()
    page.click("#id_changes-ADD")
    page.select_option("#id_changes-0-kind", "cancel")
    fill_with_picker(page, "#id_changes-0-original_date", tuesday.isoformat())
    page.fill("#id_changes-0-reason", "Festiu local")
    page.click("#id_changes-ADD")
    page.select_option("#id_changes-1-kind", "move")
    fill_with_picker(page, "#id_changes-1-original_date", thursday.isoformat())
    fill_with_picker(page, "#id_changes-1-new_start_time", "19:00")
    fill_with_picker(page, "#id_changes-1-new_end_time", "21:00")
    page.select_option("#id_changes-1-new_room", label="Cuina")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.click("button[name=action-publish]")
    page.wait_for_url("**/admin/pages/**")

    # A participant, logged out, reads the week.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/ca/agenda/week/{monday.isoformat()}/")
    cancelled = page.locator("li.occ--cancelled", has_text="Taller de serigrafia")
    moved = page.locator("li.occ--moved", has_text="Taller de serigrafia")
    assert cancelled.count() == 1 and "Festiu local" in cancelled.inner_text()
    assert moved.count() == 1 and "19:00" in moved.inner_text() and "Cuina" in moved.inner_text()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    moved.get_by_role("link").click()
    assert "19:00" in page.locator(".facts").inner_text()
    assert page.locator(".notice--moved").is_visible()
    assert page.locator("time").first.get_attribute("datetime").startswith(f"{thursday.isoformat()}T19:00")

    feed = page.request.get(f"{live_server.url}/feeds/agenda.ics")
    calendar = icalendar.Calendar.from_ical(feed.body())
    events = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Taller de serigrafia"]
    main = next(e for e in events if "RRULE" in e)
    assert main["RRULE"]["BYDAY"] == ["TU", "TH"]
    exdate = main["EXDATE"] if not isinstance(main["EXDATE"], list) else main["EXDATE"][0]
    assert [d.dt.date() for d in exdate.dts] == [tuesday]
    (override,) = [e for e in events if "RECURRENCE-ID" in e]
    assert override["RECURRENCE-ID"].dt.date() == thursday
    assert override["DTSTART"].dt.hour == 19 and str(override["LOCATION"]) == "Cuina"
