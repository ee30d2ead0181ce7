"""The content versions are read once per request (safespace/content_cache.py, issue 16).

Each version read is a cache round trip (Redis in production) and a page
reads them for every piece it keeps; a request keeps what it read. It must
never hide a change: another process's change shows at the next request,
a request sees its own change at once, and outside a request nothing is kept.
"""

from unittest import mock

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started

from safespace import content_cache
from safespace.models import Footer

pytestmark = pytest.mark.django_db


def test_a_request_reads_each_version_once(client, home):
    reads = []
    real_get = cache.get

    def get(key, *args, **kwargs):
        if key == content_cache.VERSION_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    client.get("/ca/")  # the cache filled
    with mock.patch.object(cache, "get", get):
        client.get("/ca/")
    assert len(reads) == 1


def test_a_change_made_by_another_process_shows_at_the_next_request(client, home, locales):
    footer = Footer.objects.create(locale=locales["ca"], text="<p>Primer text.</p>")
    for _ in range(2):
        assert "Primer text." in client.get("/ca/").content.decode()
    # Another worker saves the footer: its rows, and a new version in the shared cache,
    # without a signal in this process.
    Footer.objects.filter(pk=footer.pk).update(text="<p>Segon text.</p>")
    cache.set(content_cache.VERSION_KEY, "another-process", None)
    html = client.get("/ca/").content.decode()
    assert "Segon text." in html and "Primer text." not in html


def test_a_request_sees_its_own_change_at_once():
    built = []

    def read():
        return content_cache.cached("test", build=lambda: built.append(1) or len(built))

    request_started.send(sender=None)
    try:
        assert read() == read() == 1
        content_cache.content_changed()
        assert read() == 2
    finally:
        request_finished.send(sender=None)


def test_outside_a_request_every_read_asks_the_cache():
    request_started.send(sender=None)
    first = content_cache.content_version()
    request_finished.send(sender=None)
    assert content_cache.content_version() == first
    cache.set(content_cache.VERSION_KEY, "another-process", None)
    assert content_cache.content_version() == "another-process"
