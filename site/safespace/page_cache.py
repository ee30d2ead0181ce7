"""Whole responses for anonymous visitors, right at the next request after a change.

Why a middleware on the content version, and not wagtail-cache or Django's
cache middleware: both of those expire entries after a fixed time, so a
schedule change, a closure or a sign-up would show late (or the timeout would
have to be so short that the cache stops helping). The site already has a
version that every edit changes (content_cache.content_version(): a page
publish, a menu or a plugin switch; content_cache.pages_version(): the
schedule, a sign-up), so an entry written under one version is simply never
read under the next. What changes
without an edit (“happening now”, places left once a session starts, the
agenda's “today”, an alert that starts or ends) changes at moments the site
knows in advance: each entry carries the next such moment
(content_cache.next_change_at()) and is not served after it.

What is cached: a GET, outside the admin and the other EXCLUDED paths, from a
visitor who sends no cookie but the CSRF and language ones (so never staff,
whose session cookie is there, and never someone with a pending message),
answered 200 by a view that neither sets a cookie, nor puts a CSRF token in
the page (the sign-up form: that page stays out of the cache), nor says
``Cache-Control: private/no-store/no-cache``. The key is scheme, host, path,
query string and language.

Every such response gets an ETag (a hash of its body) and a Cache-Control, so
a calendar app or a screen that asks again with If-None-Match gets a 304,
answered from the cache without rendering the page.

It sits after the middlewares that choose the language and before the
security headers are added on the way out (SecurityMiddleware and
SecurityHeadersMiddleware are outside it), so a cached response carries the
same strict CSP as a fresh one.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from . import content_cache

EXCLUDED = ("/admin/", "/documents/", "/healthz", "/screen/", "/django-admin/")
ENTRY_PREFIX = "safespace:page:"
HEADER = "X-Cache"
DEFAULT_CACHE_CONTROL = {"public": True, "no_cache": True}


def _enabled() -> bool:
    return getattr(settings, "SAFESPACE_PAGE_CACHE", True)


def _max_seconds() -> int:
    return getattr(settings, "SAFESPACE_PAGE_CACHE_MAX_SECONDS", 24 * 3600)


def _allowed_cookies() -> set[str]:
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def cacheable_request(request) -> bool:
    if request.method != "GET" or not _enabled():
        return False
    if request.path.startswith(EXCLUDED) or "HTTP_AUTHORIZATION" in request.META:
        return False
    if len(request.META.get("QUERY_STRING", "")) > 1000:
        return False
    # Any other cookie (the session: staff; messages waiting to be shown) may change the page.
    return set(request.COOKIES) <= _allowed_cookies()


def _key(request) -> str:
    raw = "\n".join([request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", ""),
                     get_language() or ""])
    return ENTRY_PREFIX + hashlib.sha1(raw.encode()).hexdigest()


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The page holds a CSRF token (get_token() was called): it is this visitor's.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _etag(content: bytes) -> str:
    return '"%s"' % hashlib.md5(content, usedforsecurity=False).hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([content_cache.VERSION_KEY, content_cache.PAGES_VERSION_KEY, key])
        version = ":".join([found.get(content_cache.VERSION_KEY) or content_cache.content_version(),
                            found.get(content_cache.PAGES_VERSION_KEY) or content_cache.pages_version()])
        now = timezone.now()
        entry = found.get(key)
        if entry and entry["version"] == version and entry["expires"] > now.timestamp():
            return self._from_entry(request, entry)

        response = self.get_response(request)
        if not _storable(request, response):
            return response
        if "Cache-Control" not in response:
            patch_cache_control(response, **DEFAULT_CACHE_CONTROL)
        # Staff get other pages at the same address: a shared cache must not mix them up.
        patch_vary_headers(response, ("Cookie",))
        response["ETag"] = _etag(response.content)
        expires = min(filter(None, [content_cache.next_change_at(now), now + timezone.timedelta(seconds=_max_seconds())]))
        seconds = int((expires - now).total_seconds())
        if seconds > 0:
            cache.set(key, {
                "version": version,
                "expires": expires.timestamp(),
                "content": response.content,
                "headers": list(response.items()),
            }, seconds)
        response[HEADER] = "miss"
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def _from_entry(self, request, entry) -> HttpResponse:
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        response[HEADER] = "hit"
        return get_conditional_response(request, etag=response["ETag"], response=response)
