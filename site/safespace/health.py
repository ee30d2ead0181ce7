"""``GET /healthz``: is this app server able to serve?

For a load balancer, a process manager or an uptime check. It answers without
a language prefix, a login or an HTTPS redirect (``SECURE_REDIRECT_EXEMPT`` in
production), and costs one trivial query and one cache round trip.

200 ``{"database": "ok", "cache": "ok", "queue": {...}}`` when both answer;
503 with the part that failed set to ``"error"`` otherwise. Never a 500: any
exception from a check counts as that check failing (and is logged, without
request details).

``queue`` reports the task queue for whoever watches the workers: ``depth``
(tasks waiting), ``scheduled`` (retries and delayed tasks) and, under
``periodic``, when each periodic job last ran and whether it worked (None
if never). A queue that does not answer shows as ``"queue": "error"`` but
leaves the status at 200: this app server can still serve pages, and a load
balancer must not take it out because a worker is behind.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import queue

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        logger.exception("healthz: the database did not answer")
        return False


def cache_ok() -> bool:
    # A value of our own, so a cache that answers None (DummyCache, a dead
    # Redis with IGNORE_EXCEPTIONS) or a stale value cannot pass.
    # The key is unique too: app servers sharing one Redis must not read each
    # other's values.
    token = secrets.token_hex(8)
    key = f"healthz:{token}"
    try:
        cache.set(key, token, timeout=30)
        ok = cache.get(key) == token
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("healthz: the cache did not round-trip a value")
        return False


def queue_status() -> dict | str:
    try:
        return queue.status()
    except Exception:
        logger.exception("healthz: the task queue did not answer")
        return "error"


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": "ok" if database_ok() else "error",
        "cache": "ok" if cache_ok() else "error",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({**checks, "queue": queue_status()}, status=200 if healthy else 503)
