"""Start the site the production way and exercise it over HTTP.

gunicorn with safespace.settings.production, a fresh PostgreSQL database on
127.0.0.1 (whichever database the rest of the suite uses), Redis as the
cache, collectstatic into a temporary STATIC_ROOT, the site's own demo
content. One start of gunicorn for all the checks; every wait is bounded.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}
REDIS_DB = 11
# One gunicorn for the module, on a Redis database the module empties: one test process
# runs it all (pytest-xdist's group), and the fixture lives for that process's session,
# since the process may run other tests between these.
pytestmark = pytest.mark.xdist_group("smoke")
HOST = "localhost"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    def __init__(self, port):
        self.port = port

    def get(self, path, *, https=True, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = {"Host": HOST, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
            conn.request("GET", path, headers=sent)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    name = f"safespace_smoke_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(**PG, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    cache = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    for pattern in ("safespace:*", "huey.*safespace*"):  # the cache's keys and the task queue's
        for key in cache.scan_iter(pattern):
            cache.delete(key)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "REDIS_URL")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "safespace.settings.production",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
            "LOG_LEVEL": "INFO",
        }
    )
    log = tmp / "gunicorn.out"
    gunicorn = None
    try:
        for args in (
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput"],
            ["shell", "-c", "from safespace.demo import load_demo; load_demo()"],
        ):
            done = subprocess.run(
                [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0, f"manage.py {args[0]}: {done.stdout}{done.stderr}"

        port = free_port()
        with open(log, "wb") as out, open(tmp / "gunicorn.err", "wb") as err:
            gunicorn = subprocess.Popen(
                [str(GUNICORN), "safespace.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
                cwd=ROOT, env=env, stdout=out, stderr=err, start_new_session=True,
            )
        result = Site(port)
        deadline = time.monotonic() + 60
        while True:
            assert gunicorn.poll() is None, (tmp / "gunicorn.err").read_text()
            try:
                if result.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 60 s"
            time.sleep(0.3)
        result.redis = cache
        result.env = env
        result.log = log
        result.gunicorn = gunicorn
        yield result
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait(timeout=10)
        with psycopg.connect(**PG, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for pattern in ("safespace:*", "huey.*safespace*"):
            for key in cache.scan_iter(pattern):
                cache.delete(key)


def test_healthz_answers_over_plain_http_with_redis_as_the_cache(site):
    status, headers, body = site.get("/healthz", https=False)
    assert status == 200, body
    body = json.loads(body)
    assert {key: body[key] for key in ("database", "cache")} == {"database": "ok", "cache": "ok"}
    assert body["queue"]["depth"] == 0 and "retention" in body["queue"]["periodic"]
    # Everything else is sent to HTTPS.
    status, headers, _ = site.get("/ca/", https=False)
    assert status == 301 and headers["location"].startswith("https://")


def test_a_public_page_renders_with_security_headers_and_uses_redis(site):
    status, headers, body = site.get("/ca/")
    assert status == 200
    assert b"Espai Lila" in body
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    # Wagtail cached the site's root paths, and they are in Redis.
    assert any(b"wagtail_site_root_paths" in key for key in site.redis.scan_iter("safespace:*"))


def test_static_files_are_hashed_compressed_and_cached_for_long(site):
    _, _, body = site.get("/ca/")
    match = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert match, "the stylesheet's name is not hashed"
    status, headers, css = site.get(match.group(1).decode(), headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("content-encoding") == "gzip"
    assert "max-age=315360000" in headers["cache-control"] and "immutable" in headers["cache-control"]


def test_the_admin_login_page_renders(site):
    status, headers, body = site.get("/admin/login/")
    assert status == 200
    assert b'name="password"' in body and b"csrfmiddlewaretoken" in body
    assert "'unsafe-inline'" in headers["content-security-policy"]  # the admin's own policy


def test_logs_are_json_lines_without_query_strings(site):
    status, _, _ = site.get("/ca/no-such-page/?code=lluna-mar-12")
    assert status == 404
    deadline = time.monotonic() + 10
    while True:
        lines = [line for line in site.log.read_text().splitlines() if line.strip()]
        entries = [json.loads(line) for line in lines]  # every line of stdout is JSON
        found = [e for e in entries if e["logger"] == "django.request" and e.get("status") == 404]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert found, lines
    assert found[-1]["path"] == "/ca/no-such-page/"
    assert {"time", "level", "message"} <= set(found[-1])
    assert "lluna-mar-12" not in site.log.read_text()


def test_a_worker_runs_what_an_app_server_enqueued_on_the_shared_redis_queue(site):
    """REDIS_URL makes Redis the task queue too: a job enqueued by one process waits
    there (/healthz shows it), and a worker started elsewhere runs it."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from agenda.tasks import occurrences_finished; occurrences_finished()"],
        cwd=ROOT, env=site.env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    queue = json.loads(site.get("/healthz")[2])["queue"]
    assert queue["depth"] == 1 and queue["periodic"]["agenda_occurrences_finished"] is None

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1", "--no-periodic"],
        cwd=ROOT, env=site.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and worker.poll() is None:
            queue = json.loads(site.get("/healthz")[2])["queue"]
            if queue["periodic"]["agenda_occurrences_finished"] is not None:
                break
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGINT)  # finishes what it holds, then stops
        output = worker.communicate(timeout=30)[0].decode()
    assert queue["depth"] == 0, output
    assert queue["periodic"]["agenda_occurrences_finished"]["ok"] is True, output
