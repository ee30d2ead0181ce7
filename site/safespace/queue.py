"""The task queue: background work and periodic jobs, on huey.

Why huey: see README, "Background work". The queue is configured by
``settings.HUEY`` (SQLite under var/ by default, Redis with
``SAFESPACE_QUEUE_URL`` or ``REDIS_URL``; inline in the tests), and
``manage.py run_huey`` is the worker (``make run`` starts one).

Every installed app may have a ``tasks`` module; the worker and the web
process both import them (``tasks_autodiscover``), so that the web process
can enqueue and ``/healthz`` can list the periodic jobs. The host's jobs
use ``periodic`` below; plugins use ``plugins.api.tasks.plugin_periodic``,
which runs them only when the plugin is on for some site.

Schedules are read in the space's local time (``local_crontab``), and each
periodic job's last run is kept in the queue's own storage, where every app
server and worker sees it (``last_runs``), not in a per-process cache.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR

logger = logging.getLogger(__name__)

__all__ = ["HUEY", "RETRY", "db_task", "local_crontab", "periodic", "last_runs", "periodic_schedules", "status"]

# A periodic job that fails is tried again three times, after 1, 2 and 4 minutes
# (huey's retry_delay, multiplied by retry_backoff after each try).
RETRY = {"retries": 3, "retry_delay": 60, "retry_backoff": 2}

_LAST_RUN_KEY = "safespace:last-run:{}"


def local_crontab(**fields):
    """huey's ``crontab`` read in the space's time zone (``TIME_ZONE``).

    huey hands periodic tasks the current time as naive UTC (``utc=True``);
    ``crontab(hour=3)`` alone would mean 03:00 UTC, which moves by an hour
    against the local clock twice a year. Pick a local hour that exists once
    on every day (not 02:xx in Europe/Madrid, which the spring change skips
    and the autumn one repeats).
    """
    matches = crontab(**fields)

    def validate(timestamp: dt.datetime) -> bool:
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=dt.timezone.utc)
        local = timestamp.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
        return matches(local)

    validate.fields = fields
    return validate


# name -> schedule of every job registered through ``periodic`` (plugins' too).
_SCHEDULES: dict[str, object] = {}


def periodic(schedule, *, name: str, **options):
    """Register a periodic job: ``schedule`` from ``local_crontab``, retried
    as ``RETRY`` says unless ``options`` say otherwise, its last run recorded."""

    def decorator(fn):
        _SCHEDULES[name] = schedule
        return db_periodic_task(schedule, name=name, **{**RETRY, **options})(fn)

    return decorator


@HUEY.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)
def _record_run(signal, task, exc=None):
    """Remember when each periodic job last finished, and whether it worked."""
    if not isinstance(task, PeriodicTask):
        return
    try:
        HUEY.put(_LAST_RUN_KEY.format(task.name), {"at": timezone.now().isoformat(), "ok": signal == SIGNAL_COMPLETE})
    except Exception:  # a lost record must not fail the job
        logger.exception("queue: could not record the run of %s", task.name)


def periodic_schedules() -> dict[str, object]:
    """Every periodic job registered through ``periodic``, by name, with its schedule."""
    return dict(sorted(_SCHEDULES.items()))


def last_runs() -> dict[str, dict | None]:
    """When each periodic job last finished (ISO time in UTC) and whether it worked; None if never."""
    return {name: HUEY.get(_LAST_RUN_KEY.format(name), peek=True) for name in sorted(_SCHEDULES)}


def status() -> dict:
    """For /healthz: how many tasks wait, how many are scheduled for later, and the last runs."""
    return {
        "depth": HUEY.pending_count(),
        "scheduled": HUEY.scheduled_count(),
        "periodic": last_runs(),
    }


def tasks_autodiscover() -> None:
    """Import every installed app's ``tasks`` module (as ``run_huey`` does)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
