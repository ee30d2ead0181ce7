"""A hit is what the whole stack would have answered (safespace/page_cache.py, issue 16).

The page cache answers before the session, locale, request-guard, common and
CSRF middlewares. So a hit must carry everything they add (the language, the
length, Vary), choose the language exactly as LocaleMiddleware does, and
leave to them every request they would answer otherwise: a bad host, a NUL
character, a refused user agent, a malformed CSRF cookie.
"""

import re

import pytest

from safespace import content_cache
from safespace.middleware import PUBLIC_POLICY
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms  # noqa: F401
from tests.safespace.test_page_cache import clock, page_cache_on, sewing  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

URLS = ["/ca/", "/es/", "/ca/agenda/week/2026-03-09/", "/feeds/agenda.ics",
        "/api/agenda/occurrences.json?start=2026-03-09&end=2026-03-16"]
# What the page cache itself adds to a page it keeps.
OWN = {"X-Cache", "ETag", "Cache-Control", "Vary"}


def headers(response, leave_out=("X-Cache",)) -> dict:
    return {name: value for name, value in response.items() if name not in leave_out}


def vary(response) -> set:
    return {word.strip() for word in response.get("Vary", "").split(",") if word.strip()}


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("extra", [{}, {"HTTP_ACCEPT_LANGUAGE": "es"}], ids=["", "accept-es"])
def test_a_hit_is_the_answer_of_the_whole_stack(client, sewing, settings, url, extra):
    settings.SAFESPACE_PAGE_CACHE = False
    fresh = client.get(url, **extra)
    settings.SAFESPACE_PAGE_CACHE = True
    miss, hit = client.get(url, **extra), client.get(url, **extra)
    assert (miss.status_code, miss["X-Cache"], hit["X-Cache"]) == (200, "miss", "hit")
    assert hit.status_code == miss.status_code
    assert hit.content == miss.content == fresh.content
    assert headers(hit) == headers(miss)
    assert not hit.cookies and not miss.cookies
    # The page's own headers, the language, the length and the security headers added outside.
    assert headers(hit, OWN) == headers(fresh, OWN)
    assert hit["Content-Security-Policy"] == PUBLIC_POLICY and hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Language"] == fresh["Content-Language"]
    assert vary(hit) == vary(fresh) | {"Cookie"}


@pytest.mark.parametrize("url", URLS)
def test_a_304_from_a_hit_is_the_304_of_a_miss(client, sewing, url):
    etag = client.get(url)["ETag"]
    from_hit = client.get(url, HTTP_IF_NONE_MATCH=etag)
    content_cache.content_changed()  # the next one renders the page again: the same page, the same ETag
    from_miss = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert from_hit.status_code == from_miss.status_code == 304
    assert headers(from_hit) == headers(from_miss)
    assert from_hit["ETag"] == etag and from_hit["Content-Language"] and from_hit["Vary"]
    assert from_hit["Content-Security-Policy"] == PUBLIC_POLICY


@pytest.mark.parametrize("url, extra, cookie, language", [
    ("/ca/", {"HTTP_ACCEPT_LANGUAGE": "es"}, "en", "ca"),  # the prefix decides
    ("/es/", {}, "ca", "es"),
    ("/feeds/agenda.ics", {"HTTP_ACCEPT_LANGUAGE": "es"}, None, "es"),
    ("/feeds/agenda.ics", {"HTTP_ACCEPT_LANGUAGE": "es"}, "en", "en"),  # the cookie before the header
    ("/feeds/agenda.ics", {"HTTP_ACCEPT_LANGUAGE": "fr, en;q=0.5"}, None, "en"),
    ("/feeds/agenda.ics", {"HTTP_ACCEPT_LANGUAGE": "fr"}, None, "ca"),
    ("/api/agenda/occurrences.json?start=2026-03-09&end=2026-03-16", {"HTTP_ACCEPT_LANGUAGE": "en"}, None, "en"),
])
def test_the_cache_chooses_the_language_as_the_locale_middleware_does(client, sewing, settings, url, extra, cookie,
                                                                       language):
    from django.test import Client

    settings.SAFESPACE_PAGE_CACHE = False
    fresh = client.get(url, **extra, **({"HTTP_COOKIE": f"django_language={cookie}"} if cookie else {}))
    assert fresh["Content-Language"] == language
    settings.SAFESPACE_PAGE_CACHE = True
    other = Client(HTTP_ACCEPT_LANGUAGE="ca")  # another visitor's language is stored first
    other.get(url.replace(f"/{language}/", "/ca/"))
    other.cookies["django_language"] = "es" if language != "es" else "ca"
    other.get(url)
    visitor = Client(**extra)
    if cookie:
        visitor.cookies["django_language"] = cookie
    first, second = visitor.get(url), visitor.get(url)
    assert second["X-Cache"] == "hit"
    for response in (first, second):
        assert response["Content-Language"] == language
        assert response.content == fresh.content


def test_a_bad_host_gets_the_400_of_the_whole_stack_not_a_page(client, sewing, settings):
    settings.SAFESPACE_PAGE_CACHE = False
    fresh = client.get("/es/", HTTP_HOST="elsewhere.example")
    settings.SAFESPACE_PAGE_CACHE = True
    client.get("/es/")
    client.get("/es/")
    refused = client.get("/es/", HTTP_HOST="elsewhere.example")
    assert refused.status_code == fresh.status_code == 400
    assert refused.content == fresh.content and headers(refused) == headers(fresh)
    assert refused["Content-Language"] == "es"  # the locale middleware saw it


def test_a_nul_character_in_a_header_gets_the_guards_400_not_the_stored_page(client, sewing):
    client.get("/ca/")
    assert client.get("/ca/")["X-Cache"] == "hit"
    refused = client.get("/ca/", HTTP_USER_AGENT="curl\x00")
    assert refused.status_code == 400 and "X-Cache" not in refused
    assert "NUL" in refused.content.decode()


def test_a_refused_user_agent_gets_the_403_not_the_stored_page(client, sewing, settings):
    settings.DISALLOWED_USER_AGENTS = [re.compile(r"badbot")]
    client.get("/ca/")
    assert client.get("/ca/")["X-Cache"] == "hit"
    assert client.get("/ca/", HTTP_USER_AGENT="badbot/1.0").status_code == 403
    assert client.get("/ca/", HTTP_USER_AGENT="a browser")["X-Cache"] == "hit"


def test_a_malformed_csrf_cookie_is_replaced_as_without_the_cache(client, sewing):
    from django.test import Client

    client.get("/ca/")
    assert client.get("/ca/")["X-Cache"] == "hit"
    visitor = Client()
    visitor.cookies["csrftoken"] = "not-a-token"
    answer = visitor.get("/ca/")
    assert answer.status_code == 200 and "X-Cache" not in answer
    assert len(answer.cookies["csrftoken"].value) == 32  # a new one, as the CSRF middleware sends
    # With the new, well-formed cookie: the stored page, and no cookie set.
    again = visitor.get("/ca/")
    assert again["X-Cache"] == "hit" and not again.cookies


def test_a_session_cookie_never_gets_a_stored_page(client, sewing):
    client.get("/ca/")
    assert client.get("/ca/")["X-Cache"] == "hit"
    client.cookies["sessionid"] = "whatever"
    assert "X-Cache" not in client.get("/ca/")


def test_the_slash_is_added_by_a_redirect_never_stored(client, sewing):
    for _ in range(2):
        response = client.get("/ca/agenda")
        assert response.status_code == 301 and response["Location"] == "/ca/agenda/"
        assert "X-Cache" not in response


def test_https_redirect_and_hsts_come_before_a_hit(client, sewing, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = True
    client.get("/ca/", secure=True)
    hit = client.get("/ca/", secure=True)
    assert hit["X-Cache"] == "hit" and hit["Strict-Transport-Security"] == "max-age=3600"
    plain = client.get("/ca/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/ca/"


def test_a_page_made_in_another_language_than_the_keys_is_not_stored(client, sewing, monkeypatch):
    """Should the cache ever choose a language other than LocaleMiddleware's, it keeps nothing."""
    from safespace import page_cache

    monkeypatch.setattr(page_cache, "request_language", lambda request: "en")
    first, second = client.get("/ca/"), client.get("/ca/")
    assert first["Content-Language"] == "ca"
    assert "X-Cache" not in first and "X-Cache" not in second


@pytest.fixture
def redis_cache(settings):
    """The production cache (django-redis), on Redis database 12 under a prefix of this test's own."""
    import uuid

    import redis

    prefix = f"pagecache-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/12", "KEY_PREFIX": prefix}}
    yield
    server = redis.Redis(host="127.0.0.1", port=6379, db=12)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_with_redis_a_hit_reads_versions_and_page_in_one_round_trip(client, sewing, redis_cache, monkeypatch,
                                                                    django_assert_num_queries):
    from redis.connection import AbstractConnection

    commands = []
    original = AbstractConnection.send_command
    monkeypatch.setattr(AbstractConnection, "send_command",
                        lambda self, *args, **options: commands.append(args[0]) or original(self, *args, **options))
    for url in ("/ca/", "/feeds/agenda.ics"):
        client.get(url)  # the first visit ever also makes the site's settings rows
        stored = client.get(url)
        commands.clear()
        with django_assert_num_queries(0):
            hit = client.get(url)
        assert commands == ["MGET"]
        assert hit["X-Cache"] == "hit" and hit.content == stored.content and headers(hit) == headers(stored)
    sewing.title = "Costura nova"
    sewing.save_revision().publish()
    fresh = client.get("/ca/agenda/")
    assert fresh["X-Cache"] == "miss" and "Costura nova" in fresh.content.decode()


def test_with_redis_a_failed_read_is_tried_again_through_the_cache(client, sewing, redis_cache, monkeypatch):
    """The hit's own MGET has none of redis-py's retries: a connection lost on it falls back on get_many's."""
    from redis.connection import ConnectionPool
    from redis.exceptions import ConnectionError

    client.get("/ca/")
    stored = client.get("/ca/")
    original, calls = ConnectionPool.get_connection, []

    def lost_once(self, *args, **options):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("Connection closed by server.")
        return original(self, *args, **options)

    monkeypatch.setattr(ConnectionPool, "get_connection", lost_once)
    hit = client.get("/ca/")
    assert len(calls) == 2
    assert hit["X-Cache"] == "hit" and hit.content == stored.content
