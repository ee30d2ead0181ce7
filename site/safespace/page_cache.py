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
answered from the cache without rendering the page. A 304 carries what
Django's get_conditional_response() keeps of the page (Cache-Control, ETag,
Vary...) and its Content-Language; no Content-Length (the CommonMiddleware
used to add "0" to it, which RFC 9110 forbids for a 304).

Where it sits (settings MIDDLEWARE): inside SecurityMiddleware and
SecurityHeadersMiddleware, so a stored page gets the same strict CSP, HSTS
and other security headers as a fresh one, and the HTTPS redirect comes
first; before the session, locale, request-guard, common and CSRF
middlewares, so a hit runs none of them: a hit is the security headers,
this middleware and one round trip to the cache (both versions and the
entry in one MGET). What those middlewares would do, it does or leaves to them:

- the language: chosen with LocaleMiddleware's own calls (request_language():
  the /ca/ /es/ /en/ prefix; on an address without one, such as the feeds and
  the JSON, the django_language cookie, then Accept-Language), and a page is
  kept only if it was made in that language;
- what they add to a page (Content-Language, Content-Length, Vary:
  Accept-Language on addresses without a prefix, X-Frame-Options) is in the
  stored entry, since the entry is taken from the response of the whole stack
  below; a cookie any of them sets keeps the page out;
- whatever they would answer otherwise is left to them (cacheable_host()
  returns None and the request goes down the stack as if there were no
  cache): a host not in ALLOWED_HOSTS (CommonMiddleware's 400), a NUL
  character anywhere (the request guard's 400), a user agent in
  DISALLOWED_USER_AGENTS (a 403), a malformed CSRF cookie (the CSRF
  middleware sends a new one). A slash to add is a redirect, never stored.

tests/safespace/test_page_cache_stack.py checks a hit against the answer of
the whole stack, header by header, and each of these cases.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.csrf import InvalidTokenFormat, _check_token_format
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django_redis.cache import RedisCache
from django_redis.client import DefaultClient
from redis.exceptions import RedisError

from . import content_cache
from .middleware import has_nul

EXCLUDED = ("/admin/", "/documents/", "/healthz", "/screen/", "/django-admin/")
# "page2": entries hold the headers of the whole stack inside this middleware (the
# "page:" ones, written when it sat after the CSRF middleware, lack Content-Language).
ENTRY_PREFIX = "safespace:page2:"
HEADER = "X-Cache"
DEFAULT_CACHE_CONTROL = {"public": True, "no_cache": True}
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


def _enabled() -> bool:
    return getattr(settings, "SAFESPACE_PAGE_CACHE", True)


def _max_seconds() -> int:
    return getattr(settings, "SAFESPACE_PAGE_CACHE_MAX_SECONDS", 24 * 3600)


def cacheable_host(request) -> str | None:
    """The request's host if the cache may answer it or keep its page, else None.

    None for anything the middlewares after this one would answer otherwise
    than with the page itself, so that they do (a 400, a new CSRF cookie...).
    """
    if request.method != "GET" or not _enabled():
        return None
    if request.path.startswith(EXCLUDED) or "HTTP_AUTHORIZATION" in request.META:
        return None
    if len(request.META.get("QUERY_STRING", "")) > 1000:
        return None
    # Any other cookie (the session: staff; messages waiting to be shown) may change the page.
    cookies = request.COOKIES
    if cookies and not cookies.keys() <= {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}:
        return None
    # A malformed CSRF cookie: CsrfViewMiddleware sends a new one with the page.
    token = cookies.get(settings.CSRF_COOKIE_NAME)
    if token is not None:
        try:
            _check_token_format(token)
        except InvalidTokenFormat:
            return None
    # CommonMiddleware refuses these user agents (a 403); the request guard, NUL characters (a 400).
    agent = request.META.get("HTTP_USER_AGENT")
    if agent is not None and any(regex.search(agent) for regex in settings.DISALLOWED_USER_AGENTS):
        return None
    if has_nul(request):
        return None
    try:
        return request.get_host()
    except DisallowedHost:  # not for this install: the 400 comes from the middlewares after
        return None


def request_language(request) -> str:
    """The language LocaleMiddleware activates for this request, chosen with the same calls.

    The path's prefix (/ca/, /es/); on an address without one (the feeds, the
    JSON), the django_language cookie, then Accept-Language, then LANGUAGE_CODE.
    """
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=i18n_patterns_used)
    if (i18n_patterns_used and not prefixed_default_language
            and not translation.get_language_from_path(request.path_info)):
        language = settings.LANGUAGE_CODE
    return language


def _key(request, host: str, language: str) -> str:
    raw = "\n".join([request.scheme, host, request.path, request.META.get("QUERY_STRING", ""), language])
    return ENTRY_PREFIX + hashlib.sha1(raw.encode()).hexdigest()


def _storable(request, response, language: str) -> bool:
    # Any cookie: the CSRF middleware's, the session's, a message's.
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The page holds a CSRF token (get_token() was called): it is this visitor's.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    # The key's language must be the one the page was made in.
    if translation.get_language() != language:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _read(keys: list[str]) -> list:
    """The cached values of ``keys`` (None where missing), in one round trip.

    With django-redis, one MGET on a connection of its pool (_read_redis());
    should that fail, the cache's own get_many, with redis-py's retries.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]  # `cache` is a proxy to it
    if isinstance(backend, RedisCache) and isinstance(backend.client, DefaultClient):
        try:
            return _read_redis(backend, keys)
        except (RedisError, OSError):
            pass
    found = cache.get_many(keys)
    return [found.get(key) for key in keys]


def _read_redis(backend, keys: list[str]) -> list:
    """MGET straight on a pooled connection, decoded as django-redis does.

    django-redis's get_many (a key object per key, a dict) and redis-py's
    command layers around each call (retries, metrics, events) cost more CPU
    than the round trip itself: in a loop, 82-124 µs of CPU for get_many,
    49-79 for redis-py's mget, 37-48 this way (bench/README.md, page_hits.py).
    """
    client = backend.client
    pool = client.get_client(write=False).connection_pool
    connection = pool.get_connection()
    try:
        connection.send_command("MGET", *[backend.make_key(key) for key in keys])
        values = connection.read_response()
    except BaseException:
        connection.disconnect()  # half a reply may be left on it
        raise
    finally:
        pool.release(connection)
    return [None if value is None else client.decode(value) for value in values]


def _etag(content: bytes) -> str:
    return '"%s"' % hashlib.md5(content, usedforsecurity=False).hexdigest()


def _conditional(request, response):
    """A 304 (or 412) for a conditional request, from the headers of the whole page."""
    if not any(name in request.META for name in CONDITIONAL):
        return response
    answer = get_conditional_response(request, etag=response["ETag"], response=response)
    if answer is not response and "Content-Language" in response:
        answer["Content-Language"] = response["Content-Language"]
    return answer


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = cacheable_host(request)
        if host is None:
            return self.get_response(request)
        language = request_language(request)
        key = _key(request, host, language)
        # One round trip: both versions and the entry.
        content_version, pages_version, entry = _read([content_cache.VERSION_KEY, content_cache.PAGES_VERSION_KEY, key])
        version = ":".join([content_version or content_cache.content_version(),
                            pages_version or content_cache.pages_version()])
        if entry is not None and entry[0] == version and entry[1] > time.time():
            response = HttpResponse(entry[2], headers=entry[3])
            response[HEADER] = "hit"
            return _conditional(request, response)

        response = self.get_response(request)
        if not _storable(request, response, language):
            return response
        if "Cache-Control" not in response:
            patch_cache_control(response, **DEFAULT_CACHE_CONTROL)
        # Staff get other pages at the same address: a shared cache must not mix them up.
        patch_vary_headers(response, ("Cookie",))
        response["ETag"] = _etag(response.content)
        now = timezone.now()
        expires = min(filter(None, [content_cache.next_change_at(now), now + timezone.timedelta(seconds=_max_seconds())]))
        seconds = int((expires - now).total_seconds())
        if seconds > 0:
            # (version, expiry as a timestamp, body, headers): what a hit needs, and nothing else.
            cache.set(key, (version, expires.timestamp(), response.content, tuple(response.items())), seconds)
        response[HEADER] = "miss"
        return _conditional(request, response)
