"""screen/kiosk/start-kiosk.sh: waits for /healthz, then starts Chromium in kiosk mode
with a lasting profile (the service worker's copy must survive a restart)."""

import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "screen" / "kiosk" / "start-kiosk.sh"


class Health(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def chromium(tmp_path):
    """A stand-in for Chromium that writes down its arguments."""
    args = tmp_path / "args"
    stub = tmp_path / "chromium"
    stub.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {args}\n')
    stub.chmod(0o755)
    return stub, args


def run(url, chromium, profile, timeout=20, **env):
    return subprocess.run(
        ["sh", str(SCRIPT), url], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "CHROMIUM": str(chromium), "SCREEN_PROFILE": str(profile), **env},
    )


def test_starts_kiosk_with_a_lasting_profile_once_the_server_answers(server, chromium, tmp_path):
    stub, args = chromium
    url = f"{server}/screen/abc/"
    result = run(url, stub, tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    flags = args.read_text().splitlines()
    assert flags[-1] == url
    assert "--kiosk" in flags and "--noerrdialogs" in flags
    assert f"--user-data-dir={tmp_path / 'profile'}" in flags
    assert "--incognito" not in flags  # it would forget the copy at every restart


def test_refuses_an_address_that_is_not_a_screen(chromium, tmp_path):
    stub, args = chromium
    result = run("https://example.org/ca/", stub, tmp_path / "profile")
    assert result.returncode == 2 and "usage" in result.stderr
    assert not args.exists()


def test_server_down_first_time_waits_later_shows_the_copy(chromium, tmp_path):
    stub, args = chromium
    down = "http://127.0.0.1:9/screen/abc/"  # discard port: nothing answers
    # Never run before: no copy to show, so it keeps waiting for the server.
    with pytest.raises(subprocess.TimeoutExpired):
        run(down, stub, tmp_path / "profile", timeout=3, SCREEN_WAIT="0")
    assert not args.exists()
    # Run before (the profile holds a service worker): it starts after SCREEN_WAIT.
    (tmp_path / "profile" / "Default" / "Service Worker").mkdir(parents=True)
    result = run(down, stub, tmp_path / "profile", SCREEN_WAIT="0")
    assert result.returncode == 0 and "last copy" in result.stderr
    assert args.read_text().splitlines()[-1] == down
