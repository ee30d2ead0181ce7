import csv
import io
import re

import pytest
from wagtail.models import ModelLogEntry

from plugins.attendance.models import Mark, Sheet
from plugins.enrollment import services as enrollment_services
from safespace import roles

from .conftest import record, sessions_of, sheet_url, switch_on

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ADMIN_URLS = ["/admin/attendance/", "/admin/attendance/reports/", "/admin/attendance/reports/csv/"]


@pytest.fixture
def facilitator(user_factory):
    return user_factory(username="fac", groups=[roles.FACILITATORS])


@pytest.fixture
def administrator(user_factory):
    return user_factory(username="boss", groups=[roles.ADMINISTRATORS])


def form_fields(html: str) -> dict:
    return {
        "submission": re.search(r'name="submission" value="([^"]+)"', html).group(1),
        "version": re.search(r'name="version" value="([^"]+)"', html).group(1),
    }


def enrol(activity, occ, offer, *codes):
    from agenda.services import occurrence_persist

    row = occurrence_persist(event=occ.event, original_start=occ.original_start)
    for code in codes:
        enrollment_services.enrollment_create(offer=offer, occurrence=row, session_start=occ.start,
                                              session_end=occ.end, code=code, by_staff=True)


@pytest.mark.parametrize("group", [roles.COUNTERS, roles.COMMUNICATIONS])
def test_counters_and_communications_are_refused(client, attendance_on, user_factory, workshop, session, group):
    client.force_login(user_factory(groups=[group]))
    for url in ADMIN_URLS + [sheet_url(workshop, session)]:
        assert client.get(url).status_code in (302, 403), url
    assert client.post(sheet_url(workshop, session), {"anonymous": "3"}).status_code in (302, 403)
    assert not Sheet.objects.exists()
    assert "/admin/attendance/" not in client.get("/admin/").content.decode()


def test_switched_off_plugin_is_404_and_has_no_menu_item(client, site, facilitator, workshop, session):
    switch_on(site, "enrollment")
    client.force_login(facilitator)
    assert "/admin/attendance/" not in client.get("/admin/").content.decode()
    for url in ADMIN_URLS + [sheet_url(workshop, session)]:
        assert client.get(url).status_code == 404, url
    assert client.post(sheet_url(workshop, session), {"anonymous": "3"}).status_code == 404
    switch_on(site, "attendance")
    assert "/admin/attendance/" in client.get("/admin/").content.decode()
    assert client.get("/admin/attendance/").status_code == 200


def test_facilitator_takes_attendance_with_the_roster_and_a_double_submit_counts_once(
        client, both_on, facilitator, workshop, session, offer_factory):
    offer = offer_factory(workshop, capacity=5)
    enrol(workshop, session, offer, "lluna", "sol", "mar")
    client.force_login(facilitator)
    index = client.get("/admin/attendance/").content.decode()
    assert sheet_url(workshop, session) in index
    page = client.get(sheet_url(workshop, session))
    html = page.content.decode()
    assert page.status_code == 200 and all(code in html for code in ("lluna", "sol", "mar"))
    data = {**form_fields(html), "action": "save", "listed": ["lluna", "sol", "mar"], "present": ["lluna", "sol"],
            "new_walk_ins": "perla-12", "anonymous": "3"}
    first = client.post(sheet_url(workshop, session), data)
    second = client.post(sheet_url(workshop, session), data)
    assert first.status_code == 302 and second.status_code == 302
    sheet = Sheet.objects.get()
    assert (sheet.present_enrolled, sheet.absent_enrolled, sheet.walk_ins, sheet.anonymous) == (2, 1, 1, 3)
    assert sheet.with_enrollment and sheet.version == 1
    assert ModelLogEntry.objects.for_instance(sheet).get().user == facilitator
    shown = client.get(sheet_url(workshop, session)).content.decode()
    assert "dues vegades" in shown and "Han vingut 6 persones" in shown


def test_without_enrollment_there_is_no_roster_but_walk_ins_and_head_count_work(
        client, attendance_on, facilitator, workshop, session, offer_factory):
    offer = offer_factory(workshop, capacity=5)
    enrol(workshop, session, offer, "lluna")
    client.force_login(facilitator)
    html = client.get(sheet_url(workshop, session)).content.decode()
    assert "Amb inscripció" not in html and "lluna" not in html
    data = {**form_fields(html), "new_walk_ins": "sol, mar", "anonymous": "2"}
    assert client.post(sheet_url(workshop, session), data).status_code == 302
    sheet = Sheet.objects.get()
    assert (sheet.walk_ins, sheet.anonymous, sheet.with_enrollment) == (2, 2, False)


def test_a_walk_in_typed_with_a_space_is_one_person_with_the_code_the_sign_up_form_stored(
        client, both_on, facilitator, workshop, session, offer_factory):
    from plugins.attendance.models import Source

    offer = offer_factory(workshop, capacity=5)
    enrol(workshop, session, offer, "Gat Negre")
    client.force_login(facilitator)
    html = client.get(sheet_url(workshop, session)).content.decode()
    assert "gat-negre" in html
    data = {**form_fields(html), "action": "save", "listed": ["gat-negre"], "new_walk_ins": "gat negre, mar",
            "anonymous": "0"}
    assert client.post(sheet_url(workshop, session), data).status_code == 302
    sheet = Sheet.objects.get()
    assert (sheet.present_enrolled, sheet.walk_ins) == (1, 1)
    assert dict(Mark.objects.values_list("code", "source")) == {"gat-negre": Source.ENROLLED, "mar": Source.WALK_IN}


def test_enter_in_a_field_saves_the_sheet(client, attendance_on, facilitator, workshop, session):
    """Pressing Enter submits with the form's first submit button (HTML's implicit submission)."""
    client.force_login(facilitator)
    html = client.get(sheet_url(workshop, session)).content.decode()
    sheet_form = html[html.index('class="attendance-sheet"'):]
    first_button = re.search(r"<button\b[^>]*>", sheet_form).group(0)
    assert 'type="button"' not in first_button and 'value="save"' in first_button


def test_check_the_codes_shows_who_would_be_added_and_saves_nothing(client, attendance_on, facilitator, workshop, session):
    client.force_login(facilitator)
    url = sheet_url(workshop, session)
    base = form_fields(client.get(url).content.decode())
    response = client.post(url, {**base, "action": "preview", "new_walk_ins": "Gat Negre, mar\nsol", "anonymous": "4"})
    html = response.content.decode()
    assert response.status_code == 200
    preview = html[html.index('id="att-walk-in-preview"'):]
    preview = preview[:preview.index("</div>")]
    assert re.findall(r"<li>([^<]+)</li>", preview) == ["gat-negre", "mar", "sol"]
    assert "Gat Negre, mar\nsol</textarea>" in html and 'name="anonymous" value="4"' in html
    assert not Sheet.objects.exists()
    refused = client.post(url, {**base, "action": "preview", "new_walk_ins": "gat negre, <b>"})
    assert refused.status_code == 400 and "no és un codi" in refused.content.decode()
    assert not Sheet.objects.exists()


def test_the_sheet_script_previews_walk_ins_and_the_page_has_no_inline_script(
        client, attendance_on, facilitator, workshop, session):
    client.force_login(facilitator)
    html = client.get(sheet_url(workshop, session)).content.decode()
    assert 'data-att-preview-label="' in html and "attendance/sheet.js" in html
    assert not re.search(r'<script(?![^>]*\bsrc=)[^>]*>\s*\S', html.split('id="att-walk-in-preview"')[0][-2000:])


def test_the_summary_puts_one_absent_person_in_the_singular(client, both_on, facilitator, workshop, session, offer_factory):
    """Needs locale/pending/agendaux.ca.po compiled in."""
    offer = offer_factory(workshop, capacity=5)
    enrol(workshop, session, offer, "lluna", "sol")
    record(workshop, session, roster={"lluna": True, "sol": False}, with_enrollment=True)
    client.force_login(facilitator)
    html = client.get(sheet_url(workshop, session)).content.decode()
    assert "1 amb plaça (1 absent)" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"anonymous": "lots"}, "nombre enter"),
        ({"anonymous": "-3"}, "nombre enter"),
        ({"anonymous": "100000"}, "nombre enter"),
        ({"new_walk_ins": "<script>"}, "no és un codi"),
        ({"present": ["x"], "listed": ["x"]}, "no és un codi"),
        ({"submission": "nope"}, "identificador"),
        ({"version": "v2"}, "versió incorrecta"),
        ({"action": "explode"}, "Acció desconeguda"),
    ],
)
def test_bad_input_is_a_400_with_a_message(client, attendance_on, facilitator, workshop, session, data, message):
    client.force_login(facilitator)
    base = form_fields(client.get(sheet_url(workshop, session)).content.decode())
    response = client.post(sheet_url(workshop, session), {**base, "anonymous": "1", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Mark.objects.exists()
    assert not Sheet.objects.filter(anonymous__gt=0).exists()


def test_unknown_sessions_are_404(client, attendance_on, facilitator, workshop, session):
    client.force_login(facilitator)
    assert client.get(f"/admin/attendance/sheet/{workshop.pk}/2001-01-01-1800/").status_code == 404
    assert client.get(f"/admin/attendance/sheet/{workshop.pk}/garbage/").status_code == 404
    assert client.get(f"/admin/attendance/sheet/999999/{session.stamp}/").status_code == 404


def test_a_stale_form_gets_a_409_and_keeps_what_was_entered(client, attendance_on, facilitator, workshop, session):
    client.force_login(facilitator)
    stale = form_fields(client.get(sheet_url(workshop, session)).content.decode())
    record(workshop, session, anonymous=4)  # someone else saved meanwhile
    response = client.post(sheet_url(workshop, session), {**stale, "new_walk_ins": "sol", "anonymous": "9"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Algú altre ha desat" in html
    assert 'value="9"' in html and "sol" in html
    assert Sheet.objects.get().anonymous == 4


def test_closing_and_reopening_needs_the_right(client, attendance_on, facilitator, administrator, workshop, session):
    client.force_login(facilitator)
    fields = form_fields(client.get(sheet_url(workshop, session)).content.decode())
    client.post(sheet_url(workshop, session), {**fields, "anonymous": "2", "action": "close"})
    sheet = Sheet.objects.get()
    assert sheet.is_closed and sheet.closed_by == facilitator
    html = client.get(sheet_url(workshop, session)).content.decode()
    assert "Reobre" not in html and 'value="save"' not in html
    fields = form_fields(html)
    refused = client.post(sheet_url(workshop, session), {**fields, "anonymous": "7"})
    assert refused.status_code == 400 and "tancat" in refused.content.decode()
    assert client.post(sheet_url(workshop, session), {**fields, "action": "reopen"}).status_code in (302, 403)
    assert Sheet.objects.get().is_closed

    client.force_login(administrator)
    html = client.get(sheet_url(workshop, session)).content.decode()
    assert "Reobre el full" in html
    assert client.post(sheet_url(workshop, session), {**form_fields(html), "action": "reopen"}).status_code == 302
    assert not Sheet.objects.get().is_closed
    actions = list(ModelLogEntry.objects.for_instance(sheet).order_by("pk").values_list("action", "user__username"))
    assert actions == [("attendance.record", "fac"), ("attendance.close", "fac"), ("attendance.reopen", "boss")]


def test_a_future_or_cancelled_session_takes_no_attendance(client, attendance_on, facilitator, make_activity):
    import datetime as dt

    from django.utils import timezone

    from agenda.selectors import activity_upcoming
    from tests.agenda.conftest import weekly

    later = timezone.localdate() + dt.timedelta(days=2)
    activity = make_activity("Futur", slots=[weekly(later, [later.weekday()])])
    upcoming = activity_upcoming(page=activity, limit=1)[0]
    client.force_login(facilitator)
    html = client.get(sheet_url(activity, upcoming)).content.decode()
    response = client.post(sheet_url(activity, upcoming), {**form_fields(html), "anonymous": "3"})
    assert response.status_code == 400 and "encara no ha començat" in response.content.decode()
    assert not Sheet.objects.exists()


@pytest.mark.clock
def test_reports_show_figures_and_csv_never_carries_codes(client, attendance_on, facilitator, workshop, session, time_machine):
    import datetime as dt

    from django.utils import timezone

    earlier = sessions_of(workshop)[0]
    record(workshop, session, walk_ins=["secret-code-1", "secret-code-2"], anonymous=6)
    record(workshop, earlier, walk_ins=["secret-code-1"], anonymous=1)
    client.force_login(facilitator)
    page = client.get("/admin/attendance/reports/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title" in html and "<desc" in html and "Serigrafia" in html
    assert "secret-code" not in html
    internal = client.get("/admin/attendance/reports/csv/?for=internal")
    rows = list(csv.reader(io.StringIO(internal.content.decode())))
    assert rows[1][:5] == ["Serigrafia", "2", "10", "5.0", "2"]
    # Figures for outside: a whole month, once it has settled (plugins.api.disclosure).
    month = timezone.localtime(session.start).strftime("%Y-%m")
    assert client.get(f"/admin/attendance/reports/csv/?for=external&month={month}").status_code == 400
    time_machine.move_to(timezone.now() + dt.timedelta(days=45), tick=False)
    client.force_login(facilitator)  # the sign-in has expired by then
    external = client.get(f"/admin/attendance/reports/csv/?for=external&month={month}").content.decode()
    for body in (internal.content.decode(), external):
        assert "secret-code" not in body
    rows = list(csv.reader(io.StringIO(external)))
    same_month = timezone.localtime(earlier.start).strftime("%Y-%m") == month
    if same_month:
        assert rows[1] == ["Serigrafia", "2", "10", "5.0", "<5"]  # 2 distinct people: suppressed
    else:
        assert rows[1] == ["Serigrafia", "1", "8", "8.0", "<5"]
    assert rows[2][4] == "withheld"


@pytest.mark.parametrize("query", [
    "?start=yesterday", "?start=2026-02-30", "?start=2026-05-01&end=2026-04-01", "?group=everyone",
    "?start=2000-01-01&end=2026-01-01",
])
def test_bad_report_parameters_are_400(client, attendance_on, facilitator, query):
    client.force_login(facilitator)
    page = client.get("/admin/attendance/reports/" + query)
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()
    assert client.get("/admin/attendance/reports/csv/" + query).status_code == 400
    assert client.get("/admin/attendance/reports/csv/?for=twitter").status_code == 400


@pytest.mark.clock
def test_funders_csv_takes_no_range_and_no_unsettled_month(client, attendance_on, facilitator, past_activity, time_machine):
    """The probe: Gentle yoga, October (22) minus 1-28 October (18) = 4 on 29 October, shown as <5 that day."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from plugins.api import disclosure

    madrid = ZoneInfo("Europe/Madrid")
    time_machine.move_to(dt.datetime(2026, 10, 30, 12, tzinfo=madrid), tick=False)
    yoga = past_activity("Ioga suau", weeks=4)  # 8, 15, 22 and 29 October
    for occ, n in zip(sessions_of(yoga), [6, 6, 6, 4]):
        record(yoga, occ, anonymous=n)
    base = "/admin/attendance/reports/csv/?for=external"

    def get(query):
        client.force_login(facilitator)
        return client.get(base + query)

    assert get("&start=2026-10-01&end=2026-10-28").status_code == 400
    assert get("&start=2026-10-29&end=2026-10-29").status_code == 400
    assert get("&month=2026-10&start=2026-10-01").status_code == 400
    for moment in (dt.datetime(2026, 10, 30, 12), dt.datetime(2026, 11, 1, 9), dt.datetime(2026, 11, 8, 9)):
        time_machine.move_to(moment.replace(tzinfo=madrid), tick=False)
        assert get("&month=2026-10").status_code == 400  # not ended, or not settled
        assert "2026-10" not in [m.strftime("%Y-%m") for m in disclosure.allowed_months()]
    time_machine.move_to(dt.datetime(2026, 11, 1, 9, tzinfo=madrid) + dt.timedelta(days=disclosure.settle_days()), tick=False)
    rows = list(csv.reader(io.StringIO(get("&month=2026-10").content.decode())))
    assert rows[1][:3] == ["Ioga suau", "4", "22"]
    for month in ("2026-09", "2026-10"):
        for group in ("activity", "category", "space"):
            body = get(f"&month={month}&group={group}").content.decode()
            numbers = {cell for row in csv.reader(io.StringIO(body)) for cell in row[2:3]}
            assert not numbers & {"4", "18"}, (month, group, body)


def test_the_roster_comes_from_whichever_plugin_answers_occurrence_roster(
        client, attendance_on, facilitator, workshop, session):
    """Attendance names no plugin: a receiver of the agenda's extension point gives the roster."""
    from agenda.signals import occurrence_roster

    def other_plugin(sender, occurrence, occurrence_id=None, **kwargs):
        return ["nube-jade-15", "roca-40"] if occurrence.activity.translation_key == workshop.translation_key else None

    occurrence_roster.connect(other_plugin, dispatch_uid="test_other_plugin_roster")
    try:
        client.force_login(facilitator)
        html = client.get(sheet_url(workshop, session)).content.decode()
        assert "nube-jade-15" in html and "roca-40" in html
        data = {**form_fields(html), "action": "save", "listed": ["nube-jade-15", "roca-40"],
                "present": ["roca-40"], "anonymous": "1"}
        assert client.post(sheet_url(workshop, session), data).status_code == 302
    finally:
        occurrence_roster.disconnect(dispatch_uid="test_other_plugin_roster")
    sheet = Sheet.objects.get()
    assert (sheet.present_enrolled, sheet.absent_enrolled, sheet.anonymous, sheet.with_enrollment) == (1, 1, 1, True)


@pytest.mark.clock
def test_a_sheet_in_a_month_already_published_outside_can_no_longer_be_changed(
        client, attendance_on, facilitator, administrator, past_activity, time_machine):
    """Published figures never change after the fact: once a month is out (ended and settled,
    plugins.api.disclosure), its sessions' sheets take no saves, closes or reopens."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from plugins.api import disclosure

    madrid = ZoneInfo("Europe/Madrid")
    time_machine.move_to(dt.datetime(2026, 10, 30, 12, tzinfo=madrid), tick=False)
    yoga = past_activity("Ioga suau", weeks=1)  # 29 October
    (occ,) = sessions_of(yoga)
    url = sheet_url(yoga, occ)
    record(yoga, occ, anonymous=6)
    # Not settled yet (8 November): a late correction is still taken.
    time_machine.move_to(dt.datetime(2026, 11, 8, 9, tzinfo=madrid), tick=False)
    client.force_login(facilitator)
    assert client.post(url, {**form_fields(client.get(url).content.decode()), "anonymous": "7"}).status_code == 302
    assert Sheet.objects.get().anonymous == 7

    time_machine.move_to(dt.datetime(2026, 11, 1, 9, tzinfo=madrid) + dt.timedelta(days=disclosure.settle_days()), tick=False)
    assert dt.date(2026, 10, 1) in disclosure.allowed_months()
    for user in (facilitator, administrator):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert 'value="save"' not in html and 'value="reopen"' not in html
        for action in ("save", "close", "reopen"):
            response = client.post(url, {**form_fields(html), "anonymous": "9", "new_walk_ins": "sol", "action": action})
            refused = (302, 403) if (user, action) == (facilitator, "reopen") else (400,)  # no right to reopen
            assert response.status_code in refused, (user, action)
    sheet = Sheet.objects.get()
    assert (sheet.anonymous, sheet.walk_ins, sheet.version, sheet.is_closed) == (7, 0, 2, False)
    assert not Mark.objects.exists()


@pytest.mark.clock
def test_reports_export_as_xlsx_with_the_csv_columns_and_no_codes(client, attendance_on, facilitator, workshop, session):
    from openpyxl import load_workbook

    record(workshop, session, walk_ins=["secret-code-1"], anonymous=4)
    client.force_login(facilitator)
    page = client.get("/admin/attendance/reports/").content.decode()
    assert "export=xlsx" in page and "export=csv" in page
    response = client.get("/admin/attendance/reports/?export=xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:5] == ("group", "sessions", "total_attendance", "average_attendance", "distinct_participants")
    assert rows[1][:5] == ("Serigrafia", 1, 5, 5.0, 1)
    assert "secret-code" not in repr(rows)
    same = client.get("/admin/attendance/reports/?export=csv").content.decode()
    assert list(csv.reader(io.StringIO(same)))[1][:5] == ["Serigrafia", "1", "5", "5.0", "1"]
    assert client.get("/admin/attendance/reports/?export=csv&start=nope").status_code == 400
