import datetime as dt
import uuid

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import ModelLogEntry

from agenda import recurrence
from plugins.attendance import services
from plugins.attendance.models import Mark, Sheet, Source, Submission
from safespace import services as site_services
from tests.clock import local

from .conftest import record, sessions_of, sheet_of

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def state(roster=None, walk_ins=(), anonymous=0):
    return services.SheetState(roster=dict(roster or {}), walk_ins=list(walk_ins), anonymous=anonymous)


def test_saving_sets_absolute_states_and_a_double_submit_counts_once(workshop, session, user_factory):
    user = user_factory()
    sheet = sheet_of(workshop, session)
    key = uuid.uuid4()
    entered = state({"lluna": True, "sol": False}, ["mar-blava"], 4)
    first = services.sheet_record(sheet=sheet, state=entered, submission=key, version=0, user=user, with_enrollment=True)
    second = services.sheet_record(sheet=sheet, state=entered, submission=key, version=0, user=user, with_enrollment=True)
    assert first.changed and not first.duplicate
    assert second.duplicate and not second.changed
    sheet.refresh_from_db()
    assert (sheet.present_enrolled, sheet.absent_enrolled, sheet.walk_ins, sheet.anonymous) == (1, 1, 1, 4)
    assert sheet.total == 6 and sheet.version == 1
    assert Mark.objects.count() == 3
    assert ModelLogEntry.objects.for_instance(sheet).count() == 1


def test_a_retry_with_the_same_state_changes_nothing_and_logs_nothing(workshop, session, user_factory):
    user = user_factory()
    sheet = sheet_of(workshop, session)
    entered = state({"lluna": True}, ["sol"], 2)
    services.sheet_record(sheet=sheet, state=entered, submission=uuid.uuid4(), version=0, user=user)
    again = services.sheet_record(sheet=sheet, state=entered, submission=uuid.uuid4(), version=1, user=user)
    assert not again.changed and not again.duplicate
    sheet.refresh_from_db()
    assert sheet.version == 1 and sheet.total == 4
    assert ModelLogEntry.objects.for_instance(sheet).count() == 1


def test_a_form_from_an_older_version_is_refused_not_merged(workshop, session, user_factory):
    sheet = sheet_of(workshop, session)
    services.sheet_record(sheet=sheet, state=state(anonymous=3), submission=uuid.uuid4(), version=0, user=user_factory())
    with pytest.raises(services.AttendanceConflict):
        services.sheet_record(sheet=sheet, state=state(anonymous=9), submission=uuid.uuid4(), version=0, user=user_factory())
    sheet.refresh_from_db()
    assert sheet.anonymous == 3
    # A refused post is not remembered as applied: the same form, fixed, can be sent again.
    assert Submission.objects.count() == 1


def test_walk_ins_can_be_removed_and_an_absent_person_on_the_roster_typed_in_counts_as_present(workshop, session):
    sheet = record(workshop, session, roster={"lluna": False}, walk_ins=["sol", "mar"], anonymous=1)
    assert (sheet.absent_enrolled, sheet.walk_ins) == (1, 2)
    sheet = services.sheet_record(sheet=sheet, state=state({}, ["mar", "lluna"], 1), submission=uuid.uuid4(),
                                  version=None, user=None).sheet
    assert (sheet.present_enrolled, sheet.absent_enrolled, sheet.walk_ins) == (1, 0, 1)
    assert dict(Mark.objects.values_list("code", "source")) == {"lluna": Source.ENROLLED, "mar": Source.WALK_IN}


@pytest.mark.parametrize("count", [-1, services.MAX_HEAD_COUNT + 1])
def test_head_count_out_of_range_is_refused(workshop, session, count):
    with pytest.raises(services.AttendanceError):
        record(workshop, session, anonymous=count)
    assert not Mark.objects.exists() and Sheet.objects.get().anonymous == 0


def test_codes_are_validated_and_normalised():
    # Commas and new lines separate codes; a space is inside one (issue 14: "gat negre, mar" is two people).
    assert services.codes_parse("Lluna Roja, sol-42\nsol-42") == ["lluna-roja", "sol-42"]
    for bad in ("<b>", "ab", "x" * 41):
        with pytest.raises(services.AttendanceError):
            services.codes_parse(bad)


def test_close_blocks_changes_until_reopened_and_everything_is_logged_with_who(workshop, session, user_factory):
    facilitator, admin = user_factory(username="fac"), user_factory(username="boss")
    sheet = record(workshop, session, walk_ins=["sol"], user=facilitator)
    assert services.sheet_close(sheet=sheet, user=facilitator).changed
    assert not services.sheet_close(sheet=sheet, user=facilitator).changed  # closing twice changes nothing
    with pytest.raises(services.AttendanceError, match="tancat"):
        services.sheet_record(sheet=sheet, state=state(anonymous=5), submission=uuid.uuid4(), version=None, user=facilitator)
    assert services.sheet_reopen(sheet=sheet, user=admin).changed
    services.sheet_record(sheet=sheet, state=state({}, ["sol"], 5), submission=uuid.uuid4(), version=None, user=admin)
    entries = list(ModelLogEntry.objects.for_instance(sheet).order_by("pk").values_list("action", "user__username", "data"))
    assert [(a, u) for a, u, _d in entries] == [
        ("attendance.record", "fac"), ("attendance.close", "fac"), ("attendance.reopen", "boss"), ("attendance.record", "boss"),
    ]
    assert entries[-1][2]["anonymous"] == 5
    assert all("sol" not in str(data) for _a, _u, data in entries)  # the log holds counts, never codes


def test_erase_removes_a_codes_attendance_and_its_counts(workshop, session):
    earlier = sessions_of(workshop)[-2]
    record(workshop, session, roster={"lluna": True, "sol": True}, anonymous=2)
    record(workshop, earlier, walk_ins=["Lluna"])
    exported = site_services.participant_export(code="LLUNA")
    rows = exported["data"]["attendance"]["attendance"]
    assert len(rows) == 2 and {r["how"] for r in rows} == {"enrolled", "walk_in"}
    counts = site_services.participant_erase(code="lluna")
    assert counts["attendance"] == 2
    assert not Mark.objects.filter(code="lluna").exists()
    sheets = {s.session_start: s for s in Sheet.objects.all()}
    assert sheets[session.start].present_enrolled == 1 and sheets[session.start].total == 3
    assert sheets[earlier.start].walk_ins == 0
    assert site_services.participant_export(code="lluna")["data"].get("attendance") is None


def test_erasing_a_code_leaves_every_published_figure_of_a_settled_month_as_it_was(past_activity, time_machine,
                                                                                    settings):
    """Figures out for a settled month must not move: before minus after would tell about the erased person."""
    from plugins.attendance import selectors
    from plugins.attendance.signals import impact_monthly_figures

    settings.DISCLOSURE_THRESHOLD = 3
    sewing, yoga = past_activity("Costura", category="creative"), past_activity("Ioga", category="care")
    s1, s2, _s3 = sessions_of(sewing)
    y1, y2, _y3 = sessions_of(yoga)
    record(sewing, s1, roster={"lluna": True, "sol": True, "mar": False}, walk_ins=["perla"], anonymous=2)
    record(sewing, s2, roster={"lluna": True, "sol": False})
    record(yoga, y1, walk_ins=["lluna", "brisa"], anonymous=5)
    record(yoga, y2, walk_ins=["brisa"], anonymous=1)
    months = sorted({timezone.localtime(o.start).date().replace(day=1) for o in (s1, s2, y1, y2)})
    time_machine.move_to(local(timezone.localdate() + dt.timedelta(days=45), "12:00"), tick=False)

    def published():
        return ([(m, group, selectors.external_rows(month=m, group=group))
                 for m in months for group in ("activity", "category", "space")],
                impact_monthly_figures(language="en", months=3))

    before = published()
    marks_before = list(Mark.objects.values_list("sheet__session_start", "code", "source", "present"))
    assert site_services.participant_erase(code="lluna")["attendance"] == 3
    assert published() == before
    # ... and nothing of the person is left: not the code, nor her marks under another name (which
    # sessions she came to could point at her). Every other mark is still there, as it was.
    assert not Mark.objects.filter(code="lluna").exists()
    assert site_services.participant_export(code="lluna")["data"].get("attendance") is None
    assert sorted(Mark.objects.values_list("sheet__session_start", "code", "source", "present")) == sorted(
        m for m in marks_before if m[1] != "lluna")


def test_retention_drops_old_codes_and_keeps_the_counts(workshop, session, settings):
    settings.ATTENDANCE_RETENTION_DAYS = 5
    old = sessions_of(workshop)[0]
    record(workshop, old, roster={"lluna": True, "sol": False}, walk_ins=["mar"], anonymous=3)
    record(workshop, session, walk_ins=["mar"])
    summary = site_services.retention_apply(now=timezone.now())
    assert summary["attendance"] == {"attendance_codes_dropped": 3}
    old_sheet = Sheet.objects.get(session_start=old.start)
    assert old_sheet.codes_dropped and not old_sheet.marks.exists()
    assert (old_sheet.present_enrolled, old_sheet.absent_enrolled, old_sheet.walk_ins, old_sheet.anonymous) == (1, 1, 1, 3)
    recent = Sheet.objects.get(session_start=session.start)
    assert not recent.codes_dropped and recent.marks.count() == 1
    assert site_services.retention_apply(now=timezone.now())["attendance"] == {"attendance_codes_dropped": 0}


def test_retention_default_is_90_days(workshop, session):
    record(workshop, session, walk_ins=["mar"])
    assert services.codes_drop(now=timezone.now() + dt.timedelta(days=89)) == 0
    assert services.codes_drop(now=timezone.now() + dt.timedelta(days=92)) == 1


@pytest.mark.clock
def test_retention_counts_local_days_whatever_the_hour_it_runs(workshop, session):
    """Codes are kept through the session's local day and 90 more: the run at
    23:30 on the 90th day keeps them (neither 24-hour spans from the session's
    end nor the UTC date, a day ahead at 00:30 Madrid, may drop them), the run
    at 00:30 the next day drops them."""
    record(workshop, session, walk_ins=["mar"])
    ended = session.end.astimezone(recurrence.local_zone()).date()
    for day, hhmm, dropped in ((90, "00:30", 0), (90, "23:30", 0), (91, "00:30", 1)):
        with time_machine.travel(local(ended + dt.timedelta(days=day), hhmm), tick=False):
            assert services.codes_drop() == dropped, (day, hhmm)
