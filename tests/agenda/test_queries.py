"""Reading a period costs the same number of queries for 1 or many activities."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.agenda.conftest import weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

URLS = [
    "/ca/agenda/week/2026-03-23/",
    "/ca/agenda/month/2026-03/",
    "/ca/agenda/list/?from=2026-03-20",
    "/feeds/agenda.ics",
    "/api/agenda/occurrences.json?start=2026-03-23&end=2026-03-30",
]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", URLS)
def test_queries_do_not_grow_with_activities(make_activity, client, url):
    make_activity(slots=[weekly(dt.date(2026, 3, 2), [0, 2])], changes=[{"kind": "cancel", "original_date": dt.date(2026, 3, 25)}])
    client.get(url)  # warm the per-process caches (site root paths, content types)
    cache.clear()
    cold_one = _count(client, url)  # right after an edit: the content cache is built again
    warm_one = _count(client, url)
    for day in range(12):
        make_activity(slots=[weekly(dt.date(2026, 3, 2), [day % 7])],
                      changes=[{"kind": "move", "original_date": dt.date(2026, 3, 23) + dt.timedelta(days=day % 7), "new_start_time": dt.time(9)}])
    client.get(url)
    cache.clear()
    assert _count(client, url) == cold_one
    assert _count(client, url) == warm_one
    response = client.get(url)
    assert response.status_code == 200
    assert b"Activity" in response.content


def test_week_view_reads_at_most_ten_queries_once_the_site_is_warm(make_activity, client):
    """The aim of issue 4: the week view in at most 10 queries, however many activities."""
    for day in range(7):
        make_activity(slots=[weekly(dt.date(2026, 3, 2), [day])])
    url = "/ca/agenda/week/2026-03-23/"
    client.get(url)  # creates the site's settings, which starts a new content version
    client.get(url)
    assert _count(client, url) <= 10


def test_an_edit_shows_on_the_next_request(make_activity, client, locales):
    """The content cache never hides an edit: categories, rooms and closures
    are read again after a save."""
    from agenda.models import Closure, Room

    make_activity(slots=[weekly(dt.date(2026, 3, 2), [0])])
    url = "/ca/agenda/week/2026-03-23/"
    assert "Sala nova" not in client.get(url).content.decode()
    Room.objects.create(locale=locales["ca"], name="Sala nova", slug="sala-nova")
    assert "Sala nova" in client.get(url).content.decode()
    Closure.objects.create(locale=locales["ca"], start_date=dt.date(2026, 3, 23), end_date=dt.date(2026, 3, 23), reason="Tancat per vaga")
    assert "Tancat per vaga" in client.get(url).content.decode()
