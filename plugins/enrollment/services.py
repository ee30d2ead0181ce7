"""Writes of the enrollment plugin. Views, admin and commands all come here."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plugins.api import codes
from plugins.api.admin import PermissionPolicy
from plugins.api.retention import retention_cutoff
from safespace.addresses import absolute_url

from .models import ACTIVE, Enrollment, EnrollmentTally, Mode, Offer, PrivateLink, Status

# view: the sessions and rosters; change: act on a roster; erase: a participant's data (Settings).
policy = PermissionPolicy(Enrollment, actions={"erase": "safespace.manage_participant_data"})
# Offers are never deleted, their sign-ups hang on them: pause one ("Taking sign-ups").
offer_policy = PermissionPolicy(Offer, deletable=False)

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()-]{6,20}$")


class EnrollmentError(Exception):
    """A refusal with a message meant for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def code_validate(code: str) -> str:
    code = codes.normalize(code)
    if not codes.is_valid(code):
        raise EnrollmentError(
            _("A code is 3 to 40 letters, numbers or hyphens, for example “moon-river-42”."), field="code"
        )
    return code


# Short, neutral words that read the same in the three languages or close to it.
CODE_WORDS = [
    "luna", "sol", "mar", "rio", "flor", "nube", "lila", "menta", "coral", "ambar", "jade", "oliva",
    "brisa", "roca", "pluma", "gato", "tigre", "koala", "panda", "cometa", "estrella", "bosque", "arena",
    "cielo", "lava", "perla", "ruby", "salvia", "trebol", "violeta", "canela", "piña", "mango", "kiwi",
]


def code_suggest() -> str:
    """An easy-to-remember code, such as “menta-koala-27”."""
    rng = secrets.SystemRandom()
    first, second = rng.sample(CODE_WORDS, 2)
    return f"{first}-{second}-{rng.randint(10, 99)}"


def contact_validate(contact: str) -> str:
    contact = (contact or "").strip()
    if not contact:
        return ""
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            raise EnrollmentError(_("That email address does not look right."), field="contact") from None
        return contact
    if not PHONE_PATTERN.match(contact):
        raise EnrollmentError(_("Give a phone number (digits, spaces, +) or an email address."), field="contact")
    return contact


def enrollment_window(*, offer: Offer, session_start: dt.datetime) -> tuple[dt.datetime | None, dt.datetime]:
    """When sign-up opens and closes for a session (or, in series mode, the series)."""
    if offer.mode == Mode.SERIES:
        return offer.series_opens_at, offer.series_closes_at or session_start
    opens = session_start - dt.timedelta(days=offer.opens_days_before)
    closes = session_start - dt.timedelta(minutes=offer.closes_minutes_before)
    return opens, closes


def _session_filter(offer: Offer, occurrence) -> Q:
    return Q(offer=offer, occurrence=occurrence) if occurrence is not None else Q(offer=offer, occurrence__isnull=True)


def _confirmed_count(offer: Offer, occurrence) -> int:
    return Enrollment.objects.filter(_session_filter(offer, occurrence), status=Status.CONFIRMED).count()


def _lock(offer: Offer) -> Offer:
    # Every change to an activity's enrollments holds this row's lock, so the
    # count of confirmed places is read and written by one request at a time.
    return Offer.objects.select_for_update().get(pk=offer.pk)


@transaction.atomic
def enrollment_create(
    *,
    offer: Offer,
    occurrence,
    session_start: dt.datetime,
    session_end: dt.datetime,
    code: str,
    contact: str = "",
    consent: bool = False,
    by_staff: bool = False,
    now: dt.datetime | None = None,
) -> Enrollment:
    """Sign ``code`` up for a session (``occurrence``) or, in series mode, the series
    (``occurrence`` None). Confirmed while places last, then on the waiting list.

    Staff (``by_staff``) may enrol outside the sign-up window.
    """
    return _enrollment_create(offer=offer, occurrence=occurrence, session_start=session_start,
                              session_end=session_end, code=code, contact=contact, consent=consent,
                              by_staff=by_staff, now=now)


@transaction.atomic
def signup_create(*, site, offer: Offer, occurrence, session_start: dt.datetime, session_end: dt.datetime, code: str,
                  contact: str = "", consent: bool = False,
                  now: dt.datetime | None = None) -> tuple[Enrollment, str | None]:
    """A participant signs up (the public form): ``enrollment_create``, and a private
    link for the code if it has none on ``site`` (``private_link_issue``).

    Returns the enrollment and the link's token (to show once), or None when
    the code has a link already. One transaction: a refused sign-up makes no
    link, as when the link was issued after the sign-up, in three round trips
    fewer. The link is written before the activity's lock is taken, so the
    lock is held no longer than for enrollment_create alone (200 people at
    once queue on it).
    """
    code, contact = _details_validate(code=code, contact=contact, consent=consent)
    token = _private_link_add(site=site, code=code)
    enrollment = _enrollment_create(offer=offer, occurrence=occurrence, session_start=session_start,
                                    session_end=session_end, code=code, contact=contact, consent=consent, now=now)
    return enrollment, token


def _details_validate(*, code: str, contact: str, consent: bool) -> tuple[str, str]:
    """The code and contact as kept, or an EnrollmentError for the field that is wrong."""
    code = code_validate(code)
    contact = contact_validate(contact)
    if contact and not consent:
        raise EnrollmentError(
            _("Tick the box to agree that we keep your contact until the session, or leave it empty."),
            field="consent",
        )
    return code, contact


def _enrollment_create(*, offer: Offer, occurrence, session_start: dt.datetime, session_end: dt.datetime,
                       code: str, contact: str = "", consent: bool = False, by_staff: bool = False,
                       now: dt.datetime | None = None) -> Enrollment:
    # In the caller's transaction: the lock below is held until it ends.
    now = now or timezone.now()
    code, contact = _details_validate(code=code, contact=contact, consent=consent)
    # The places are read before the lock, so that it is held for as few round trips as
    # possible (200 people at once queue on it). Staff change them through offer_save, which
    # moves people up when there are more and never down: a sign-up that read the number
    # just before a change is one that came just before it. The count is read under the lock.
    capacity = offer.capacity
    offer = _lock(offer)
    offer._capacity = capacity
    if (offer.mode == Mode.SERIES) != (occurrence is None):
        raise EnrollmentError(_("This activity takes sign-ups for the whole series, not for one session."))
    if not by_staff:
        opens, closes = enrollment_window(offer=offer, session_start=session_start)
        if not offer.active:
            raise EnrollmentError(_("This activity is not taking sign-ups."))
        if opens and now < opens:
            raise EnrollmentError(_("Sign-up has not opened yet."))
        if now >= closes or now >= session_end:
            raise EnrollmentError(_("Sign-up has closed for this session."))
    # One query for both: is this code in already, and how many places are taken.
    counts = Enrollment.objects.filter(_session_filter(offer, occurrence)).aggregate(
        mine=Count("pk", filter=Q(code=code, status__in=ACTIVE)),
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
    )
    if counts["mine"]:
        raise EnrollmentError(_("This code is already signed up. Choose another code, or use your cancel link."), field="code")
    if counts["confirmed"] < offer.capacity:
        status = Status.CONFIRMED
    elif offer.waiting_list:
        status = Status.WAITING
    else:
        raise EnrollmentError(_("All places are taken."))
    return Enrollment.objects.create(
        offer=offer,
        occurrence=occurrence,
        code=code,
        status=status,
        session_start=session_start,
        session_end=session_end,
        by_staff=by_staff,
        contact=contact,
        contact_expires_at=session_end if contact else None,
    )


def _promote_next(offer: Offer, occurrence) -> Enrollment | None:
    if _confirmed_count(offer, occurrence) >= offer.capacity:
        return None
    first = (
        Enrollment.objects.filter(_session_filter(offer, occurrence), status=Status.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if first is not None:
        first.status = Status.CONFIRMED
        first.save(update_fields=["status", "changed_at"])
    return first


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment) -> Enrollment | None:
    """Cancel; the first person waiting for the same session takes the place.

    Returns the promoted enrollment, if any. Cancelling twice changes nothing.
    """
    offer = _lock(enrollment.offer)
    enrollment.refresh_from_db()
    if enrollment.status == Status.CANCELLED:
        return None
    enrollment.status = Status.CANCELLED
    enrollment.contact = ""
    enrollment.contact_expires_at = None
    enrollment.save(update_fields=["status", "contact", "contact_expires_at", "changed_at"])
    return _promote_next(offer, enrollment.occurrence)


@transaction.atomic
def enrollment_promote(*, enrollment: Enrollment) -> Enrollment:
    """A facilitator moves someone from the waiting list to a free place."""
    offer = _lock(enrollment.offer)
    enrollment.refresh_from_db()
    if enrollment.status != Status.WAITING:
        raise EnrollmentError(_("Only someone on the waiting list can be given a place."))
    if _confirmed_count(offer, enrollment.occurrence) >= offer.capacity:
        raise EnrollmentError(_("There is no free place. Raise the number of places first."))
    enrollment.status = Status.CONFIRMED
    enrollment.save(update_fields=["status", "changed_at"])
    return enrollment


@transaction.atomic
def offer_save(*, offer: Offer) -> list[Enrollment]:
    """Save an offer, and its places on the activity's page; if it now has more places,
    people waiting move up. Returns who moved."""
    from agenda.selectors import activity_site

    if (site := activity_site(key=offer.activity_key)) is not None:
        offer.site = site  # the activity's space, whoever saves it
    offer.save()
    if getattr(offer, "_capacity_to_save", False):
        from agenda.services import activity_capacity_set

        activity_capacity_set(activity_key=offer.activity_key, capacity=offer._capacity)
        offer._capacity_to_save = False
    offer = _lock(offer)  # a fresh instance: reads the places just saved
    waiting = Enrollment.objects.filter(offer=offer, status=Status.WAITING).select_related("occurrence")
    sessions = {enrollment.occurrence_id: enrollment.occurrence for enrollment in waiting}
    promoted = []
    for occurrence in sessions.values():
        while (moved := _promote_next(offer, occurrence)) is not None:
            promoted.append(moved)
    return promoted


def enrollments_reschedule(*, occurrence) -> int:
    """A session got a new time from its schedule: sign-ups follow it (their
    row is the same), with the session's times they keep for reminders and
    retention, and contact consent lasting until the new end."""
    moved = 0
    for enrollment in Enrollment.objects.filter(occurrence=occurrence):
        enrollment.session_start, enrollment.session_end = occurrence.start, occurrence.end
        if enrollment.contact:
            enrollment.contact_expires_at = occurrence.end
        # A reminder sent for the old time says the wrong hour: send it again.
        enrollment.reminded_at = None
        enrollment.save(update_fields=["session_start", "session_end", "contact_expires_at", "reminded_at", "changed_at"])
        moved += 1
    return moved


def code_erase(*, code: str) -> int:
    """Delete every enrollment of a code, and its private links. Returns how many rows went."""
    code = codes.normalize(code)
    deleted, _ = Enrollment.objects.filter(code=code).delete()
    links, _ = PrivateLink.objects.filter(code=code).delete()
    return deleted + links


# --- The private page of a code ("my sign-ups") ---


def token_hash(token: str) -> str:
    """What is stored of a private link's token: its SHA-256. The token has 256 random
    bits, so a plain hash is enough (no salt or slow hash needed against guessing)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def private_link_url(*, token: str) -> str:
    return absolute_url(reverse("plugins:enrollment:mine", args=[token]))


def private_link_issue(*, site, code: str) -> str | None:
    """A new private link for a code that has none yet: returns its token (to show once).

    If the code already has one, returns None and changes nothing: whoever types
    a code must never get, or break, the link of the person who owns it.
    """
    return _private_link_add(site=site, code=code_validate(code))


def _private_link_add(*, site, code: str) -> str | None:
    token = secrets.token_urlsafe(32)
    link = PrivateLink(site=site, code=code, token_hash=token_hash(token))
    # INSERT ... ON CONFLICT DO NOTHING: the code's link, if it has one, stays as it is (one
    # per code and site); a sign-up of the same code at the same moment waits for this one.
    PrivateLink.objects.bulk_create([link], ignore_conflicts=True)
    # This token's only if its row went in (unscoped: ``site`` may not be the request's scope).
    went_in = PrivateLink.objects.unscoped().filter(site=site, code=code, token_hash=link.token_hash).exists()
    return token if went_in else None


@transaction.atomic
def private_link_replace(*, site, code: str, now: dt.datetime | None = None) -> str:
    """Give a code a new private link (someone else saw it, or staff for a lost one).
    The old link stops working at once. Returns the new token, to show once."""
    code = code_validate(code)
    token = secrets.token_urlsafe(32)
    link, created = PrivateLink.objects.select_for_update().get_or_create(
        site=site, code=code, defaults={"token_hash": token_hash(token)}
    )
    if not created:
        link.token_hash = token_hash(token)
        link.replaced_at = now or timezone.now()
        link.save(update_fields=["token_hash", "replaced_at"])
    return token


def private_links_purge(*, now: dt.datetime | None = None, keep_days: int | None = None) -> int:
    """Forget the private links of codes that have nothing left here, once they are
    older than the retention period (a link to an empty page is still data on a code)."""
    now = now or timezone.now()
    if keep_days is None:
        keep_days = settings.ENROLLMENT_RETENTION_DAYS
    cutoff = retention_cutoff(now=now, days=keep_days)
    old = PrivateLink.objects.filter(created_at__lt=cutoff).filter(Q(replaced_at__isnull=True) | Q(replaced_at__lt=cutoff))
    deleted, _ = old.exclude(code__in=Enrollment.objects.values("code")).delete()
    return deleted


def contacts_purge(*, now: dt.datetime | None = None) -> int:
    """Forget contact data whose time has come."""
    now = now or timezone.now()
    return Enrollment.objects.filter(contact_expires_at__lte=now).exclude(contact="").update(
        contact="", contact_expires_at=None
    )


@transaction.atomic
def enrollments_purge(*, now: dt.datetime | None = None, keep_days: int | None = None) -> int:
    """Fold enrollments whose session ended more than ``keep_days`` local days ago into
    counts per session, then delete them. Returns how many were deleted."""
    now = now or timezone.now()
    if keep_days is None:
        keep_days = settings.ENROLLMENT_RETENTION_DAYS
    old = Enrollment.objects.filter(session_end__lt=retention_cutoff(now=now, days=keep_days))
    rows = old.values("offer__activity_key", "offer__site", "occurrence_id", "session_start", "offer__mode").annotate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
    )
    for row in rows:
        session_start = None if row["offer__mode"] == Mode.SERIES else row["session_start"]
        tally, _ = EnrollmentTally.objects.get_or_create(
            activity_key=row["offer__activity_key"], session_start=session_start,
            defaults={"site_id": row["offer__site"]},
        )
        tally.confirmed += row["confirmed"]
        tally.waiting += row["waiting"]
        tally.cancelled += row["cancelled"]
        tally.save()
    deleted, _ = old.delete()
    return deleted


def cancel_url(*, enrollment: Enrollment) -> str:
    """The public address at which a participant cancels their place (shown once, and in reminders)."""
    return absolute_url(reverse("plugins:enrollment:cancel", args=[enrollment.token]))


def reminders_send(*, now: dt.datetime | None = None, ahead: dt.timedelta = dt.timedelta(hours=24)) -> int:
    """Email a reminder to confirmed people who left an email, once, within ``ahead`` of the start.

    Phone numbers are shown to facilitators on the roster; no SMS gateway is used.
    """
    now = now or timezone.now()
    due = Enrollment.objects.filter(
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        contact__contains="@",
        session_start__gt=now,
        session_start__lte=now + ahead,
    )
    sent = 0
    for enrollment in due:
        local = timezone.localtime(enrollment.session_start)
        message = _("This is the reminder you asked for. See you on %(when)s.") % {"when": local.strftime("%d/%m %H:%M")}
        message += "\n\n" + _("Can't come? Free your place for someone else: %(url)s") % {"url": cancel_url(enrollment=enrollment)}
        send_mail(
            subject=_("Reminder: your activity on %(when)s") % {"when": local.strftime("%d/%m %H:%M")},
            message=message,
            from_email=None,
            recipient_list=[enrollment.contact],
            fail_silently=True,
        )
        enrollment.reminded_at = now
        enrollment.save(update_fields=["reminded_at"])
        sent += 1
    return sent


def roster_act(*, offer: Offer, action: str, session=None, row=None, code: str = "",
               enrollment: Enrollment | None = None, site=None) -> list[tuple[str, str]]:
    """What a facilitator does on a roster (``forms.RosterForm``); returns the messages to show, (level, text).

    ``session`` is the AgendaOccurrence signed up for (None: the activity has
    none coming), ``row`` its schedule.Occurrence (None for a series). A lost
    private link cannot be recovered (only its hash is kept): ``link`` issues
    a new one, shown once for the facilitator to hand over; the old one stops working.
    """
    if action == "enrol":
        if session is None:
            raise EnrollmentError(_("This activity has no sessions coming up."))
        enrollment = enrollment_create(offer=offer, occurrence=row, session_start=session.start,
                                       session_end=session.end, code=code, by_staff=True)
        return [("success", _("%(code)s is signed up (%(status)s).") % {
            "code": enrollment.code, "status": enrollment.get_status_display()})]
    if action == "link":
        token = private_link_replace(site=site, code=enrollment.code)
        return [("success", _("New private link for %(code)s (shown only once): %(url)s") % {
            "code": enrollment.code, "url": private_link_url(token=token)})]
    if action == "promote":
        enrollment_promote(enrollment=enrollment)
        return [("success", _("%(code)s has a place now.") % {"code": enrollment.code})]
    promoted = enrollment_cancel(enrollment=enrollment)
    said = [("success", _("%(code)s is cancelled.") % {"code": enrollment.code})]
    if promoted:
        said.append(("info", _("%(code)s moved up from the waiting list.") % {"code": promoted.code}))
    return said
