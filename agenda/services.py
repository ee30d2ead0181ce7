"""Writes of the agenda. Views, hooks, the demo and commands all call these."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.db import transaction
from django.utils import timezone
from schedule.models import Calendar, Event, Occurrence, Rule

from safespace import content_cache

from . import recurrence
from .models import ActivityChange, ActivityEvent, ActivityPage, ChangeKind, OccurrenceDetail

logger = logging.getLogger(__name__)

CALENDAR_SLUG = "agenda"
UTC = dt.timezone.utc


def agenda_calendar() -> Calendar:
    calendar, _ = Calendar.objects.get_or_create(slug=CALENDAR_SLUG, defaults={"name": "Agenda"})
    return calendar


def occurrence_persist(*, event: Event, original_start: dt.datetime) -> Occurrence:
    """The ``schedule.Occurrence`` row of one occurrence, created if needed.

    This is the stable identity that plugins hang their data on (enrollment,
    attendance): an occurrence is (event, original start), and this row
    keeps that pair whatever happens to the occurrence later (moved,
    cancelled, restored). ``original_start`` must be an occurrence of the event.
    """
    original_start = original_start.astimezone(UTC)
    existing = Occurrence.objects.filter(event=event, original_start=original_start).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        # Two requests for the same new session (two sign-ups at once) must not
        # make two rows: plugins would count each half apart. Queue on the event.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        existing = Occurrence.objects.filter(event=event, original_start=original_start).first()
        if existing is not None:
            return existing
        return _occurrence_create(event=event, original_start=original_start)


def _occurrence_create(*, event: Event, original_start: dt.datetime) -> Occurrence:
    rule = event.rule
    if not recurrence.is_occurrence_start(
        start=event.start, end=event.end, frequency=rule.frequency if rule else None,
        params=recurrence.parse_params(rule.params) if rule else {},
        end_recurring_period=event.end_recurring_period, when=original_start,
    ):
        raise ValueError(f"{original_start.isoformat()} is not an occurrence of event {event.pk}")
    wall = recurrence.to_local_naive(event.end) - recurrence.to_local_naive(event.start)
    local = recurrence.to_local_naive(original_start)
    original_end = recurrence.localize(local + wall).astimezone(UTC)
    return Occurrence.objects.create(
        event=event, title=event.title, start=original_start, end=original_end,
        original_start=original_start, original_end=original_end,
    )


def _detail(occurrence: Occurrence) -> OccurrenceDetail:
    detail, _ = OccurrenceDetail.objects.get_or_create(occurrence=occurrence)
    return detail


def occurrence_cancel(*, event: Event, original_start: dt.datetime, reason: str = "",
                      reasons: dict[str, str] | None = None) -> Occurrence:
    """Cancel one session. ``reason`` is public, in the owner's language;
    ``reasons`` its translations by language code."""
    occurrence = occurrence_persist(event=event, original_start=original_start)
    occurrence.start, occurrence.end = occurrence.original_start, occurrence.original_end
    occurrence.cancelled = True
    occurrence.save()
    detail = _detail(occurrence)
    detail.room, detail.reason, detail.reasons = None, reason, dict(reasons or {})
    detail.save()
    return occurrence


def occurrence_move(*, event: Event, original_start: dt.datetime, start: dt.datetime, end: dt.datetime,
                    room=None, reason: str = "", reasons: dict[str, str] | None = None) -> Occurrence:
    if end <= start:
        raise ValueError("A moved session must end after it starts.")
    occurrence = occurrence_persist(event=event, original_start=original_start)
    occurrence.start, occurrence.end, occurrence.cancelled = start, end, False
    occurrence.save()
    detail = _detail(occurrence)
    detail.room, detail.reason, detail.reasons = room, reason, dict(reasons or {})
    detail.save()
    return occurrence


def occurrence_restore(*, occurrence: Occurrence) -> Occurrence:
    """Back to what the rule says; the row stays, as plugins may point at it."""
    changed = occurrence.cancelled or occurrence.start != occurrence.original_start or occurrence.end != occurrence.original_end
    if changed:
        occurrence.start, occurrence.end, occurrence.cancelled = occurrence.original_start, occurrence.original_end, False
        occurrence.save()
    if OccurrenceDetail.objects.filter(occurrence=occurrence).exclude(room=None, reason="", reasons={}).update(room=None, reason="", reasons={}):
        content_cache.pages_changed()  # update() sends no post_save
    return occurrence


def _original_for_change(events: list[Event], change: ActivityChange) -> tuple[Event, dt.datetime] | None:
    tz = recurrence.local_zone()
    day = change.original_date
    lo = recurrence.localize(dt.datetime.combine(day, dt.time.min), tz)
    hi = lo + dt.timedelta(days=1)
    for event in events:
        rule = event.rule
        for start, _end in recurrence.expand(
            start=event.start, end=event.end, frequency=rule.frequency if rule else None,
            params=recurrence.parse_params(rule.params) if rule else {},
            end_recurring_period=event.end_recurring_period, window_start=lo, window_end=hi,
        ):
            local = start.astimezone(tz)
            if local.date() != day:
                continue
            if change.original_time is not None and local.time().replace(second=0) != change.original_time.replace(second=0):
                continue
            return event, start
    return None


@transaction.atomic
def activity_schedule_sync(*, page: ActivityPage) -> list[Event]:
    """Make the django-scheduler rows say what the published page says.

    Called when the page that owns the schedule is published. Only that page
    writes the schedule; its translations share it through ``translation_key``
    and bring only the public reasons of changes, in their language: when a
    translation is published, the owner's live schedule is written again with
    them.
    """
    if not page.owns_schedule():
        owner = ActivityPage.objects.filter(translation_key=page.translation_key, live=True).order_by("pk").first()
        if owner is not None and owner.owns_schedule():
            return activity_schedule_sync(page=owner)
        return list(Event.objects.filter(activity_link__activity_key=page.translation_key))
    key = page.translation_key
    calendar = agenda_calendar()
    links = {
        link.slot_key: link
        for link in ActivityEvent.objects.filter(activity_key=key).select_related("event__rule")
    }
    events: list[Event] = []
    for index, slot in enumerate(page.slots.all()):
        spec = slot.spec()
        slot_key = slot.key or uuid.uuid4()
        link = links.pop(slot_key, None)
        event = link.event if link else Event(calendar=calendar)
        rule = event.rule if link else None
        old_rule = None
        if spec.frequency:
            if rule is None:
                rule = Rule(name=f"agenda {str(slot_key)[:8]}", description="")
            rule.frequency, rule.params = spec.frequency, spec.params
            rule.save()
        elif rule is not None:
            old_rule, rule = rule, None
        event.title = page.title[:255]
        event.start, event.end = spec.start, spec.end
        event.end_recurring_period = spec.end_recurring_period
        event.rule = rule
        event.save()
        if old_rule is not None:
            old_rule.delete()
        if link is not None:
            _occurrences_carry_over(event=event)
        if link is None:
            ActivityEvent.objects.create(event=event, activity_key=key, slot_key=slot_key)
        events.append(event)
    for link in links.values():
        _event_delete(link.event)

    wanted: dict[tuple[int, dt.datetime], ActivityChange] = {}
    targets: dict[tuple[int, dt.datetime], tuple[Event, dt.datetime]] = {}
    changes = list(page.changes.all())
    translated = _change_reasons_translated(page=page, changes=changes)
    for change in changes:
        found = _original_for_change(events, change)
        if found is None:
            logger.warning("Change %s of activity %s matches no session; ignored", change.pk, page.pk)
            continue
        event, original_start = found
        k = (event.pk, original_start.astimezone(UTC))
        wanted[k], targets[k] = change, found
    for occurrence in Occurrence.objects.filter(event__in=events):
        if (occurrence.event_id, occurrence.original_start.astimezone(UTC)) not in wanted:
            occurrence_restore(occurrence=occurrence)
    for k, change in wanted.items():
        event, original_start = targets[k]
        if change.kind == ChangeKind.CANCEL:
            occurrence_cancel(event=event, original_start=original_start, reason=change.reason,
                              reasons=translated.get(change.translation_key))
        else:
            wall_end = recurrence.localize(
                recurrence.to_local_naive(original_start)
                + (recurrence.to_local_naive(event.end) - recurrence.to_local_naive(event.start))
            )
            start, end = change.new_times(original_start=original_start, original_end=wall_end)
            occurrence_move(
                event=event, original_start=original_start, start=start, end=end,
                room=change.new_room, reason=change.reason, reasons=translated.get(change.translation_key),
            )
    Event.objects.filter(pk__in=[e.pk for e in events]).exclude(title=page.title[:255]).update(title=page.title[:255])
    return events


def _occurrences_carry_over(*, event: Event, now: dt.datetime | None = None) -> int:
    """After a schedule line changed (time, weekday...), give each coming
    session that has a row, and so perhaps plugin data (sign-ups), the new
    start of the same day, keeping the row: nothing is orphaned.

    A row whose day no longer has exactly one session, or whose new start
    already has a row, is left as it was and logged. Past sessions stay as
    they happened.
    """
    from .signals import occurrence_rescheduled

    now = now or timezone.now()
    rule = event.rule
    params = recurrence.parse_params(rule.params) if rule else {}
    frequency = rule.frequency if rule else None
    tz = recurrence.local_zone()
    carried = 0
    rows = list(Occurrence.objects.filter(event=event, original_start__gte=now))
    taken = {row.original_start for row in rows}
    for row in rows:
        if recurrence.is_occurrence_start(start=event.start, end=event.end, frequency=frequency, params=params,
                                          end_recurring_period=event.end_recurring_period, when=row.original_start):
            continue
        day = row.original_start.astimezone(tz).date()
        lo = recurrence.localize(dt.datetime.combine(day, dt.time.min), tz)
        starts = [(start, end) for start, end in recurrence.expand(
            start=event.start, end=event.end, frequency=frequency, params=params,
            end_recurring_period=event.end_recurring_period, window_start=lo, window_end=lo + dt.timedelta(days=1),
        ) if start.astimezone(tz).date() == day]
        if len(starts) != 1 or starts[0][0] in taken:
            logger.warning("Session %s of event %s has no single new start on %s; left as it was", row.pk, event.pk, day)
            continue
        previous_start, previous_end = row.original_start, row.original_end
        new_start, new_end = starts[0]
        was_moved = row.start != row.original_start or row.end != row.original_end
        row.original_start, row.original_end = new_start, new_end
        if not was_moved:
            row.start, row.end = new_start, new_end
        row.save()
        taken.add(new_start)
        carried += 1
        occurrence_rescheduled.send(sender=event, occurrence=row, previous_start=previous_start, previous_end=previous_end)
    return carried


def _change_reasons_translated(*, page: ActivityPage, changes: list[ActivityChange]) -> dict:
    """{change translation key: {language: reason}} from the page's live translations."""
    result: dict = {}
    rows = ActivityChange.objects.filter(
        translation_key__in=[change.translation_key for change in changes], page__live=True,
    ).exclude(page_id=page.pk).exclude(reason="").values_list("translation_key", "locale__language_code", "reason")
    for key, code, reason in rows:
        result.setdefault(key, {})[code] = reason
    return result


def _event_delete(event: Event) -> None:
    rule = event.rule
    event.delete()
    if rule is not None and not Event.objects.filter(rule=rule).exists():
        rule.delete()


@transaction.atomic
def activity_schedule_delete(*, activity_key) -> int:
    """Remove the schedule of an activity whose every translation is gone."""
    if ActivityPage.objects.filter(translation_key=activity_key).exists():
        return 0
    links = list(ActivityEvent.objects.filter(activity_key=activity_key).select_related("event__rule"))
    for link in links:
        _event_delete(link.event)
    return len(links)


FACILITATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def agenda_page_grant(*, page) -> None:
    """Let the space's Facilitators add, edit and publish activities under an agenda page (idempotent).

    Not ``safespace.roles.group_grant_pages``: that one is for migrations'
    historical app registry and would reset the live registry's models.
    """
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from safespace import roles, spaces
    from safespace.services import space_group

    # The facilitators of the page's own space (safespace/spaces.py); the
    # Facilitators group itself on an install that predates spaces.
    space_id = spaces.space_id_for_path(page.path)
    group = space_group(site_id=space_id, role=roles.FACILITATORS) if space_id is not None else None
    if group is None and space_id in (None, spaces.site_default_id()):
        group = Group.objects.filter(name=roles.FACILITATORS).first()
    if group is None:
        return
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=FACILITATOR_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=group, page_id=page.pk, permission=permission)


def occurrences_finish(*, now: dt.datetime | None = None, site=None, lookback: dt.timedelta = dt.timedelta(days=2)) -> int:
    """Send ``occurrence_finished`` for every occurrence that ended between
    ``now - lookback`` and ``now``, once per receiving app. Run it every few
    minutes (``manage.py agenda_occurrences_finished``).

    Each app (a plugin, by its label) that has processed a session is recorded
    (``FinishedDelivery``), its receivers' writes in a savepoint of their own;
    a session is marked finished only when every receiver enabled for the
    site has succeeded. An app whose receiver raised is logged and called
    again on the next run, so a failure loses nothing and nobody hears of a
    session twice. Returns how many sessions receivers were called for.
    ``site``: one space's sessions only; every space's without it.
    """
    from django.utils import timezone
    from wagtail.models import Site

    from . import selectors
    from .signals import occurrence_finished

    from safespace import spaces

    now = now or timezone.now()
    # Every space's sessions (or ``site``'s only); each is sent with its own space as sender,
    # so the plugins switched on for that space hear of it.
    sites = {s.pk: s for s in Site.objects.all()}
    default = next((s for s in sites.values() if s.is_default_site), None)
    sent = 0
    for occ in selectors.occurrences_between(start=now - lookback, end=now, site=site):
        if occ.end > now or occ.cancelled:
            continue
        own = sites.get(spaces.space_id_for_path(occ.activity.path)) or default
        with transaction.atomic():
            row = occurrence_persist(event=occ.event, original_start=occ.original_start)
            detail = OccurrenceDetail.objects.select_for_update().filter(occurrence=row).first() or _detail(row)
            if detail.finished_sent:
                continue
            if _finished_deliver(signal=occurrence_finished, site=own, row=row, occurrence=occ):
                detail.finished_sent = True
                detail.save(update_fields=["finished_sent"])
        sent += 1
    return sent


def _finished_deliver(*, signal, site, row: Occurrence, occurrence) -> bool:
    """Call the receivers of apps that have not processed ``row`` yet; True when none is left.

    An app's receivers run together in one savepoint: if one raises, the
    app's writes for this session roll back and the app is called again next
    time, so an app never processes a session twice.
    """
    from plugins.api.registry import app_label_of

    from .models import FinishedDelivery

    done = set(FinishedDelivery.objects.filter(occurrence=row).values_list("app", flat=True))
    by_app: dict[str, list] = {}
    for receiver in signal.receivers_for(site):
        by_app.setdefault(app_label_of(receiver) or receiver.__module__, []).append(receiver)
    complete = True
    for app, receivers in by_app.items():
        if app in done:
            continue
        try:
            with transaction.atomic():
                for receiver in receivers:
                    receiver(signal=signal, sender=site, occurrence=occurrence)
                FinishedDelivery.objects.create(occurrence=row, app=app)
        except Exception:
            logger.exception("occurrence_finished: %s failed for session %s; called again on the next run", app, row.pk)
            complete = False
    return complete


def activity_capacity_set(*, activity_key, capacity: int | None) -> bool:
    """Set an activity's places in every translation of its page, and in each
    page's latest revision so that the editor shows (and keeps) the new number.

    For a sign-up plugin's form that edits the places: the page's "Places"
    field is the one source of the number. Returns whether anything changed.
    """
    changed = False
    for page in ActivityPage.objects.filter(translation_key=activity_key).select_related("latest_revision"):
        if page.capacity != capacity:
            page.capacity = capacity
            page.save(update_fields=["capacity"], clean=False)
            changed = True
        revision = page.latest_revision
        if revision is not None and isinstance(revision.content, dict) and revision.content.get("capacity") != capacity:
            revision.content["capacity"] = capacity
            revision.save(update_fields=["content"])
    if changed:
        content_cache.content_changed()
    return changed


def pictogram_sync(*, instance) -> int:
    """Give every translation of a category or room the same pictogram as
    ``instance``; return how many were changed. Each is saved (not updated in
    bulk) so the content version moves and cached pages show it."""
    changed = 0
    others = type(instance).objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk)
    for other in others:
        if (other.pictogram, other.pictogram_image_id) != (instance.pictogram, instance.pictogram_image_id):
            other.pictogram, other.pictogram_image_id = instance.pictogram, instance.pictogram_image_id
            other.save(update_fields=["pictogram", "pictogram_image"])
            changed += 1
    return changed
