"""``GET /healthz``: is this app server able to serve?

For a load balancer, a process manager or an uptime check. It answers without
a language prefix, a login or an HTTPS redirect (``SECURE_REDIRECT_EXEMPT`` in
production), and costs one trivial query and one cache round trip.

200 ``{"database": "ok", "cache": "ok"}`` when both answer; 503 with the part
that failed set to ``"error"`` otherwise. Never a 500: any exception from a
check counts as that check failing (and is logged, without request details).
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": "ok" if database_ok() else "error",
        "cache": "ok" if cache_ok() else "error",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
