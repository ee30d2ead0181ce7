"""A local stand-in for a Web Push service (Mozilla's, Google's, Apple's), for tests and bench/alerts.py.

It answers ``POST /push/<name>`` with 201 and decrypts each message (RFC 8291,
aes128gcm) with the private keys of the subscription it made for ``<name>``,
as the phone would; ``/push/gone-*`` answers 410, as a push service does for a
subscription that no longer exists.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class PushService:
    def __init__(self):
        self.keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes]] = {}
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.lock = threading.Lock()
        self.delivered = threading.Event()
        self.expected = 0
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                name = self.path.rsplit("/", 1)[-1]
                if name.startswith("gone-"):
                    self.send_response(410)
                    self.end_headers()
                    return
                private, auth = service.keys[name]
                message = json.loads(http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm"))
                with service.lock:
                    service.received.append(message)
                    service.headers.append({k.lower(): v for k, v in self.headers.items()})
                    if len(service.received) >= service.expected > 0:
                        service.delivered.set()
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def subscription(self, name: str | None = None) -> dict:
        """A browser's subscription to this service, as ``PushSubscription.toJSON()`` gives it."""
        name = name or _b64(os.urandom(9))
        private = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        self.keys[name] = (private, auth)
        public = private.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": f"{self.url}/push/{name}", "keys": {"p256dh": _b64(public), "auth": _b64(auth)}}
