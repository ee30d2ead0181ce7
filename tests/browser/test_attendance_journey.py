"""At phone width, a facilitator takes attendance for a session with people
signed up, a walk-in and a head count, submits twice, and the report shows
the right figures; then the plugin is switched off and its pages are gone."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from agenda.selectors import local_midnight, occurrences_between
from agenda.services import occurrence_persist
from plugins.attendance.models import Sheet
from plugins.enrollment import services as enrollment_services
from plugins.enrollment.models import Offer
from plugins.models import SitePlugins
from safespace import roles
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401  (fixtures)
from tests.browser.helpers import RequestLog, axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.clock]


def test_facilitator_takes_attendance_on_a_phone(live_server, page, site, make_activity):  # noqa: F811
    SitePlugins.objects.update_or_create(site=site, defaults={"enabled": ["attendance", "enrollment"]})
    UserFactory(username="fac", groups=[roles.FACILITATORS])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    activity = make_activity("Taller de serigrafia", slots=[weekly(yesterday, [yesterday.weekday()])])
    (session,) = occurrences_between(start=local_midnight(yesterday), end=local_midnight(timezone.localdate()),
                                     activity_key=activity.translation_key)
    # The places are the activity page's own "Places", written by offer_save (Offer.objects.create would
    # leave the page without a number: no confirmed place, everyone on the waiting list, an empty roster).
    offer = Offer(activity_key=activity.translation_key)
    offer.capacity = 5
    enrollment_services.offer_save(offer=offer)
    row = occurrence_persist(event=session.event, original_start=session.original_start)
    for code in ("lluna-roja", "menta-koala-27", "sol-de-tarda"):
        enrollment_services.enrollment_create(offer=offer, occurrence=row, session_start=session.start,
                                              session_end=session.end, code=code, by_staff=True)

    page.set_viewport_size({"width": 375, "height": 812})
    requests = RequestLog(page, live_server.url)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "fac")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(f"{live_server.url}/admin/attendance/")
    page.get_by_role("link", name=re.compile("Taller de serigrafia")).click()
    page.wait_for_url("**/admin/attendance/sheet/**")
    assert axe_violations(page) == []
    # One tap per person: two of the three came.
    page.get_by_role("checkbox", name=re.compile("lluna-roja")).check()
    page.get_by_role("checkbox", name=re.compile("sol-de-tarda")).check()
    page.get_by_label("Add people by their code").fill("perla-12")
    # The head count's + and − buttons come with the script; the field works without it too.
    page.fill("#att-anonymous", "3")
    page.get_by_role("button", name="one more").click()
    assert page.input_value("#att-anonymous") == "4"

    # Submit twice: the same form posted again (a double tap, or a retry after the connection dropped).
    form_data = page.evaluate("() => Object.fromEntries(new FormData(document.querySelector('.attendance-sheet')).entries())")
    posted = page.evaluate(
        """() => { const form = document.querySelector('.attendance-sheet');
                   const data = new FormData(form); data.set('action', 'save');
                   return fetch(location.href, {method: 'POST', body: data, credentials: 'same-origin'}).then(r => r.status); }"""
    )
    assert posted == 200  # fetch follows the redirect to the sheet
    assert "submission" in form_data
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "nothing was counted twice" in page.inner_text(".messages")
    summary = page.inner_text("#att-summary")
    assert "7 people came" in summary and "2 with a place (1 absent)" in summary and "1 walk-in" in summary
    sheet = Sheet.objects.get()
    assert (sheet.present_enrolled, sheet.absent_enrolled, sheet.walk_ins, sheet.anonymous, sheet.version) == (2, 1, 1, 4, 1)
    assert page.get_by_role("checkbox", name=re.compile("perla-12")).is_checked()
    # Wagtail's message fades in; axe measures contrast once it has.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    assert axe_violations(page) == []

    # The report for the session's day.
    day = session.start.date().isoformat()
    page.goto(f"{live_server.url}/admin/attendance/reports/?group=activity&start={day}&end={day}")
    cells = page.locator("#attendance-report-table tbody tr").first.locator("th, td").all_inner_texts()
    assert cells[:8] == ["Taller de serigrafia", "1", "7", "7.0", "3", "1", "4", "33%"]
    assert page.locator("svg.attendance-chart title").first.text_content().startswith("Attendance from")
    assert axe_violations(page) == []
    assert requests.foreign() == []

    # Switched off: the menu entry goes and every page of the plugin answers 404.
    switches = SitePlugins.for_site(site)
    switches.enabled = ["enrollment"]
    switches.save()
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("a[href='/admin/attendance/']").count() == 0
    for path in ("/admin/attendance/", f"/admin/attendance/sheet/{activity.pk}/{session.stamp}/", "/admin/attendance/reports/"):
        assert page.goto(f"{live_server.url}{path}").status == 404, path
