"""Reads of the enrollment plugin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q
from django.utils import timezone

from .models import ACTIVE, Enrollment, Mode, Offer, PrivateLink, Status
from .services import enrollment_window, token_hash


@dataclass(frozen=True)
class Places:
    capacity: int
    confirmed: int
    waiting: int
    opens: dt.datetime | None
    closes: dt.datetime
    mode: str

    @property
    def left(self) -> int:
        return max(self.capacity - self.confirmed, 0)

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (self.opens is None or now >= self.opens) and now < self.closes

    def not_yet_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens is not None and now < self.opens


def _with_places(offers):
    """Offers with their places (the activity's, Offer.capacity) read in the same query."""
    from agenda.selectors import activity_capacity_subquery

    for offer in offers.annotate(activity_capacity=activity_capacity_subquery(OuterRef("activity_key"))):
        offer._capacity = offer.activity_capacity
        yield offer


def offer_for_activity_key(activity_key) -> Offer | None:
    return next(_with_places(Offer.objects.filter(activity_key=activity_key, active=True)[:1]), None)


def offers_by_activity_key(keys) -> dict:
    return {offer.activity_key: offer for offer in _with_places(Offer.objects.filter(activity_key__in=set(keys), active=True))}


def _occurrence_id(occurrence) -> int | None:
    """The persisted schedule.Occurrence id of an AgendaOccurrence, without creating one."""
    if occurrence.occurrence_id:
        return occurrence.occurrence_id
    from schedule.models import Occurrence

    # values_list: django-scheduler's Occurrence.__init__ reads fields, so .only() would recurse.
    return (
        Occurrence.objects.filter(event=occurrence.event, original_start=occurrence.original_start)
        .values_list("pk", flat=True)
        .first()
    )


def places_for(*, offer: Offer, occurrence, session_start: dt.datetime) -> Places:
    """Places of one session (AgendaOccurrence), or of the series in series mode."""
    if offer.mode == Mode.SERIES:
        session = Q(offer=offer, occurrence__isnull=True)
    else:
        occurrence_id = _occurrence_id(occurrence)
        if occurrence_id is None:
            session = None
        else:
            session = Q(offer=offer, occurrence_id=occurrence_id)
    counts = {"confirmed": 0, "waiting": 0}
    if session is not None:
        counts = Enrollment.objects.filter(session).aggregate(
            confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Status.WAITING)),
        )
    opens, closes = enrollment_window(offer=offer, session_start=session_start)
    return Places(offer.capacity, counts["confirmed"], counts["waiting"], opens, closes, offer.mode)


def places_by_occurrence(*, occurrences) -> dict[str, Places]:
    """Places for many AgendaOccurrences at once (by ``key``), in a fixed number of queries."""
    occurrences = list(occurrences)
    offers = offers_by_activity_key(o.activity.translation_key for o in occurrences)
    if not offers:
        return {}
    rows = (
        Enrollment.objects.filter(offer__in=offers.values())
        .values("offer_id", "occurrence__event_id", "occurrence__original_start")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Status.WAITING)),
        )
    )
    counted = {}
    for row in rows:
        start = row["occurrence__original_start"]
        counted[(row["offer_id"], row["occurrence__event_id"], start)] = (row["confirmed"], row["waiting"])
    result = {}
    for occ in occurrences:
        offer = offers.get(occ.activity.translation_key)
        if offer is None:
            continue
        if offer.mode == Mode.SERIES:
            confirmed, waiting = counted.get((offer.pk, None, None), (0, 0))
        else:
            confirmed, waiting = counted.get((offer.pk, occ.event.pk, occ.original_start), (0, 0))
        opens, closes = enrollment_window(offer=offer, session_start=occ.start)
        result[occ.key] = Places(offer.capacity, confirmed, waiting, opens, closes, offer.mode)
    return result


def roster(*, offer: Offer, occurrence_id: int | None) -> dict[str, list[Enrollment]]:
    session = Q(offer=offer, occurrence_id=occurrence_id) if occurrence_id else Q(offer=offer, occurrence__isnull=True)
    enrollments = list(Enrollment.objects.filter(session).order_by("created_at", "pk"))
    return {
        "confirmed": [e for e in enrollments if e.status == Status.CONFIRMED],
        "waiting": [e for e in enrollments if e.status == Status.WAITING],
        "cancelled": [e for e in enrollments if e.status == Status.CANCELLED],
    }


def next_window_change(now: dt.datetime) -> dt.datetime | None:
    """The next moment after ``now`` when a sign-up window opens or closes.

    Public pages show "Sign-up opens on …" or the sign-up button: the
    whole-page cache is told of this moment (content_cache.register_next_change).
    """
    from agenda.selectors import occurrences_between

    moments = []
    week = dt.timedelta(days=8)
    for offer in Offer.objects.filter(active=True):
        if offer.mode == Mode.SERIES:
            moments += [m for m in (offer.series_opens_at, offer.series_closes_at) if m and m > now]
            continue
        for shift in (dt.timedelta(days=offer.opens_days_before), dt.timedelta(minutes=offer.closes_minutes_before)):
            starts = [o.start for o in occurrences_between(start=now + shift, end=now + shift + week,
                                                           activity_key=offer.activity_key, include_cancelled=False)]
            moments += [start - shift for start in starts if start - shift > now]
    return min(moments, default=None)


def private_link_for_token(token: str) -> PrivateLink | None:
    """The private link a token opens, or None. Looked up by hash only."""
    if not token or len(token) > 100:
        return None
    return PrivateLink.objects.filter(token_hash=token_hash(token)).first()


def coming_enrollments(*, code: str, now: dt.datetime | None = None) -> list[Enrollment]:
    """A code's sign-ups and waiting-list places whose session has not ended, soonest first."""
    now = now or timezone.now()
    return list(
        Enrollment.objects.filter(code=code, status__in=ACTIVE, session_end__gt=now)
        .select_related("offer")
        .order_by("session_start", "pk")
    )


def confirmed_codes(*, activity_key, occurrence_id: int | None) -> list[str] | None:
    """Codes with a confirmed place for a session, in sign-up order; None when the
    activity takes no sign-ups (the answer to the agenda's ``occurrence_roster``)."""
    offer = Offer.objects.filter(activity_key=activity_key).first()  # a closed offer keeps its roster
    if offer is None:
        return None
    if offer.mode != Mode.SERIES and occurrence_id is None:
        return []
    return [e.code for e in roster(offer=offer, occurrence_id=None if offer.mode == Mode.SERIES else occurrence_id)["confirmed"]]


def activities_by_key() -> dict:
    """One ActivityPage per activity (translation key), in the default language where it exists."""
    from django.conf import settings
    from wagtail.models import Locale

    from agenda.models import ActivityPage

    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    pages: dict = {}
    from plugins.api import sites

    for page in sites.pages_of(ActivityPage.objects.order_by("title")):  # the scope's space only
        if page.translation_key not in pages or page.locale_id == getattr(default, "pk", None):
            pages[page.translation_key] = page
    return pages


def facilitator_sessions(*, request=None, now: dt.datetime | None = None, days: int = 14) -> dict:
    """The facilitators' list: the sessions from three hours ago to ``days`` ahead of activities that take
    sign-ups, each with its places, and every offer with its activity (None when the page is gone)."""
    from agenda.selectors import occurrences_between

    now = now or timezone.now()
    offers = {o.activity_key: o for o in Offer.objects.all()}
    activities = activities_by_key()
    occurrences = [occ for occ in occurrences_between(start=now - dt.timedelta(hours=3), end=now + dt.timedelta(days=days),
                                                      request=request) if occ.activity.translation_key in offers]
    places = places_by_occurrence(occurrences=occurrences)
    return {"sessions": [(occ, places.get(occ.key)) for occ in occurrences],
            "offers": [(offers[key], activities.get(key)) for key in offers], "days": days}


def roster_session(*, offer: Offer, stamp: str | None, request=None):
    """A roster's activity, its session (a series: the next one, maybe None) and the session's row
    (agenda's, made on first use; None for a series), or None when the activity or the session is not there (a 404)."""
    from agenda.selectors import activity_upcoming, occurrence_at
    from agenda.services import occurrence_persist

    activity = activities_by_key().get(offer.activity_key)
    if activity is None:
        return None
    if offer.mode == Mode.SERIES:
        return activity, next(iter(activity_upcoming(page=activity, limit=1, request=request)), None), None
    occurrence = occurrence_at(page=activity, stamp=stamp or "", request=request)
    if occurrence is None:
        return None
    return activity, occurrence, occurrence_persist(event=occurrence.event, original_start=occurrence.original_start)


def offer_activity_choices(*, offer: Offer) -> list[tuple[str, str]]:
    """Activities an offer may be for: those without an offer of their own yet."""
    taken = set(Offer.objects.exclude(pk=offer.pk).values_list("activity_key", flat=True))
    return [(str(key), page.title) for key, page in activities_by_key().items() if key not in taken]


def activity_places(activity_key: str) -> int | None:
    """The places already on an activity's page (by its translation key), to start an offer from."""
    import uuid

    from agenda.selectors import activity_capacities

    try:
        key = uuid.UUID(activity_key)
    except ValueError:
        return None
    return activity_capacities(keys=[key]).get(key)
