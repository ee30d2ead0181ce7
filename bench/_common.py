"""What the benchmarks share: starting Django, and a real server on PostgreSQL.

The scripts are run as `.venv/bin/python bench/<name>.py`, so this folder is
on sys.path and they `import _common`. Nothing here runs on import.

- django_with_test_settings(): Django in this process on a throwaway SQLite
  database, with safespace.settings.test and a few overrides (agenda.py,
  screen_soak.py).
- production_django(), gunicorn(): Django in this process and gunicorn on a
  free port of 127.0.0.1, both with the production settings on a throwaway
  PostgreSQL database (enrollment.py, servicecounts.py); production_django_sqlite():
  the same on a SQLite file (enrollment_profile.py).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
HOST = "127.0.0.1"


def _project_on_path() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]


def django_with_test_settings(name: str, *, tmp_prefix: str, database: str = "",
                              **overrides) -> tempfile.TemporaryDirectory:
    """Set Django up with safespace.settings.test on a throwaway SQLite database
    (or on the SQLite file `database`, kept, when given).

    The settings are a module registered as `name`; each keyword replaces a
    setting. A callable is given the test settings' value of that setting
    and returns the one to use. Returns the temporary folder of the database:
    keep a reference to it for as long as the script runs.
    """
    _project_on_path()
    tmp = tempfile.TemporaryDirectory(prefix=tmp_prefix)
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(database).resolve() if database else tmp.name + '/bench.sqlite3'}"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    settings = types.ModuleType(name)
    exec("from safespace.settings.test import *", settings.__dict__)  # noqa: S102
    for setting, value in overrides.items():
        setattr(settings, setting, value(getattr(settings, setting)) if callable(value) else value)
    sys.modules[name] = settings
    os.environ["DJANGO_SETTINGS_MODULE"] = name

    import django

    django.setup()
    return tmp


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


@contextlib.contextmanager
def production_django(database: str, **env: str) -> Iterator[dict[str, str]]:
    """Django in this process with the production settings, on a new PostgreSQL database.

    Creates `database` (dropping one left over) and drops it at the end.
    Each keyword is one more environment variable for the settings. Yields
    the environment, for gunicorn().
    """
    env = _production_env(f"{PG}/{database}", **env)
    psql(f"DROP DATABASE IF EXISTS {database}")
    psql(f"CREATE DATABASE {database}")
    try:
        _production_setup(env)
        yield env
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {database}")


@contextlib.contextmanager
def production_django_sqlite(**env: str) -> Iterator[dict[str, str]]:
    """production_django() on a SQLite file in a temporary folder (for in-process profiles)."""
    with tempfile.TemporaryDirectory(prefix="safespace-bench-") as tmp:
        env = _production_env(f"sqlite:///{tmp}/bench.sqlite3", **env)
        _production_setup(env)
        try:
            yield env
        finally:
            from django.db import connections

            connections.close_all()


def _production_env(database_url: str, **env: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "safespace.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "ERROR",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="safespace-bench-static-"),
        **env,
    }


def _production_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    _project_on_path()
    import django

    django.setup()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int, preload: bool = False, threads: int = 4) -> Iterator[int]:
    """gunicorn serving safespace.wsgi with `env` on a free port of 127.0.0.1, `threads` threads a worker.

    Yields the port once it accepts connections; stops gunicorn at the end.
    """
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "safespace.wsgi", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--threads", str(threads), "--timeout", "120", "--log-level", "error",
         *(["--preload"] if preload else []),
         "--pythonpath", f"{ROOT},{ROOT / 'site'}"],
        env={**os.environ, **env}, cwd=ROOT,
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
