"""Web Push: VAPID keys from the environment, one encrypted message per subscription.

Settings (from the environment in production, see docs/PRODUCTION.md):
``ALERTS_VAPID_PRIVATE_KEY`` (base64url of the raw P-256 private key, as
``manage.py alerts_vapid_keys`` prints), ``ALERTS_VAPID_PUBLIC_KEY`` (what
the browser needs to subscribe) and ``ALERTS_VAPID_SUBJECT`` (a ``mailto:``
or ``https:`` address push services can reach the space at).
Without keys, push is off: the alerts page offers no subscription.

Tested: sending and encryption against a local push-service stand-in
(tests/plugins/alerts/test_push.py); the browser's side, push.js and the
service worker, in Chromium (tests/browser/test_alerts_push.py, whose
docstring says which part is real and which is replaced: a real subscription
needs Google's push service, which the test machine cannot reach).
"""

from __future__ import annotations

import base64
import json
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

GONE = {404, 410}


def _setting(name: str, default: str = "") -> str:
    return getattr(settings, name, None) or os.environ.get(name, default)


def vapid_private_key() -> str:
    return _setting("ALERTS_VAPID_PRIVATE_KEY")


def vapid_public_key() -> str:
    return _setting("ALERTS_VAPID_PUBLIC_KEY")


def vapid_subject() -> str:
    return _setting("ALERTS_VAPID_SUBJECT", "mailto:alerts@localhost")


def enabled() -> bool:
    return bool(vapid_private_key() and vapid_public_key())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def vapid_keys_new() -> tuple[str, str]:
    """A new VAPID key pair as (private, public), base64url, as browsers and pywebpush take them."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return _b64(private), _b64(public)


def send(subscription, payload: dict, *, timeout: float = 10, session=None) -> int:
    """Encrypt ``payload`` (aes128gcm, RFC 8291) for ``subscription`` and post it; returns the HTTP status.

    A status in ``GONE`` means the subscription no longer exists.
    """
    from pywebpush import WebPushException, webpush

    try:
        response = webpush(
            subscription_info={"endpoint": subscription.endpoint,
                               "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
            data=json.dumps(payload, ensure_ascii=False),
            vapid_private_key=vapid_private_key(),
            vapid_claims={"sub": vapid_subject()},
            content_encoding="aes128gcm",
            ttl=24 * 3600,
            timeout=timeout,
            requests_session=session,
        )
    except WebPushException as error:
        if error.response is not None:
            return error.response.status_code
        raise
    return response.status_code
