"""Writes of the service counts plugin. The tally screen, its JSON endpoint,
the shift sheet, the admin and the demo all come here.

How a tap is counted exactly once:

- every tap carries an id made on the device (a UUID). Applying it inserts the
  id into ``SeenTap`` (primary key) and increments the hour's ``Count`` with an
  ``F()`` update, in one transaction. A second arrival of the same id fails
  the insert and changes nothing.
- an undo is a tap of its own (its own id, delta -1) that names the tap it
  undoes. It marks that tap ``undone`` and takes its delta back, once. If the
  undo arrives before the tap (both queued offline and sent out of order), it
  leaves the tap's id behind already undone, so the tap counts for nothing.
- seen ids are kept ``SERVICECOUNTS_SEEN_TAP_DAYS`` days (8). A tap older than
  that window minus one day is refused, so a retry can never outlive the
  memory of its first arrival.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plugins.api.admin import PermissionPolicy

from .models import TEXT_FIELDS, Count, Indicator, IndicatorText, SeenTap, written_changes

# Who sees what: Counters (``servicecounts.tally``) count, and see the totals of
# their own shift, which they have just counted themselves. Reports over days
# and months, broken down by hour or day, are for Administrators
# (``servicecounts.view_report``): in a small space, "two injections on Tuesday
# between 14:00 and 15:00" can point at a person, so those numbers stay with the
# few people who report them, and only suppressed monthly totals go further.
# Indicators are never deleted, counts hang on them: retire one, or make a new version.
policy = PermissionPolicy(Indicator, deletable=False,
                          actions={"tally": "servicecounts.tally", "report": "servicecounts.view_report"})

MAX_BATCH = 500
FUTURE_SKEW = dt.timedelta(minutes=10)


def seen_tap_days() -> int:
    return int(settings.SERVICECOUNTS_SEEN_TAP_DAYS)


def max_tap_age() -> dt.timedelta:
    """How old a tap may be when it arrives: one day less than ids are remembered."""
    return dt.timedelta(days=max(seen_tap_days() - 1, 1))


class CountError(Exception):
    """A refusal with a message meant for the person (or device) that asked."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def hour_bucket(moment: dt.datetime) -> dt.datetime:
    """The start of the UTC hour ``moment`` falls in (whole-hour zones keep local days whole)."""
    return moment.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)


def count_add(*, indicator_id: int, hour: dt.datetime, delta: int) -> None:
    """Add ``delta`` to one hour's count, atomically, creating the row if needed.

    No read-modify-write: concurrent requests each add their delta in the
    database. The row is created in a savepoint; if another request created it
    first, the unique constraint says so and we update that row instead.
    """
    # Every space's rows: ``indicator_id`` comes from a scoped read, and this skips a join on each tap.
    rows = Count.objects.unscoped().filter(indicator_id=indicator_id, hour=hour)
    if rows.update(count=F("count") + delta):
        return
    try:
        with transaction.atomic():
            Count.objects.unscoped().create(indicator_id=indicator_id, hour=hour, count=delta)
            return
    except IntegrityError:
        pass
    rows.update(count=F("count") + delta)


def _claim(tap: SeenTap) -> bool:
    """Insert a seen tap id; False if the id was already there."""
    try:
        with transaction.atomic():
            tap.save(force_insert=True)
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class TapInput:
    tap_id: uuid.UUID
    at: dt.datetime
    delta: int
    indicator: Indicator | None = None
    undoes: uuid.UUID | None = None
    shift: uuid.UUID | None = None


def _uuid(value, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise CountError(_("“%(field)s” must be a UUID.") % {"field": field}, field=field) from None


def _moment(value) -> dt.datetime:
    """A tap's time, in UTC. Well-formed but impossible times (25:00, an offset
    of +99:00, the year 1 east of Greenwich) are refused like malformed ones;
    offsets Python takes but PostgreSQL does not (+23:59) arrive as UTC."""
    try:
        at = parse_datetime(value) if isinstance(value, str) else None
        if at is not None and not timezone.is_naive(at):
            return at.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError):
        pass
    raise CountError(_("“at” must be a date and time with its time zone (ISO 8601)."), field="at")


def _check_moment(at: dt.datetime, now: dt.datetime) -> None:
    if at > now + FUTURE_SKEW:
        raise CountError(_("This tap is dated in the future; check the device's clock."), field="at")
    if at < now - max_tap_age():
        raise CountError(
            ngettext(
                "This tap is more than %(days)d day old and can no longer be counted.",
                "This tap is more than %(days)d days old and can no longer be counted.",
                max_tap_age().days,
            ) % {"days": max_tap_age().days},
            field="at",
        )


def tap_parse(data, *, indicators: dict[int, Indicator], now: dt.datetime | None = None) -> TapInput:
    """Check one tap as sent by a device (a JSON object) and return it, or raise CountError."""
    now = now or timezone.now()
    if not isinstance(data, dict):
        raise CountError(_("Each tap must be a JSON object."))
    unknown = set(data) - {"id", "indicator", "delta", "at", "undoes", "shift"}
    if unknown:
        raise CountError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(map(str, unknown)))})
    tap_id = _uuid(data.get("id"), "id")
    shift = _uuid(data["shift"], "shift") if data.get("shift") not in (None, "") else None
    at = _moment(data.get("at"))
    _check_moment(at, now)
    delta = data.get("delta", 1)
    if data.get("undoes") not in (None, ""):
        if delta != -1 or isinstance(delta, bool):
            raise CountError(_("An undo has delta -1."), field="delta")
        return TapInput(tap_id=tap_id, at=at, delta=-1, undoes=_uuid(data["undoes"], "undoes"), shift=shift)
    if delta != 1 or isinstance(delta, bool):
        raise CountError(_("A tap has delta 1; to take one back, send an undo."), field="delta")
    raw = data.get("indicator")
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise CountError(_("“indicator” must be the number of an indicator."), field="indicator")
    indicator = indicators.get(raw)
    if indicator is None:
        raise CountError(_("There is no indicator %(id)s.") % {"id": raw}, field="indicator")
    if not indicator.is_active_on(timezone.localtime(at).date()):
        raise CountError(_("“%(name)s” is not counted on that day.") % {"name": indicator.label()}, field="indicator")
    return TapInput(tap_id=tap_id, at=at, delta=1, indicator=indicator, shift=shift)


@transaction.atomic
def tap_record(
    *,
    tap_id: uuid.UUID,
    at: dt.datetime,
    indicator: Indicator | None = None,
    delta: int = 1,
    undoes: uuid.UUID | None = None,
    shift: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Apply one tap (or, with ``undoes``, one undo) at most once.

    Returns what happened: ``"counted"``, ``"undone"``, ``"duplicate"`` (this
    id was applied before), ``"already_undone"`` or ``"undo_first"`` (the
    undone tap has not arrived yet; it will count for nothing when it does).
    """
    now = now or timezone.now()
    _check_moment(at, now)
    if undoes is None:
        if indicator is None or delta < 1:
            raise CountError(_("A tap needs an indicator and a positive delta."))
        claimed = _claim(SeenTap(
            tap_id=tap_id, indicator=indicator, hour=hour_bucket(at), delta=delta, shift=shift, seen_at=now,
        ))
        if not claimed:
            return "duplicate"
        count_add(indicator_id=indicator.pk, hour=hour_bucket(at), delta=delta)
        return "counted"

    if undoes == tap_id:
        raise CountError(_("An undo cannot undo itself."), field="undoes")
    if not _claim(SeenTap(tap_id=tap_id, undoes=undoes, delta=-1, shift=shift, seen_at=now)):
        return "duplicate"
    for _attempt in range(2):
        original = SeenTap.objects.select_for_update().filter(tap_id=undoes).first()
        if original is None:
            # The undo came first: leave the tap's id behind, already undone.
            if _claim(SeenTap(tap_id=undoes, undone=True, shift=shift, seen_at=now)):
                return "undo_first"
            continue  # the tap itself arrived meanwhile; undo it
        if original.undone or original.indicator_id is None or original.undoes is not None:
            return "already_undone"
        count_add(indicator_id=original.indicator_id, hour=original.hour, delta=-original.delta)
        SeenTap.objects.filter(pk=original.pk).update(undone=True)
        return "undone"
    raise CountError(_("Could not undo this tap; try again."))  # pragma: no cover - needs a third writer


def _indicators_named(items: list) -> dict[int, Indicator]:
    """The indicators that the taps of a batch name (numbers the database can hold), read at once."""
    wanted = {item.get("indicator") for item in items
              if isinstance(item, dict) and type(item.get("indicator")) is int and abs(item["indicator"]) < 2**63}
    return {i.pk: i for i in Indicator.objects.filter(pk__in=wanted)} if wanted else {}


def _tap_apply(data, *, indicators: dict[int, Indicator], now: dt.datetime | None = None) -> tuple[TapInput, str]:
    tap = tap_parse(data, indicators=indicators, now=now)
    return tap, tap_record(tap_id=tap.tap_id, at=tap.at, indicator=tap.indicator, delta=tap.delta, undoes=tap.undoes,
                           shift=tap.shift, now=now)


def tap_submit(data: dict) -> list[tuple[str, str]]:
    """One tap or undo from the tally screen's form: checked as the JSON endpoint checks one, then recorded.
    Returns what to tell the counter, ``[(level, text)]``."""
    tap, status = _tap_apply(data, indicators=_indicators_named([data]))
    if tap.indicator is not None and status == "counted":
        return [("success", _("Counted: %(name)s.") % {"name": tap.indicator.label()})]
    if tap.undoes is not None and status in ("undone", "undo_first"):
        return [("success", _("Taken back."))]
    return []


class BatchRefused(CountError):
    """A body that is not a batch of taps at all, refused whole; ``status`` is the HTTP answer's."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def taps_submit(payload, *, now: dt.datetime | None = None) -> dict:
    """A batch from the tally screen's JSON endpoint: one tap object or ``{"taps": [...]}``; returns the answer.

    A tap: ``{"id": uuid, "indicator": id, "delta": 1, "at": ISO time, "shift": uuid}``;
    an undo: ``{"id": uuid, "undoes": uuid of the tap, "delta": -1, "at": ..., "shift": ...}``.
    Sending the same id again is harmless: it answers ``"duplicate"`` and
    counts nothing more. A batch is taken tap by tap: the good taps are
    counted even when others are refused. The answer has ``results`` (the
    ``status`` of each tap taken), ``saved`` (how many) and the ``shift`` of the
    last tap with its totals; if any tap is refused, also ``error`` and
    ``errors`` (each refused tap's ``index`` in the batch, its ``id``, the
    ``field`` and the reason), and the endpoint answers 400: the device then
    drops the refused taps and the taken ones, and keeps nothing to send again.
    A payload that is not a batch at all (no tap, more than ``MAX_BATCH``) is
    refused whole: BatchRefused.
    """
    from .selectors import shift_totals

    items = payload.get("taps") if isinstance(payload, dict) and "taps" in payload else [payload]
    if not isinstance(items, list) or not items:
        raise BatchRefused(_("Send a tap object, or {\"taps\": [...]} with at least one tap."))
    if len(items) > MAX_BATCH:
        raise BatchRefused(ngettext("Send at most %(n)d tap at once.", "Send at most %(n)d taps at once.", MAX_BATCH)
                           % {"n": MAX_BATCH}, status=413)
    now = now or timezone.now()
    indicators = _indicators_named(items)
    results, errors, shifts = [], [], []
    for index, item in enumerate(items):
        try:
            tap, status = _tap_apply(item, indicators=indicators, now=now)
        except CountError as error:
            sent_id = item.get("id") if isinstance(item, dict) else None
            errors.append({"index": index, "id": sent_id[:100] if isinstance(sent_id, str) else None,
                           "field": error.field, "error": error.message})
            continue
        results.append({"id": str(tap.tap_id), "status": status})
        if tap.shift and tap.shift not in shifts:
            shifts.append(tap.shift)
    current = shifts[-1] if shifts else None
    totals = shift_totals(shift=current) if current else {}
    answer = {"results": results, "saved": len(results),
              "shift": {"id": str(current) if current else None, "totals": {str(k): v for k, v in totals.items()}}}
    if not errors:
        return answer
    refused = ngettext("%(refused)d tap was refused; %(saved)d of the batch were saved.",
                       "%(refused)d taps were refused; %(saved)d of the batch were saved.", len(errors))
    return {"error": refused % {"refused": len(errors), "saved": len(results)}, "errors": errors, **answer}


SHIFT_SESSION_KEY = "servicecounts_shift"
SHIFT_LENGTH = dt.timedelta(hours=14)


def shift_current(session, *, new: bool = False, now: dt.datetime | None = None) -> dict:
    """A browser session's shift, ``{"id", "started"}``: a random id, renewed after a long pause or on request."""
    shift = session.get(SHIFT_SESSION_KEY)
    now = now or timezone.now()
    started = parse_datetime(shift["started"]) if isinstance(shift, dict) and shift.get("started") else None
    if new or started is None or now - started > SHIFT_LENGTH:
        shift = {"id": str(uuid.uuid4()), "started": now.isoformat()}
        session[SHIFT_SESSION_KEY] = shift
    return shift


@transaction.atomic
def sheet_record(
    *,
    sheet_id: uuid.UUID,
    start: dt.datetime,
    totals: dict[Indicator, int],
    shift: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Enter the totals of a shift or a day at once, in the hour that ``start`` falls in.

    Each line becomes a tap whose id derives from ``sheet_id`` (made when the
    sheet was shown), so sending the same sheet twice counts it once.
    """
    now = now or timezone.now()
    _check_moment(start, now)
    result = {"counted": 0, "duplicate": 0}
    for indicator, amount in totals.items():
        if amount < 0:
            raise CountError(_("Totals cannot be negative."))
        if not amount:
            continue
        if not indicator.is_active_on(timezone.localtime(start).date()):
            raise CountError(_("“%(name)s” is not counted on that day.") % {"name": indicator.label()})
        status = tap_record(
            tap_id=uuid.uuid5(sheet_id, str(indicator.pk)), at=start, indicator=indicator, delta=amount,
            shift=shift, now=now,
        )
        result["counted" if status == "counted" else "duplicate"] += 1
    return result


def sheet_submit(*, sheet_id: uuid.UUID, start: dt.datetime, totals: dict[Indicator, int],
                 shift: uuid.UUID | None = None) -> list[tuple[str, str]]:
    """The shift sheet (``forms.SheetForm``), recorded by ``sheet_record``; returns what to tell whoever sent it."""
    result = sheet_record(sheet_id=sheet_id, start=start, totals=totals, shift=shift)
    if result["counted"]:
        return [("success", _("The totals are counted."))]
    if result["duplicate"]:
        return [("info", _("This sheet was already counted; nothing was added."))]
    return [("info", _("All totals were zero; nothing was added."))]


def seen_taps_prune(*, now: dt.datetime | None = None) -> int:
    """Forget tap ids older than the window; returns how many."""
    now = now or timezone.now()
    deleted, _detail = SeenTap.objects.filter(seen_at__lt=now - dt.timedelta(days=seen_tap_days())).delete()
    return deleted


# --- Indicators -------------------------------------------------------------


def indicator_has_counts(*, indicator: Indicator) -> bool:
    return indicator.has_counts()


def _meaning_changed(indicator: Indicator, fields: dict) -> list[str]:
    """Meaning fields whose existing text would change (``written_changes``: filling a missing translation is not a change)."""
    changed = []
    for name in Indicator.MEANING_FIELDS:
        if name not in fields:
            continue
        old, new = getattr(indicator, name), fields[name]
        if written_changes(old, new or {}) if isinstance(old, dict) else old != new:
            changed.append(name)
    return changed


def _validate(fields: dict) -> None:
    if not any((fields.get("name") or {}).values()):
        raise CountError(_("Give the indicator a name in at least one language."), field="name")
    start, end = fields.get("active_from"), fields.get("active_until")
    if start and end and end < start:
        raise CountError(_("It cannot stop being counted before it starts."), field="active_until")


def _texts_write(indicator: Indicator, texts: dict[str, dict]) -> None:
    """Write an indicator's texts ({field: {language code: text}}) as its translatable IndicatorText rows."""
    from wagtail.models import Locale

    for code, _language in settings.LANGUAGES:
        values = {field: (texts[field] or {}).get(code, "") for field in TEXT_FIELDS if field in texts}
        row = indicator.texts().get(code)
        if row is None and any(values.values()):
            locale, _created = Locale.objects.get_or_create(language_code=code)
            IndicatorText.objects.create(translation_key=indicator.texts_key, locale=locale, site_id=indicator.site_id,
                                         **values)
        elif row is not None and any(getattr(row, f) != v for f, v in values.items()):
            IndicatorText.objects.unscoped().filter(pk=row.pk).update(**values)
    indicator._texts = None


def _texts_split(fields: dict) -> dict[str, dict]:
    return {name: fields.pop(name) or {} for name in TEXT_FIELDS if name in fields}


@transaction.atomic
def indicator_create(*, replaces: Indicator | None = None, **fields) -> Indicator:
    _validate(fields)
    texts = _texts_split(fields)
    indicator = Indicator.objects.create(replaces=replaces, **fields)
    indicator._texts = {}
    _texts_write(indicator, texts)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, **fields) -> Indicator:
    """Change an indicator. Once it has counts, what it means is fixed: make a new version."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator_has_counts(indicator=indicator):
        changed = _meaning_changed(indicator, fields)
        if changed:
            raise CountError(
                _("This indicator already has counts, so its meaning (%(fields)s) cannot change. "
                  "Make a new version instead.") % {"fields": ", ".join(changed)},
                field=changed[0],
            )
    merged = {name: getattr(indicator, name) for name in fields}
    merged.update(fields)
    _validate({**{"name": indicator.name}, **merged})
    texts = _texts_split(fields)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.save()
    _texts_write(indicator, texts)
    return indicator


@transaction.atomic
def indicator_new_version(*, indicator: Indicator, starts: dt.date, **fields) -> Indicator:
    """Retire ``indicator`` the day before ``starts`` and create its successor from then on.

    The old one keeps its counts and its meaning; the new one starts at zero.
    """
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if starts <= indicator.active_from:
        raise CountError(_("The new version must start after the old one started."), field="active_from")
    successor = indicator_create(
        replaces=indicator,
        **{
            "category": indicator.category, "publishable": indicator.publishable, "order": indicator.order,
            "unit": indicator.unit, "description": indicator.description,
            "active_until": None,
            **fields,
            "active_from": starts,
        },
    )
    if indicator.active_until is None or indicator.active_until >= starts:
        indicator.active_until = starts - dt.timedelta(days=1)
        indicator.save(update_fields=["active_until"])
    return successor
