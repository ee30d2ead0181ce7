"""Site-wide writes: data rights and retention across every app and plugin."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
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


def page_slug_from_title(*, page, revision=None) -> bool:
    """Give a translated page a slug of its own, from its translated title.

    wagtail-localize offers the slug as one more segment to translate, and
    translators leave it as it is: the Spanish page then lives at
    ``/es/horari-de-nadal/``. While a translation's slug is still the one of
    another language's version, it is replaced with the slug of its own title
    (ASCII unless ``WAGTAIL_ALLOW_UNICODE_SLUGS``); a slug someone chose is
    left alone. ``revision``, the one just published, gets the same slug, so
    that the next edit keeps it. Returns whether the slug changed.
    """
    if page.alias_of_id or page.depth is None or page.depth <= 2:
        return False  # aliases follow their original; home pages are the sites' roots
    others = set(page.get_translations().values_list("slug", flat=True))
    if page.slug not in others:
        return False
    base = slugify(page.title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True))[:200]
    if not base or base == page.slug:
        return False
    page.slug = find_available_slug(page.get_parent(), base, ignore_page_id=page.pk)
    page.save(clean=False)
    if revision is not None and isinstance(revision.content, dict):
        revision.content["slug"] = page.slug
        revision.content["url_path"] = page.url_path
        revision.save(update_fields=["content"])
    return True
