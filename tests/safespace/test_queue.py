"""safespace/queue.py and the host's periodic jobs: schedules in local time,
retries, last runs, and a real worker (``manage.py run_huey``) end to end."""

import datetime as dt
import os
import subprocess
import sys
import time
from unittest.mock import ANY
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from huey.storage import SqliteStorage

from safespace import queue, tasks

MADRID = ZoneInfo("Europe/Madrid")
ROOT = Path(__file__).resolve().parents[2]



def utc_minutes_of_local_day(day: dt.date):
    """Every minute of one local day in Madrid, as huey hands them over: naive UTC."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=MADRID).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=MADRID).astimezone(dt.UTC)
    moment = start
    while moment < end:
        yield moment.replace(tzinfo=None)
        moment += dt.timedelta(minutes=1)


def test_every_periodic_job_is_registered_with_huey():
    schedules = queue.periodic_schedules()
    assert {"retention", "agenda_occurrences_finished", "enrollment_reminders"} <= set(schedules)
    # The worker's scheduler asks huey which periodic tasks are due; ours are among them.
    at_03_30_local = dt.datetime(2026, 11, 28, 2, 30)  # naive UTC, 03:30 in Madrid (CET)
    due = {task.name for task in queue.HUEY.read_periodic(at_03_30_local)}
    assert {"retention", "agenda_occurrences_finished", "enrollment_reminders"} <= due


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 11, 28), dt.date(2027, 3, 28), dt.date(2026, 10, 25)],
    ids=["ordinary-day", "spring-forward", "fall-back"],
)
def test_retention_runs_once_a_night_at_03_30_local_time_across_clock_changes(day):
    retention = queue.periodic_schedules()["retention"]
    due = [moment for moment in utc_minutes_of_local_day(day) if retention(moment)]
    assert len(due) == 1
    local = due[0].replace(tzinfo=dt.UTC).astimezone(MADRID)
    assert (local.date(), local.hour, local.minute) == (day, 3, 30)


def test_finished_sessions_every_five_minutes_and_reminders_every_quarter_hour():
    schedules = queue.periodic_schedules()
    day = list(utc_minutes_of_local_day(dt.date(2026, 11, 28)))
    assert sum(map(schedules["agenda_occurrences_finished"], day)) == 24 * 12
    assert sum(map(schedules["enrollment_reminders"], day)) == 24 * 4


def test_periodic_jobs_are_retried_with_backoff():
    for name in queue.periodic_schedules():
        task = next(t for t in queue.HUEY.read_periodic(dt.datetime(2026, 11, 28, 2, 30)) if t.name == name)
        assert (task.retries, task.retry_delay, task.retry_backoff) == (3, 60, 2), name


def test_a_failed_try_is_retried_later_with_a_longer_delay(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(tasks, "retention_apply", broken)
    tasks.retention()
    # Immediate mode puts the retry on the schedule, a minute on; the next would wait two.
    assert queue.HUEY.scheduled_count() == 1
    (retry,) = queue.HUEY.scheduled()
    assert (retry.name, retry.retries, retry.retry_delay) == ("retention", 2, 120)


@pytest.mark.django_db
@pytest.mark.clock
@time_machine.travel(dt.datetime(2026, 11, 28, 3, 30, 5, tzinfo=MADRID), tick=False)
def test_the_retention_job_calls_the_service_and_records_its_run(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "retention_apply", lambda **kwargs: calls.append(kwargs) or {"enrollment": {}})
    assert queue.last_runs()["retention"] is None

    tasks.retention()  # immediate mode: runs now (huey keeps no result of a periodic job)

    assert calls == [{}]
    assert queue.last_runs()["retention"] == {"at": "2026-11-28T02:30:05+00:00", "ok": True}


@pytest.mark.django_db
def test_a_failed_run_is_recorded_as_such(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(tasks, "retention_apply", broken)
    tasks.retention()
    assert queue.last_runs()["retention"]["ok"] is False


def database_url() -> str:
    """The test database, for a process started by the test."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_process_runs_a_queued_job_end_to_end(tmp_path, monkeypatch):
    """``manage.py run_huey`` on a SQLite queue file picks up a job this process enqueued."""
    queue_file = tmp_path / "queue.sqlite3"
    monkeypatch.setattr(queue.HUEY, "storage", SqliteStorage("safespace", filename=str(queue_file)))
    monkeypatch.setattr(queue.HUEY, "_immediate", False)
    tasks.retention()
    assert queue.HUEY.pending_count() == 1

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safespace.settings.test",
        "SAFESPACE_QUEUE_IMMEDIATE": "0",
        "SAFESPACE_QUEUE_FILE": str(queue_file),
        "SAFESPACE_QUEUE_URL": "",
        "REDIS_URL": "",
        "DATABASE_URL": database_url(),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1", "--no-periodic"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while queue.last_runs()["retention"] is None and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert queue.last_runs()["retention"] == {"at": ANY, "ok": True}, output
    assert queue.HUEY.pending_count() == 0
    assert settings.HUEY["immediate"] is True  # the other tests still run inline


def test_the_web_process_discovers_every_apps_jobs_at_startup():
    """SafespaceConfig.ready() imports each app's tasks module (so /healthz lists them);
    it runs only if Django picks SafespaceConfig for the app (safespace/apps.py holds two)."""
    from django.apps import apps

    from safespace.apps import SafespaceConfig

    assert isinstance(apps.get_app_config("safespace"), SafespaceConfig)
    assert {"agenda.tasks", "plugins.enrollment.tasks", "safespace.tasks"} <= set(sys.modules)
