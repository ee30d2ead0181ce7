"""/healthz: 200 when the database and the cache answer, 503 naming the part that failed."""

import pytest
from django.db import OperationalError
from django.test import override_settings

from safespace import health, queue



def checks(response):
    """The database and cache checks, which decide the status (the queue only reports)."""
    return {key: value for key, value in response.json().items() if key != "queue"}


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_cache_answer(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "cache": "ok",
        "queue": {"depth": 0, "scheduled": 0, "periodic": {name: None for name in queue.periodic_schedules()}},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_language_prefix_and_no_login(client):
    # No redirect to /ca/healthz, no login page.
    response = client.get("/healthz", follow=False)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_does_not_round_trip(client):
    # DummyCache accepts writes and returns nothing: as a dead cache would.
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert checks(response) == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_raises(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert checks(response) == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert checks(response) == {"database": "error", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
@pytest.mark.clock
def test_healthz_shows_the_queue_depth_and_when_each_periodic_job_last_ran(client, monkeypatch, time_machine):
    from safespace import tasks

    time_machine.move_to("2026-11-28T03:30:00+01:00", tick=False)
    monkeypatch.setattr(tasks, "retention_apply", lambda **kwargs: {})
    tasks.retention()
    # Two tasks waiting for a worker (immediate mode would run them at once).
    for _ in range(2):
        queue.HUEY.storage.enqueue(queue.HUEY.serialize_task(tasks.retention.s()))

    body = client.get("/healthz").json()
    assert body["queue"]["depth"] == 2
    assert body["queue"]["periodic"]["retention"] == {"at": "2026-11-28T02:30:00+00:00", "ok": True}
    assert body["queue"]["periodic"]["agenda_occurrences_finished"] is None


@pytest.mark.django_db
def test_healthz_stays_200_and_says_so_when_the_queue_does_not_answer(client, monkeypatch):
    def broken():
        raise ConnectionError("redis is down")

    monkeypatch.setattr(queue.HUEY, "pending_count", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["queue"] == "error"
