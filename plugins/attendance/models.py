"""Attendance: who came to a session, known only by a pseudonymous code.

A ``Sheet`` per session holds the counts that reports use, so they survive
when the codes are dropped (``ATTENDANCE_RETENTION_DAYS``) or the agenda's
occurrence row goes away; ``MonthFigures`` keeps a settled month's distinct
participants, counted just before its first code is dropped. ``Mark`` rows carry the codes and are the only
personal data here. ``Submission`` remembers which form posts were applied,
so a double submit or a retry changes nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plugins.api.sites import SiteScopedManager, site_field


class Source(models.TextChoices):
    ENROLLED = "enrolled", _("Signed up")
    WALK_IN = "walk_in", _("Walk-in")


class Sheet(models.Model):
    # The session's stable identity (see agenda/signals.py). SET_NULL: if the
    # agenda ever deletes the row, the counts below still describe the session.
    occurrence = models.OneToOneField(
        "schedule.Occurrence", null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance_sheet"
    )
    activity_key = models.UUIDField(db_index=True, help_text="The activity's translation key.")
    category_key = models.UUIDField(null=True, blank=True, help_text="The category's translation key, when taken.")
    session_start = models.DateTimeField(db_index=True)
    session_end = models.DateTimeField()
    with_enrollment = models.BooleanField(default=False, help_text="The roster came from enrollment.")
    present_enrolled = models.PositiveIntegerField(default=0)
    absent_enrolled = models.PositiveIntegerField(default=0)
    walk_ins = models.PositiveIntegerField(default=0)
    anonymous = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    codes_dropped = models.BooleanField(default=False, help_text="Retention removed the codes; counts remain.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The space of the session's activity (its page's site): kept, like the counts, if the occurrence goes.
    site = site_field()

    objects = SiteScopedManager()
    site_path = "site"

    class Meta:
        verbose_name = _("attendance sheet")
        verbose_name_plural = _("attendance sheets")
        ordering = ["-session_start"]
        permissions = [
            ("reopen_sheet", "Can reopen a closed attendance sheet"),
            ("view_reports", "Can see attendance reports"),
        ]

    def __str__(self):
        return f"{self.activity_key} {self.session_start:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return self.present_enrolled + self.walk_ins + self.anonymous

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Mark(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="marks")
    code = models.CharField(max_length=40, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    present = models.BooleanField(default=True)

    objects = SiteScopedManager()
    site_path = "sheet__site"

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="attendance_mark_unique_code")]

    def __str__(self):
        return f"{self.code} ({self.source}, {'present' if self.present else 'absent'})"


class Submission(models.Model):
    """A form post that was applied, by the id the form carried. No codes."""

    key = models.UUIDField(unique=True)
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SiteScopedManager()
    site_path = "sheet__site"


class MonthFigures(models.Model):
    """A month's distinct participants, frozen before retention or an erasure drops the first of its codes.

    Anonymous counts only, no code: ``distinct`` maps each activity's
    translation key to its number of distinct people present that month, and
    ``"all"`` to the whole space's. The funders' export reads these once they
    exist, so dropping codes moves no figure already published
    (``plugins.api.disclosure``, rule 4).
    """

    month = models.DateField(help_text="The month's first day (local).")
    distinct = models.JSONField(default=dict)
    frozen_at = models.DateTimeField(auto_now_add=True)
    site = site_field()

    objects = SiteScopedManager()
    site_path = "site"

    class Meta:
        verbose_name = _("month's frozen figures")
        verbose_name_plural = _("months' frozen figures")
        constraints = [models.UniqueConstraint(fields=["site", "month"], name="attendance_monthfigures_unique")]

    def __str__(self):
        return f"{self.month:%Y-%m}"
