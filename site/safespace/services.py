"""Site-wide writes: data rights and retention across every app and plugin."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from plugins.api import codes
from plugins.api.registry import app_label_of

from .addresses import public_base

from . import signals


def participant_export(*, code: str) -> dict:
    """Everything any app holds for ``code``, keyed by app label."""
    code = codes.normalize(code)
    result = {"code": code, "data": {}}
    for receiver, data in signals.participant_export.send(sender=None, code=code):
        if data:
            result["data"][app_label_of(receiver) or receiver.__module__] = data
    return result


@transaction.atomic
def participant_erase(*, code: str) -> dict[str, int]:
    """Delete everything linked to ``code`` in every app, all or nothing."""
    code = codes.normalize(code)
    return {
        app_label_of(receiver) or receiver.__module__: int(count or 0)
        for receiver, count in signals.participant_erase.send(sender=None, code=code)
    }


def retention_apply(*, now: dt.datetime | None = None) -> dict[str, dict]:
    """Run every app's retention rules once."""
    now = now or timezone.now()
    return {
        app_label_of(receiver) or receiver.__module__: summary or {}
        for receiver, summary in signals.retention_apply.send(sender=None, now=now)
    }


def site_address_sync() -> None:
    """Keep the default Wagtail Site's hostname and port in step with SAFESPACE_PUBLIC_URL.

    Wagtail builds its own full URLs (``Page.get_full_url``, the admin's
    "view live" links) from the Site record; the rest of the site builds them
    from the setting (safespace/addresses.py). Saved, not updated, so the
    content version moves on.
    """
    parts = urlsplit(public_base())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (parts.hostname, port):
        return
    site.hostname, site.port = parts.hostname, port
    site.save()
