"""A cache for what every public page reads and editors rarely change.

Every page shows the site's settings, menu, footer and language links, and
the agenda reads its categories, rooms and closures on every request: about
eight queries that return the same rows until an editor changes something.
They are kept in Django's default cache under a *content version*. Saving or
deleting any of the models they come from, and publishing, unpublishing,
moving or deleting a page, gives a new version, so the next request builds
them again from the database: an edit shows on the very next page.

The version lives in the cache too. With a shared cache (Redis, `REDIS_URL`,
as docs/PRODUCTION.md asks for several workers) every worker sees a new
version at once. With a per-process cache each worker keeps its own copy for
at most `SAFESPACE_CONTENT_CACHE_SECONDS`.

Why not Wagtail's frontend cache or a whole-page cache: pages also show what
changes without an edit (places left, "happening now"), and staff see the
same pages; these pieces are the same for everyone.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "safespace:content-version"
_MISSING = object()


def _timeout() -> int:
    return getattr(settings, "SAFESPACE_CONTENT_CACHE_SECONDS", 300)


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh random version (not a counter starting again at 1) so that
        # entries written under a version that was evicted are never read back.
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def content_changed() -> None:
    """Start a new version now, and again when the transaction commits.

    Now, so that the same request or test sees the change; at commit, so
    that a request which read the old rows while the transaction was open
    cannot leave them cached under the new version.
    """
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def cached(name: str, *parts: Any, build: Callable[[], Any]) -> Any:
    """``build()``'s value, kept until the content changes; ``parts`` tell apart the variants."""
    raw = ":".join([name, *(str(part) for part in parts)])
    key = f"safespace:content:{content_version()}:{hashlib.sha1(raw.encode()).hexdigest()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, _timeout())
    return value


def _changed(sender, **kwargs):
    content_changed()


def invalidate_on(*models) -> None:
    """Start a new version whenever one of ``models`` is saved or deleted."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"content_cache:save:{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"content_cache:delete:{label}")


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


def connect() -> None:
    """Called once from SafespaceConfig.ready()."""
    from wagtail.models import Locale, Site
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from .models import Footer, MainMenu, SiteSettings

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(_changed, dispatch_uid=f"content_cache:{id(signal)}")
    post_delete.connect(_page_deleted, dispatch_uid="content_cache:page-delete")
    invalidate_on(Site, Locale, SiteSettings, MainMenu, Footer)
