"""Writes of the alerts plugin."""

from __future__ import annotations

from django.utils import timezone
from wagtail.log_actions import log

from .models import AlertPage, EmergencyPublication

EMERGENCY_ACTION = "alerts.published_without_review"


def emergency_publication_record(*, page: AlertPage, user) -> EmergencyPublication:
    """Record that ``user`` published ``page`` alone: in the page's history, and on the page itself."""
    record = EmergencyPublication.objects.create(page=page, revision=page.live_revision, user=user, at=timezone.now())
    log(instance=page, action=EMERGENCY_ACTION, user=user, revision=page.live_revision)
    return record
