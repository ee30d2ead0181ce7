"""Benchmark: our week view against django-scheduler's own week calendar.

    .venv/bin/python bench/agenda.py [--activities 500] [--runs 7]

Builds a throwaway SQLite database with N weekly activities (each with a
cancelled and a moved session), then requests, through Django's test client,
our week view (/ca/agenda/week/<monday>/) and django-scheduler's week view
(/schedule/calendar/week/agenda/?year=..., mounted only in this script's
URLconf) for the same week and the same Events, and prints the median
server time per request, the queries per request and the ratio.

django-scheduler's views extend a template called "base.html"; here they
get their own base.html (a second template engine that searches its
templates first) rather than the site's, so each side renders its own page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import types
from pathlib import Path

import _common


def _schedule_templates_first(engines: list[dict]) -> list[dict]:
    import schedule

    schedule_templates = str(Path(schedule.__file__).parent / "templates")
    site_engine = engines[0]
    return [
        {**site_engine, "NAME": "schedule_first", "DIRS": [schedule_templates], "APP_DIRS": False},
        site_engine,
    ]


TMP = _common.django_with_test_settings(
    "agenda_bench_settings",
    tmp_prefix="agenda-bench-",
    TEMPLATES=_schedule_templates_first,
    ROOT_URLCONF="agenda_bench_urls",
    ALLOWED_HOSTS=["testserver", "localhost"],
    LOGGING={"version": 1, "disable_existing_loggers": False},
)


def _urls_module():
    from django.urls import include, path

    from safespace import urls as site_urls

    urls = types.ModuleType("agenda_bench_urls")
    urls.urlpatterns = [path("schedule/", include("schedule.urls"))] + list(site_urls.urlpatterns)
    return urls


sys.modules["agenda_bench_urls"] = _urls_module()


def build(n: int, monday: dt.date) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Locale, Page, Site

    from agenda.models import ActivityChange, ActivityPage, ActivitySlot, AgendaPage, Category, Room
    from agenda.services import activity_schedule_sync
    from safespace.models import HomePage

    call_command("migrate", verbosity=0)
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    Page.objects.filter(pk=welcome.pk).update(slug="welcome")
    home = root.add_child(instance=HomePage(title="Home", slug="home", hero_heading="Hi", hero_text="<p>Hi</p>", locale=locale))
    site.root_page = home
    site.save()
    Page.objects.get(pk=welcome.pk).delete()
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda", locale=locale))
    rooms = [Room.objects.create(name=f"Room {i}", slug=f"room-{i}", locale=locale) for i in range(5)]
    categories = [Category.objects.create(name=f"Category {i}", slug=f"category-{i}", locale=locale) for i in range(6)]
    series_start = monday - dt.timedelta(weeks=8)
    for i in range(n):
        weekday = i % 7
        hour = 9 + i % 11
        page = ActivityPage(
            title=f"Activity {i}", slug=f"activity-{i}", summary="A weekly activity.", locale=locale,
            room=rooms[i % 5], category=categories[i % 6], languages=["ca"],
        )
        page.slots = [ActivitySlot(repeat="weekly", start_date=series_start, weekdays=[str(weekday)],
                                   start_time=dt.time(hour), end_time=dt.time(hour + 1, 30))]
        session = monday + dt.timedelta(days=weekday)
        page.changes = [ActivityChange(kind="cancel", original_date=session - dt.timedelta(weeks=1))]
        if i % 10 == 0:
            page.changes.add(ActivityChange(kind="move", original_date=session, new_start_time=dt.time(hour, 30), new_end_time=dt.time(hour + 2)))
        agenda.add_child(instance=page)
        activity_schedule_sync(page=page)


AGENDA_TABLES = ("schedule_", "agenda_")


def _is_agenda_query(sql: str) -> bool:
    """Queries that read the schedule itself (as opposed to Wagtail's routing and the site chrome)."""
    head = sql.split(" WHERE ")[0]
    return any(f'FROM "{prefix}' in head for prefix in AGENDA_TABLES) or '"agenda_activitypage"' in head


def measure(client, url: str, runs: int) -> tuple[float, int, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Warm template loading and the caches. Twice: the first request of a new
    # site creates its settings rows, which starts a new content version.
    client.get(url)
    client.get(url)
    times, queries, own, size = [], [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(ctx.captured_queries))
        own.append(sum(1 for q in ctx.captured_queries if _is_agenda_query(q["sql"])))
        size = len(response.content)
    return statistics.median(times), max(queries), max(own), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from django.test import Client
    from schedule.models import Event

    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    started = time.perf_counter()
    build(args.activities, monday)
    print(f"Built {args.activities} weekly activities ({Event.objects.count()} events) in {time.perf_counter() - started:.1f} s")

    client = Client()
    ours_url = f"/ca/agenda/week/{monday.isoformat()}/"
    theirs_url = f"/schedule/calendar/week/agenda/?year={monday.year}&month={monday.month}&day={monday.day}"
    ours = measure(client, ours_url, args.runs)
    # Right after an edit the content cache (safespace/content_cache.py) is
    # built again: the cost of the first request that follows.
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as after_edit:
        client.get(ours_url)
    after_edit_queries = len(after_edit.captured_queries)  # read now: the next request empties the log
    theirs = measure(client, theirs_url, max(3, args.runs // 2))
    print(f"{'view':<32}{'median ms':>12}{'queries':>10}{'schedule':>10}{'KiB':>8}")
    for label, (median, total, own, size) in (("ours " + ours_url, ours), ("django-scheduler week_calendar", theirs)):
        print(f"{label:<32.32}{median * 1000:>12.1f}{total:>10}{own:>10}{size / 1024:>8.0f}")
    print("(queries: all queries of the request; schedule: those reading the schedule itself,"
          " the rest being Wagtail's page routing; the site's menu, footer, settings, language switcher, categories, rooms and closures come from the content cache)")
    print(f"(ours with an empty cache, as after an edit or a restart: {after_edit_queries} queries)")
    print(f"ratio: ours is {theirs[0] / ours[0]:.1f}x faster")


if __name__ == "__main__":
    main()
