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

The whole-page cache for anonymous visitors (page_cache.py) uses the same
version; what changes without an edit ("happening now", places left once a
session starts, an alert that starts or ends) is reported to it in advance
through register_next_change().
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

VERSION_KEY = "safespace:content-version"
PAGES_VERSION_KEY = "safespace:pages-version"
MOMENTS_VERSION_KEY = "safespace:moments-version"
_MISSING = object()


def _timeout() -> int:
    return getattr(settings, "SAFESPACE_CONTENT_CACHE_SECONDS", 300)


# The versions this thread's request has read: each is one cache round trip
# (Redis in production), and a page reads them for every piece it keeps, so
# a request reads each once. Only between request_started and
# request_finished (the test client sends both too); outside a request
# (management commands, the task queue worker, a test calling a function)
# ``versions`` is None and every read goes to the cache, as before. Reading
# a version once, at first use, is as safe as reading it at each use: the
# rows a request reads are never older than the version it keeps them
# under (see _bump). A change made by another process during the request
# shows from the next request on.
_request = threading.local()


def _start_request(**kwargs) -> None:
    _request.versions = {}


def forget_versions(**kwargs) -> None:
    """The end of a request: the next reads ask the cache (tests call it with cache.clear())."""
    _request.versions = None


def _version(key: str) -> str:
    versions = getattr(_request, "versions", None)
    if versions is not None and key in versions:
        return versions[key]
    version = cache.get(key)
    if version is None:
        # A fresh random version (not a counter starting again at 1) so that
        # entries written under a version that was evicted are never read back.
        version = uuid.uuid4().hex
        if not cache.add(key, version, None):
            version = cache.get(key) or version
    if versions is not None:
        versions[key] = version
    return version


def _set_version(key: str) -> None:
    version = uuid.uuid4().hex
    cache.set(key, version, None)
    versions = getattr(_request, "versions", None)
    if versions is not None:
        versions[key] = version


def _bump(key: str) -> None:
    """A new version now, and again when the transaction commits.

    Now, so that the same request or test sees the change; at commit, so
    that a request which read the old rows while the transaction was open
    cannot leave them cached under the new version. The request's own
    memo of the versions (see _request) follows both.
    """
    _set_version(key)
    transaction.on_commit(lambda: _set_version(key))


def content_version() -> str:
    return _version(VERSION_KEY)


def pages_version() -> str:
    """The version of what only whole pages show: the schedule, places left.

    Kept apart from content_version() so that a sign-up or a cancelled
    session does not throw away the menus and settings every page reads.
    The whole-page cache (page_cache.py) reads both.
    """
    return _version(PAGES_VERSION_KEY)


def moments_version() -> str:
    """The version of what the registered providers read (register_next_change).

    Every pages_changed() gives a new one, except a change that cannot move
    any such moment (a sign-up changes places left, not when anything starts
    or ends): under 200 sign-ups at once, each would otherwise make the next
    page ask every provider again (next_change_at()).
    """
    return _version(MOMENTS_VERSION_KEY)


def pages_changed(*, moments: bool = True) -> None:
    """Whole pages must be rendered again (see _bump for when).

    ``moments=False``: the change cannot move the next moment any provider
    announces (see moments_version()).
    """
    _bump(PAGES_VERSION_KEY)
    if moments:
        _bump(MOMENTS_VERSION_KEY)


def content_changed() -> None:
    """Everything kept by cached(), and whole pages, must be built again (see _bump for when)."""
    _bump(VERSION_KEY)


def cached(name: str, *parts: Any, build: Callable[[], Any]) -> Any:
    """``build()``'s value, kept until the content changes; ``parts`` tell apart the variants."""
    raw = ":".join([name, *(str(part) for part in parts)])
    key = f"safespace:content:{content_version()}:{hashlib.sha1(raw.encode()).hexdigest()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, _timeout())
    return value


def cached_until_change(name: str, *parts: Any, build: Callable[[], Any], now: dt.datetime | None = None,
                        places: bool = True) -> Any:
    """``build()``'s value, for pieces of a page that change with the schedule or the clock.

    Kept until the content or the pages version changes (an edit, a schedule
    change, a sign-up) or the next moment a registered provider announced
    (next_change_at(): a session starts or ends, an alert starts or ends, a
    sign-up window opens), the same rule as the whole-page cache. ``parts``
    tell the variants apart: pass the site; the active language is added here.
    ``places=False`` for a piece that never shows places left: a sign-up
    then keeps it (only what moves the moments does: moments_version()).
    """
    now = now or timezone.now()
    upcoming = next_change_at(now)
    raw = ":".join([name, translation.get_language() or "", *(str(part) for part in parts)])
    stamp = int(upcoming.timestamp()) if upcoming else 0
    version = pages_version() if places else f"m{moments_version()}"
    key = f"safespace:live:{content_version()}:{version}:{stamp}:{hashlib.sha1(raw.encode()).hexdigest()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        seconds = min(_timeout(), int((upcoming - now).total_seconds())) if upcoming else _timeout()
        if seconds > 0:
            cache.set(key, value, seconds)
    return value


def _changed(sender, **kwargs):
    content_changed()


def invalidate_on(*models) -> None:
    """Start a new version whenever one of ``models`` is saved or deleted."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"content_cache:save:{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"content_cache:delete:{label}")


def _pages_changed(sender, **kwargs):
    pages_changed()


def _places_changed(sender, **kwargs):
    pages_changed(moments=False)


def invalidate_pages_on(*models, moments: bool = True) -> None:
    """Render whole pages again whenever one of ``models`` is saved or deleted.

    For rows that pages show but that the pieces kept by cached() do not
    read (the schedule, sign-ups): see pages_version(). ``moments=False``
    for rows that no provider given to register_next_change() reads (see
    moments_version()).
    """
    receiver = _pages_changed if moments else _places_changed
    for model in models:
        label = model._meta.label_lower
        post_save.connect(receiver, sender=model, dispatch_uid=f"content_cache:pages-save:{label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"content_cache:pages-delete:{label}")


def _page_saved_or_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


# What changes without an edit, at a moment known in advance.
_next_change_providers: list[Callable[[dt.datetime], dt.datetime | None]] = []
NEXT_CHANGE_KEY = "safespace:next-change"


def register_next_change(provider: Callable[[dt.datetime], dt.datetime | None]) -> None:
    """Tell the whole-page cache (safespace/page_cache.py) when public output changes by itself.

    ``provider(now)`` returns the first moment after ``now`` at which something
    it shows on a public page (or feed, or JSON) changes without anyone
    editing anything (a session starts or ends, an alert starts or ends, a
    sign-up window opens), or None if it knows of none. Cached pages are not
    served from that moment on. Anything that changes because of an edit
    instead calls pages_changed() or content_changed() (or saves a model
    given to invalidate_pages_on() or invalidate_on()). Register once, from an AppConfig.ready(); a plugin's
    provider is called whether or not the plugin is on for a site (an extra
    moment only costs one rendering).
    """
    if provider not in _next_change_providers:
        _next_change_providers.append(provider)


def next_change_at(now: dt.datetime) -> dt.datetime | None:
    """The earliest moment after ``now`` given by the registered providers.

    Kept in the cache under the content version until that moment passes,
    so the providers run about once per edit or boundary, not per page (nor
    per sign-up: see moments_version()).
    """
    key = f"{NEXT_CHANGE_KEY}:{content_version()}:{moments_version()}"
    stamp = cache.get(key)
    if stamp is not None and (stamp == 0 or stamp > now.timestamp()):
        return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc) if stamp else None
    from plugins.api import sites

    # The answer is kept for every space, so the providers answer for every space: inside a
    # request the site-scoped managers (an offer's sign-up window) would see one space only,
    # and another space's pages would then be kept past their own next moment.
    with sites.scope(None):
        moments = [moment for provider in _next_change_providers if (moment := provider(now)) and moment > now]
    first = min(moments, default=None)
    cache.set(key, first.timestamp() if first else 0, _timeout())
    return first


def connect() -> None:
    """Called once from SafespaceConfig.ready()."""
    request_started.connect(_start_request, dispatch_uid="content_cache:request-started")
    request_finished.connect(forget_versions, dispatch_uid="content_cache:request-finished")
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, PageViewRestriction, Site
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from .models import Footer, MainMenu, SiteSettings

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(_changed, dispatch_uid=f"content_cache:{id(signal)}")
    post_delete.connect(_page_saved_or_deleted, dispatch_uid="content_cache:page-delete")
    # Also drafts and tree changes made without a publish (a bit more often than needed, never late).
    post_save.connect(_page_saved_or_deleted, dispatch_uid="content_cache:page-save")
    invalidate_on(Site, Locale, SiteSettings, MainMenu, Footer)
    # A page made private is saved as a restriction, not as the page; images (a
    # new file or focal point gives new renditions) and documents (their address
    # holds the file name) show in kept rich text and pages without a page save.
    invalidate_on(PageViewRestriction, get_image_model(), get_document_model())
