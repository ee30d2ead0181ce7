"""Enrollment: who signed up for what, known only by a pseudonymous code.

Nothing here can name a person. A code is whatever the participant chose (the
form warns against using a name). Contact data is optional, needs explicit
consent, and carries its own expiry; the daily command removes it.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from plugins.api.sites import SiteScopedManager, site_field


class Mode(models.TextChoices):
    OCCURRENCE = "occurrence", _("Each session on its own (drop-in with limited places)")
    SERIES = "series", _("The whole series at once (a course)")


class Status(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE = (Status.CONFIRMED, Status.WAITING)


class Offer(models.Model):
    """An activity that takes enrollments. Shared by all translations of the activity."""

    activity_key = models.UUIDField(_("Activity"), unique=True, help_text=_("The activity's translation key."))
    mode = models.CharField(_("Sign up for"), max_length=12, choices=Mode.choices, default=Mode.OCCURRENCE)
    waiting_list = models.BooleanField(_("Keep a waiting list when full"), default=True)
    opens_days_before = models.PositiveSmallIntegerField(
        _("Opens (days before each session)"), default=7,
        help_text=_("For each session: how many days before it starts people can sign up."),
    )
    closes_minutes_before = models.PositiveIntegerField(
        _("Closes (minutes before each session)"), default=0,
    )
    series_opens_at = models.DateTimeField(_("Series: sign-up opens"), null=True, blank=True)
    series_closes_at = models.DateTimeField(
        _("Series: sign-up closes"), null=True, blank=True,
        help_text=_("Empty: when the first session starts."),
    )
    active = models.BooleanField(_("Taking sign-ups"), default=True)
    # The space of the activity (its page's site; services.offer_save sets it).
    site = site_field()

    objects = SiteScopedManager()
    site_path = "site"

    class Meta:
        verbose_name = _("enrollment offer")
        permissions = [("erase_code", "Can erase everything linked to a participant code")]

    def __str__(self):
        return f"{self.activity_key} ({self.get_mode_display()})"

    # The places are the activity's own "Places" (agenda.ActivityPage.capacity), one number for the
    # page and for sign-up. Read here, written by services.offer_save. An activity with no number
    # gives no place (everyone waits) until a facilitator sets one: never more people than planned.
    @property
    def capacity(self) -> int:
        if not hasattr(self, "_capacity"):
            from agenda.selectors import activity_capacities

            self._capacity = activity_capacities(keys=[self.activity_key]).get(self.activity_key)
        return self._capacity or 0

    @capacity.setter
    def capacity(self, value: int | None) -> None:
        self._capacity = value
        self._capacity_to_save = True


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Enrollment(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="enrollments")
    # The session (series mode: None). schedule.Occurrence is the stable identity
    # of a session, see agenda/signals.py.
    occurrence = models.ForeignKey(
        "schedule.Occurrence", null=True, blank=True, on_delete=models.CASCADE, related_name="enrollments"
    )
    code = models.CharField(_("Code"), max_length=40, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    # When the session (series: its first session) starts and ends; retention counts from the end.
    session_start = models.DateTimeField()
    session_end = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    by_staff = models.BooleanField(default=False)
    contact = models.CharField(_("Phone or email for a reminder"), max_length=120, blank=True)
    contact_expires_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = SiteScopedManager()
    site_path = "offer__site"

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["offer", "occurrence", "status"])]

    def __str__(self):
        return f"{self.code} ({self.status})"


class EnrollmentTally(models.Model):
    """What is left of enrollments after the retention period: counts, no codes."""

    activity_key = models.UUIDField(db_index=True)
    session_start = models.DateTimeField(null=True, blank=True, help_text="Original start; empty for a series.")
    confirmed = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    site = site_field()

    objects = SiteScopedManager()
    site_path = "site"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity_key", "session_start"], name="enrollment_tally_unique_session")
        ]


class PrivateLink(models.Model):
    """The secret address of a code's own page ("my sign-ups"), one per code and site.

    Only a hash of the token is kept: the link is shown once, when it is made,
    and cannot be recovered from the database; a lost link is replaced, never
    found again. Knowing a code gives nothing: the page is found by the token.
    """

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    objects = SiteScopedManager()
    site_path = "site"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="enrollment_private_link_one_per_code")]

    def __str__(self):
        return f"{self.code} (private link)"
