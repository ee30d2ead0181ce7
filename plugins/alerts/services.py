"""Writes of the alerts plugin."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.log_actions import log

from .models import AlertPage, EmergencyPublication, PushSent, PushSubscription

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


# --- Web Push -------------------------------------------------------------------

PUSH_BATCH = 500


def push_subscription_save(*, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's subscription (the same endpoint again updates its keys), for the scope's space."""
    from plugins.api.sites import default_site_id

    # Endpoints are unique over the install (a browser's is per origin, so per space): look in every space.
    subscription, _ = PushSubscription.objects.unscoped().update_or_create(
        endpoint=endpoint, defaults={"p256dh": p256dh, "auth": auth, "site_id": default_site_id()},
    )
    return subscription


def push_subscription_delete(*, endpoint: str) -> int:
    deleted, _ = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return deleted


def push_payload(*, page: AlertPage) -> dict:
    """What the phone shows: the alert's title and advice in each language it has, and its address."""
    from django.conf import settings

    from safespace.addresses import page_full_url

    versions = {p.locale.language_code: p for p in AlertPage.objects.live().filter(translation_key=page.translation_key).select_related("locale")}
    source = versions.get(settings.LANGUAGE_CODE) or page
    return {
        "id": str(page.translation_key),
        "severity": source.severity,
        "title": {code: p.title for code, p in versions.items()},
        "body": {code: p.advice[:300] for code, p in versions.items()},
        "url": {code: page_full_url(p) for code, p in versions.items()},
        "default": source.locale.language_code,
    }


def alert_push_fanout(*, page: AlertPage) -> int:
    """Announce ``page``'s alert to every subscription, once per alert: a task per batch on the queue.

    Returns the number of batches queued (0 if push is off, or it was announced already).
    """
    from django.db import IntegrityError, transaction

    from . import push, tasks

    if not push.enabled():
        return 0
    try:
        with transaction.atomic():
            PushSent.objects.create(translation_key=page.translation_key)
    except IntegrityError:
        return 0
    payload = push_payload(page=page)
    # The browsers that subscribed on the alert's own space, whichever scope publishes it.
    ids = list(PushSubscription.objects.for_site(page.get_site()).order_by("pk").values_list("pk", flat=True))
    batches = [ids[i:i + PUSH_BATCH] for i in range(0, len(ids), PUSH_BATCH)]
    for batch in batches:
        tasks.push_batch(payload, batch)
    return len(batches)


PUSH_LATE = dt.timedelta(days=1)


def alerts_push_started(*, now: dt.datetime, sites) -> int:
    """Push every alert that has started on one of ``sites`` and was not announced yet; returns how many.

    An alert approved while current is pushed at publication (signals._announce);
    one approved with a start in the future is pushed here, by the periodic job
    ``alerts_boundaries``, at its first run after the start. It looks at every
    live alert current at ``now`` (not at what changed since the last run), so
    a worker that was down at the start pushes it when it is back; an alert is
    pushed only while it is current, and only if it started less than
    ``PUSH_LATE`` ago (an alert that has been showing for days is not news,
    e.g. the first run after push was switched on). ``PushSent`` (one row per
    alert, all its translations) makes sure nothing is pushed twice, whichever
    of the two paths comes first.
    """
    from django.conf import settings

    from . import push

    if not push.enabled():
        return 0
    site_ids = {site.pk for site in sites}
    pushed = set(PushSent.objects.values_list("translation_key", flat=True))
    started = (AlertPage.objects.live().filter(valid_from__lte=now, valid_until__gt=now, valid_from__gt=now - PUSH_LATE)
               .exclude(translation_key__in=pushed).select_related("locale").order_by("valid_from", "pk"))
    by_key: dict = {}
    for page in started:  # one page per alert, its default language's if it has one
        if page.locale.language_code == settings.LANGUAGE_CODE or page.translation_key not in by_key:
            by_key[page.translation_key] = page
    count = 0
    for page in by_key.values():
        site = page.get_site()
        if site is not None and site.pk in site_ids and alert_push_fanout(page=page):
            count += 1
    return count


def push_batch_send(*, payload: dict, subscription_ids: list[int]) -> dict:
    """Send ``payload`` to these subscriptions; forget those the push service says are gone (404/410)."""
    import requests

    from . import push

    sent = gone = failed = 0
    with requests.Session() as session:
        for subscription in PushSubscription.objects.unscoped().filter(pk__in=subscription_ids).order_by("pk"):
            try:
                status = push.send(subscription, payload, session=session)
            except Exception:  # one unreachable push service must not stop the batch
                failed += 1
                continue
            if status in push.GONE:
                subscription.delete()
                gone += 1
            elif 200 <= status < 300:
                sent += 1
            else:
                failed += 1
    return {"sent": sent, "gone": gone, "failed": failed}
