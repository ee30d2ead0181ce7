"""Writes of the attendance plugin. Admin views, the demo and signals all come here.

Saving a sheet sets absolute states (this code present, that one absent, 7
people without a code), never increments, and remembers the id of each form
post it applied: a double submit or a retry after a dropped connection
changes nothing the second time. A post made from an older version of the
sheet than the stored one is refused (``AttendanceConflict``) so that one
facilitator never silently overwrites another; the view shows it again with
what was entered, to check and save.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from plugins.api import codes, disclosure
from plugins.api.admin import PermissionPolicy
from plugins.api.retention import retention_cutoff

from . import selectors
from .models import Mark, MonthFigures, Sheet, Source, Submission

MAX_HEAD_COUNT = 999
MAX_WALK_INS = 200
SUBMISSIONS_KEEP_DAYS = 7
# A sheet can be filled in from a little before the session starts.
OPENS_BEFORE = selectors.OPENS_BEFORE

ACTION_RECORD = "attendance.record"
ACTION_CLOSE = "attendance.close"
ACTION_REOPEN = "attendance.reopen"

# view: the sheets; change: take attendance; reopen: a closed sheet; report: the reports and exports.
policy = PermissionPolicy(Sheet, actions={"reopen": "attendance.reopen_sheet", "report": "attendance.view_reports"})


class AttendanceError(Exception):
    """A refusal with a message meant for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AttendanceConflict(AttendanceError):
    """The sheet changed since the form was shown."""


def code_validate(raw: str) -> str:
    code = codes.normalize(raw)
    if not codes.is_valid(code):
        raise AttendanceError(
            _("“%(code)s” is not a code: a code is 3 to 40 letters, numbers or hyphens.") % {"code": raw[:50]},
            field="walk_ins",
        )
    return code


def codes_parse(raw: str) -> list[str]:
    """Codes typed in one box, separated by commas or new lines (a space is inside a code:
    "gat negre, mar" is two people); validated, in order, once each."""
    found: list[str] = []
    for part in codes.split(raw):
        if (code := code_validate(part)) not in found:
            found.append(code)
    if len(found) > MAX_WALK_INS:
        raise AttendanceError(_("That is too many codes for one session."), field="walk_ins")
    return found


@dataclass
class SheetState:
    """What the form says, as absolute states."""

    roster: dict[str, bool] = field(default_factory=dict)  # code -> present, for codes shown from the roster
    walk_ins: list[str] = field(default_factory=list)  # every walk-in code that should be on the sheet
    anonymous: int = 0


@dataclass(frozen=True)
class SaveResult:
    sheet: Sheet
    changed: bool
    duplicate: bool = False


def sheet_get_or_create(*, occurrence, activity_key, category_key, session_start: dt.datetime,
                        session_end: dt.datetime) -> Sheet:
    """The sheet of a session (``occurrence``: its ``schedule.Occurrence`` row), in its activity's space."""
    from agenda.selectors import activity_site

    sheet = Sheet.objects.filter(occurrence=occurrence).first()
    if sheet is not None:
        return sheet
    site = activity_site(key=activity_key)
    try:
        with transaction.atomic():
            return Sheet.objects.create(
                occurrence=occurrence, activity_key=activity_key, category_key=category_key,
                session_start=session_start, session_end=session_end,
                **({"site": site} if site is not None else {}),
            )
    except IntegrityError:  # created by a parallel request a moment ago
        return Sheet.objects.get(occurrence=occurrence)


def _lock(sheet: Sheet) -> Sheet:
    # Every change to a sheet holds its row's lock: two posts for the same
    # session are applied one after the other, never interleaved.
    return Sheet.objects.select_for_update().get(pk=sheet.pk)


def _recount(sheet: Sheet) -> tuple:
    counts = Mark.objects.filter(sheet=sheet).aggregate(
        present_enrolled=Count("pk", filter=Q(source=Source.ENROLLED, present=True)),
        absent_enrolled=Count("pk", filter=Q(source=Source.ENROLLED, present=False)),
        walk_ins=Count("pk", filter=Q(source=Source.WALK_IN, present=True)),
    )
    for name, value in counts.items():
        setattr(sheet, name, value)
    return (sheet.present_enrolled, sheet.absent_enrolled, sheet.walk_ins)


def _figures(sheet: Sheet) -> dict:
    # What goes into the log: counts only, never a code.
    return {
        "present_enrolled": sheet.present_enrolled, "absent_enrolled": sheet.absent_enrolled,
        "walk_ins": sheet.walk_ins, "anonymous": sheet.anonymous, "version": sheet.version,
    }


@transaction.atomic
def sheet_record(*, sheet: Sheet, state: SheetState, submission: uuid.UUID, version: int | None, user,
                 with_enrollment: bool = False) -> SaveResult:
    """Make the sheet say what ``state`` says. Idempotent per ``submission``.

    ``version`` is the sheet's version the form was made from (None: do not check).
    """
    if not 0 <= state.anonymous <= MAX_HEAD_COUNT:
        raise AttendanceError(_("The head count must be a whole number from 0 to %(max)d.") % {"max": MAX_HEAD_COUNT},
                              field="anonymous")
    roster = {code_validate(code): bool(present) for code, present in state.roster.items()}
    walk_ins = list(dict.fromkeys(code_validate(code) for code in state.walk_ins))
    if len(walk_ins) > MAX_WALK_INS:
        raise AttendanceError(_("That is too many codes for one session."), field="walk_ins")
    sheet = _lock(sheet)
    if Submission.objects.filter(key=submission).exists():
        return SaveResult(sheet=sheet, changed=False, duplicate=True)
    if sheet.is_closed:
        raise AttendanceError(_("This sheet is closed. Someone with the right can reopen it."))
    if version is not None and version != sheet.version:
        raise AttendanceConflict(
            _("Someone else saved this sheet after you opened it. Check the sheet below, with what you entered, and save again.")
        )

    marks = {mark.code: mark for mark in Mark.objects.filter(sheet=sheet)}
    before = (_recount(sheet), sheet.anonymous, sheet.with_enrollment)
    for code, present in roster.items():
        mark = marks.get(code)
        if mark is None:
            marks[code] = Mark.objects.create(sheet=sheet, code=code, source=Source.ENROLLED, present=present)
        elif mark.present != present or mark.source != Source.ENROLLED:
            mark.present, mark.source = present, Source.ENROLLED
            mark.save(update_fields=["present", "source"])
    wanted = set(walk_ins)
    for code, mark in list(marks.items()):
        if mark.source == Source.WALK_IN and code not in wanted:
            mark.delete()
            del marks[code]
    for code in walk_ins:
        mark = marks.get(code)
        if mark is None:
            marks[code] = Mark.objects.create(sheet=sheet, code=code, source=Source.WALK_IN, present=True)
        elif not mark.present:
            # Someone on the roster marked absent, typed in as a walk-in: they came.
            mark.present = True
            mark.save(update_fields=["present"])
    sheet.anonymous = state.anonymous
    sheet.with_enrollment = sheet.with_enrollment or with_enrollment
    after = (_recount(sheet), sheet.anonymous, sheet.with_enrollment)
    changed = after != before
    if changed:
        sheet.version += 1
        sheet.save()
        log(sheet, ACTION_RECORD, user=user, data=_figures(sheet))
    Submission.objects.create(key=submission, sheet=sheet)
    return SaveResult(sheet=sheet, changed=changed)


@transaction.atomic
def sheet_close(*, sheet: Sheet, user, submission: uuid.UUID | None = None) -> SaveResult:
    """Close the sheet: no more changes until someone with the right reopens it. Closing twice changes nothing."""
    return _closed_set(sheet=sheet, closed=True, user=user, submission=submission)


@transaction.atomic
def sheet_reopen(*, sheet: Sheet, user, submission: uuid.UUID | None = None) -> SaveResult:
    """Reopen a closed sheet (needs ``attendance.reopen_sheet``; the view checks it)."""
    return _closed_set(sheet=sheet, closed=False, user=user, submission=submission)


def _closed_set(*, sheet: Sheet, closed: bool, user, submission: uuid.UUID | None) -> SaveResult:
    sheet = _lock(sheet)
    if submission is not None and Submission.objects.filter(key=submission).exists():
        return SaveResult(sheet=sheet, changed=False, duplicate=True)
    changed = sheet.is_closed != closed
    if changed:
        sheet.closed_at, sheet.closed_by = (timezone.now(), user) if closed else (None, None)
        sheet.version += 1
        sheet.save()
        log(sheet, ACTION_CLOSE if closed else ACTION_REOPEN, user=user, data=_figures(sheet))
    if submission is not None:
        Submission.objects.create(key=submission, sheet=sheet)
    return SaveResult(sheet=sheet, changed=changed)


# --- The sheet as the admin form posts it -------------------------------------------

@dataclass
class SheetEntry:
    """What a sheet form posted, each code normalised and checked (``forms.SheetForm``), not yet judged."""

    submission: uuid.UUID
    action: str = "save"  # save, close or reopen
    version: int | None = None
    listed: list[str] = field(default_factory=list)  # roster codes the form showed
    present: list[str] = field(default_factory=list)  # ticked codes, roster and walk-ins alike
    walk_ins_shown: list[str] = field(default_factory=list)  # walk-ins already on the sheet when it was shown
    new_walk_ins: list[str] = field(default_factory=list)  # typed in the box
    anonymous: int = 0


@dataclass(frozen=True)
class SubmitResult:
    sheet: Sheet | None
    action: str
    changed: bool = False
    duplicate: bool = False
    dropped: tuple[str, ...] = ()  # listed codes no longer on the roster, left out

    def said(self) -> list[tuple[str, str]]:
        """What to tell whoever sent the sheet: ``[(level, text), ...]``."""
        n = self.sheet.total
        if self.action == "reopen":
            text = _("The sheet is open again.") if self.changed else _("The sheet was already open.")
        elif self.duplicate:  # success, not info: info has too little contrast in Wagtail 8
            text = _("This was already saved; nothing was counted twice.")
        elif self.action == "close":
            text = ngettext("Saved and closed: %(n)d person.", "Saved and closed: %(n)d people.", n) % {"n": n}
        else:
            text = ngettext("Saved: %(n)d person.", "Saved: %(n)d people.", n) % {"n": n}
        if not self.dropped:
            return [("success", text)]
        return [("warning", _("Not on the roster any more, left out: %(codes)s") % {"codes": ", ".join(self.dropped)}),
                ("success", text)]


def month_published(session_start: dt.datetime, *, today: dt.date | None = None) -> bool:
    """Whether the session's month is already out in external figures (``disclosure``: ended and settled)."""
    month = timezone.localtime(session_start).date().replace(day=1)
    return disclosure.month_settled(month, today=today)


def sheet_lock(*, occurrence, now: dt.datetime | None = None) -> str | None:
    """Why a session's sheet takes no changes: "cancelled", "early" (more than an hour before it starts),
    "published" (its month is in the figures that left the building), or None."""
    now = now or timezone.now()
    if occurrence.cancelled:
        return "cancelled"
    if occurrence.start - OPENS_BEFORE > now:
        return "early"
    if month_published(occurrence.start, today=timezone.localdate(now)):
        return "published"
    return None


def sheet_rights(*, user, occurrence, sheet: Sheet | None) -> dict:
    """What ``user`` may do to a session's sheet now, and why not: ``lock`` with its message, ``can_change``,
    ``can_reopen`` (a closed sheet, unless its month is published)."""
    lock = sheet_lock(occurrence=occurrence)
    closed = sheet is not None and sheet.is_closed
    return {"lock": lock, "lock_message": lock and lock_message(lock),
            "can_change": policy.user_has_permission(user, "change") and not closed and not lock,
            "can_reopen": policy.user_has_permission(user, "reopen") and closed and lock != "published"}


def lock_message(lock: str) -> str:
    return {
        "cancelled": _("This session was cancelled: it takes no attendance."),
        "early": _("This session has not started yet. The sheet opens an hour before."),
        "published": _("This session's month is already in the figures shared outside, so its sheet can no longer be changed."),
    }[lock]


def sheet_state(entry: SheetEntry, *, roster: list[str] | None, marks: dict) -> tuple[SheetState, list[str]]:
    """The absolute state the form asks for. Only codes on the roster (or signed up on the sheet already)
    are marked as signed up; listed codes that are no longer there are left out (returned)."""
    allowed = set(roster or []) | {code for code, mark in marks.items() if mark.source == Source.ENROLLED}
    present = set(entry.present)
    state = SheetState(anonymous=entry.anonymous)
    dropped = []
    for code in entry.listed:
        if code in allowed:
            state.roster[code] = code in present
        else:
            dropped.append(code)
    for code in [c for c in entry.walk_ins_shown if c in present] + entry.new_walk_ins:
        if code in state.roster:
            state.roster[code] = True  # on the roster after all: present, not a walk-in
        elif code not in state.walk_ins:
            state.walk_ins.append(code)
    return state, dropped


def sheet_submit(*, occurrence, activity, roster: list[str] | None, entry: SheetEntry, user,
                 now: dt.datetime | None = None) -> SubmitResult:
    """Apply a sheet form to a session (an ``AgendaOccurrence`` of ``activity``): save, save and close, or reopen.

    The rules: a cancelled session, one that has not opened yet, and one whose
    month has been published outside take no changes; a closed sheet takes none
    until it is reopened; only roster codes are marked as signed up. Permissions
    are the caller's. Raises AttendanceError (AttendanceConflict for a stale form).
    """
    existing = selectors.sheet_for(occurrence=occurrence)
    lock = sheet_lock(occurrence=occurrence, now=now)
    if entry.action == "reopen":
        if existing is None:
            raise AttendanceError(_("There is no sheet to reopen."))
        if lock == "published":
            raise AttendanceError(lock_message(lock))
        result = sheet_reopen(sheet=existing, user=user, submission=entry.submission)
        return SubmitResult(sheet=result.sheet, action="reopen", changed=result.changed, duplicate=result.duplicate)
    if lock:
        raise AttendanceError(lock_message(lock))
    state, dropped = sheet_state(entry, roster=roster, marks=selectors.marks_of(existing))
    from agenda.services import occurrence_persist

    row = occurrence_persist(event=occurrence.event, original_start=occurrence.original_start)
    target = existing or sheet_get_or_create(
        occurrence=row, activity_key=activity.translation_key,
        category_key=activity.category.translation_key if activity.category else None,
        session_start=occurrence.start, session_end=occurrence.end,
    )
    result = sheet_record(sheet=target, state=state, submission=entry.submission, version=entry.version,
                          user=user, with_enrollment=roster is not None)
    if not result.duplicate and entry.action == "close":
        sheet_close(sheet=result.sheet, user=user)
    return SubmitResult(sheet=result.sheet, action=entry.action, changed=result.changed,
                        duplicate=result.duplicate, dropped=tuple(dropped))


# --- Data rights and retention ------------------------------------------------

@transaction.atomic
def code_erase(*, code: str) -> int:
    """Erase a code's attendance: every mark of it goes, in every month. Returns how many there were.

    In a month not yet published the sheets are counted again. In a month
    already out in external figures (``month_published``: ended and settled,
    ``plugins.api.disclosure``, rule 4), what was published must not move, or
    the figures before and after the erasure would tell about this one person:
    the month's distinct participants are frozen first (``month_figures_freeze``,
    anonymous counts) and its sheets keep their stored counts, which is all
    that every published figure is made of. No mark is kept, not even under
    another name: which sessions someone came to can point at them.
    """
    code = codes.normalize(code)
    marks = list(Mark.objects.filter(code=code).select_related("sheet"))
    published = {mark.sheet_id for mark in marks if month_published(mark.sheet.session_start)}
    month_figures_freeze(sheets=Sheet.objects.filter(pk__in=published))
    Mark.objects.filter(code=code).delete()
    for sheet in Sheet.objects.select_for_update().filter(pk__in={mark.sheet_id for mark in marks}):
        if sheet.pk not in published:
            _recount(sheet)
        sheet.version += 1  # a form still open from before must not bring the code back
        sheet.save()
    return len(marks)


def code_export(*, code: str) -> list[dict]:
    code = codes.normalize(code)
    rows = Mark.objects.filter(code=code).select_related("sheet").order_by("sheet__session_start")
    return [
        {
            "activity": str(mark.sheet.activity_key),
            "session_start": mark.sheet.session_start.isoformat(),
            "how": mark.source,
            "present": mark.present,
        }
        for mark in rows
    ]


def retention_days() -> int:
    return int(settings.ATTENDANCE_RETENTION_DAYS)


def month_figures_freeze(*, sheets) -> int:
    """Freeze the distinct participants of the months (per space) that ``sheets`` are in, where not frozen yet.

    Called before the first code of a month goes, so the frozen figures are
    exactly what the codes said (``selectors.month_distinct``). Anonymous
    counts only. Returns how many months were frozen.
    """
    pairs = {(site_id, timezone.localtime(start).date().replace(day=1))
             for site_id, start in sheets.order_by().values_list("site_id", "session_start").distinct()}
    if not pairs:
        return 0
    done = set(MonthFigures.objects.unscoped().filter(month__in={m for _s, m in pairs}, site_id__in={s for s, _m in pairs})
               .values_list("site_id", "month"))
    frozen = [MonthFigures(site_id=site_id, month=month,
                           distinct=selectors.month_distinct_live(month=month, site=site_id).get(site_id, {"all": 0}))
              for site_id, month in sorted(pairs - done)]
    MonthFigures.objects.bulk_create(frozen, ignore_conflicts=True)
    return len(frozen)


@transaction.atomic
def codes_drop(*, now: dt.datetime | None = None, keep_days: int | None = None) -> int:
    """Drop the codes of sessions that ended more than ``keep_days`` local days ago.

    The sheets already hold the counts (present, absent, walk-ins, head
    count). Distinct participants need the codes: before the first code of a
    month goes, the month's distinct figures are frozen (``month_figures_freeze``),
    and the figures for outside read those from then on. Retention runs
    daily and takes a month's sessions a day at a time: counted from the codes
    left, "12 people" one day and 11 the next would tell that exactly one person
    came only to the session that went (``plugins.api.disclosure``, rule 4).
    Freezing holds no code back: every code still goes on its day. Returns how
    many codes were dropped.
    """
    now = now or timezone.now()
    keep_days = retention_days() if keep_days is None else keep_days
    old = Sheet.objects.filter(session_end__lt=retention_cutoff(now=now, days=keep_days))
    month_figures_freeze(sheets=old.filter(pk__in=Mark.objects.filter(sheet__in=old).values("sheet_id")))
    deleted, _ = Mark.objects.filter(sheet__in=old).delete()
    old.filter(codes_dropped=False).update(codes_dropped=True)
    Submission.objects.filter(created_at__lt=now - dt.timedelta(days=SUBMISSIONS_KEEP_DAYS)).delete()
    return deleted
