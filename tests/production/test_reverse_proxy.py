"""Behind a real nginx: each client is limited on its own, and a forged X-Forwarded-For changes nothing.

nginx (Debian's, started here with its own configuration, pid and logs in a
temporary folder) sits in front of the live server, as docs/PRODUCTION.md sets
it up, with SAFESPACE_PROXY_COUNT=1. The server sees every request come from
127.0.0.1; two clients are told apart by the loopback address they connect
from (127.0.0.2 and 127.0.0.3), which nginx appends to X-Forwarded-For.
"""

import http.client
import secrets
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.factories import PASSWORD

NGINX = Path("/usr/sbin/nginx")
ALICE, BOB = "127.0.0.2", "127.0.0.3"

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not NGINX.exists(), reason="Debian's nginx is not installed (CI installs it)"),
]

CONFIG = """
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            # The lines of docs/PRODUCTION.md.
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy(live_server, tmp_path, settings):
    settings.SAFESPACE_PROXY_COUNT = 1
    settings.AXES_ENABLED = True
    settings.SAFESPACE_PASSWORD_RESET_RATE = "2/h"
    port = free_port()
    config = tmp_path / "nginx.conf"
    config.write_text(CONFIG.format(tmp=tmp_path, port=port, upstream=urlsplit(live_server.url).port))
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            assert nginx.poll() is None, nginx.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen within 10 s"
                time.sleep(0.1)
        yield port
    finally:
        nginx.terminate()
        try:
            nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.kill()
            nginx.wait(timeout=10)


def post(port, client, path, data, headers=None) -> int:
    """POST through nginx from the client's own loopback address, with a CSRF cookie and token."""
    token = secrets.token_hex(16)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(client, 0))
    try:
        conn.request(
            "POST",
            path,
            body=urlencode({**data, "csrfmiddlewaretoken": token}),
            headers={
                "Host": "localhost",
                "Cookie": f"csrftoken={token}",
                "Content-Type": "application/x-www-form-urlencoded",
                **(headers or {}),
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def login(port, client, username, password="wrong", headers=None) -> int:
    return post(port, client, "/admin/login/", {"username": username, "password": password}, headers)


def test_two_clients_behind_the_proxy_are_limited_independently(proxy, user_factory):
    user = user_factory()
    assert [login(proxy, ALICE, user.username) for _ in range(5)] == [200, 200, 200, 200, 429]
    assert login(proxy, ALICE, user.username, PASSWORD) == 429
    assert login(proxy, BOB, user.username, PASSWORD) == 302

    resets = [post(proxy, ALICE, "/admin/password_reset/", {"email": f"x{n}@example.org"}) for n in range(3)]
    assert resets == [302, 302, 429]
    assert post(proxy, BOB, "/admin/password_reset/", {"email": "y@example.org"}) == 302


def test_a_forged_forwarded_header_is_ignored(proxy, user_factory):
    user = user_factory()
    # Each attempt claims another address: they all count against the one nginx saw.
    statuses = [login(proxy, ALICE, user.username, headers={"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # Posing as the other client does not get round the lock.
    assert login(proxy, ALICE, user.username, PASSWORD, headers={"X-Forwarded-For": BOB}) == 429
    assert login(proxy, BOB, user.username, PASSWORD) == 302
