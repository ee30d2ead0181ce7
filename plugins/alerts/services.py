"""Writes of the alerts plugin."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.log_actions import log

from .models import AlertPage, EmergencyPublication

EMERGENCY_ACTION = "alerts.published_without_review"


def emergency_publication_record(*, page: AlertPage, user) -> EmergencyPublication:
    """Record that ``user`` published ``page`` alone: in the page's history, and on the page itself."""
    record = EmergencyPublication.objects.create(page=page, revision=page.live_revision, user=user, at=timezone.now())
    log(instance=page, action=EMERGENCY_ACTION, user=user, revision=page.live_revision)
    return record


_CHECKED_KEY = "alerts:boundaries-checked-at"


def alerts_boundaries_apply(*, now: dt.datetime) -> int:
    """Start a new content version if an alert started or ended since the last call; returns how many did.

    Pages read current alerts at each request, so nothing here is needed for
    them to appear and disappear on time; but whatever caches on the content
    version (safespace.content_cache, and a whole-page cache built on it)
    would keep serving an alert that ended without an edit. The periodic job
    ``alerts_boundaries`` calls this every minute; the first call looks back
    one day.
    """
    from django.core.cache import cache

    from safespace import content_cache

    since = cache.get(_CHECKED_KEY) or now - dt.timedelta(days=1)
    live = AlertPage.objects.live()
    crossed = live.filter(valid_from__gt=since, valid_from__lte=now).count() + live.filter(
        valid_until__gt=since, valid_until__lte=now,
    ).count()
    if crossed:
        content_cache.content_changed()
    cache.set(_CHECKED_KEY, now, None)
    return crossed
