"""Site-wide writes: data rights and retention across every app and plugin."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from plugins.signals import app_label_of

from . import signals


def code_normalize(raw: str) -> str:
    """Participant codes are compared without case, spaces or surrounding hyphens."""
    return re.sub(r"\s+", "-", (raw or "").strip().lower()).strip("-")


def participant_export(*, code: str) -> dict:
    """Everything any app holds for ``code``, keyed by app label."""
    code = code_normalize(code)
    result = {"code": code, "data": {}}
    for receiver, data in signals.participant_export.send(sender=None, code=code):
        if data:
            result["data"][app_label_of(receiver) or receiver.__module__] = data
    return result


@transaction.atomic
def participant_erase(*, code: str) -> dict[str, int]:
    """Delete everything linked to ``code`` in every app, all or nothing."""
    code = code_normalize(code)
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
