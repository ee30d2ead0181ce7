"""Reading a period costs the same number of queries for 1 or many activities."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.agenda.conftest import weekly

pytestmark = pytest.mark.django_db

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
def test_queries_do_not_grow_with_activities(make_activity, client, django_assert_max_num_queries, url):
    make_activity(slots=[weekly(dt.date(2026, 3, 2), [0, 2])], changes=[{"kind": "cancel", "original_date": dt.date(2026, 3, 25)}])
    client.get(url)  # warm the per-process caches (site root paths, content types)
    with_one = _count(client, url)
    for day in range(12):
        make_activity(slots=[weekly(dt.date(2026, 3, 2), [day % 7])],
                      changes=[{"kind": "move", "original_date": dt.date(2026, 3, 23) + dt.timedelta(days=day % 7), "new_start_time": dt.time(9)}])
    with django_assert_max_num_queries(with_one):
        response = client.get(url)
    assert response.status_code == 200
    assert b"Activity" in response.content
