"""Benchmark: one space's week and the network agenda as spaces are added.

    .venv/bin/python bench/spaces.py                       # 20 spaces x 50 activities, SQLite
    .venv/bin/python bench/spaces.py --spaces 10 --activities 20 --runs 3
    .venv/bin/python bench/spaces.py --pg                  # on a throwaway PostgreSQL database

Builds the spaces one by one (safespace.services.space_create), each with its
agenda and N weekly activities, every space sharing its sessions with the
network (Settings -> Network). At 1, 5, 10 and 20 spaces it requests, through
Django's test client at the first space's address, that space's week
(/ca/agenda/week/<monday>/) and the network agenda's week
(/ca/xarxa/week/<monday>/), and prints the queries per request (warm, and
right after an edit, when the content cache is built again), the median time
and the sessions shown. The number of queries must not grow with the spaces;
the script says so at the end, and exits 1 if it did.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time

import _common

ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ARGS.add_argument("--spaces", type=int, default=20)
ARGS.add_argument("--activities", type=int, default=50, help="per space")
ARGS.add_argument("--runs", type=int, default=5)
ARGS.add_argument("--pg", action="store_true", help=f"a throwaway PostgreSQL database at {_common.PG}")
OPTIONS = ARGS.parse_args()
PG_DATABASE = "safespace_bench_spaces"


def _settings_overrides() -> dict:
    overrides = {"ALLOWED_HOSTS": ["testserver", "localhost"], "LOGGING": {"version": 1, "disable_existing_loggers": False}}
    if OPTIONS.pg:
        import dj_database_url

        _common.psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        _common.psql(f"CREATE DATABASE {PG_DATABASE}")
        overrides["DATABASES"] = {"default": dj_database_url.parse(f"{_common.PG}/{PG_DATABASE}")}
    return overrides


TMP = _common.django_with_test_settings("spaces_bench_settings", tmp_prefix="spaces-bench-", **_settings_overrides())


def first_space(monday: dt.date):
    """The default site with a HomePage, its agenda and the network agenda beside it."""
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Locale, Page, Site

    from agenda.models import NetworkAgendaPage
    from safespace.models import HomePage

    call_command("migrate", verbosity=0)
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    Page.objects.filter(pk=welcome.pk).update(slug="welcome")
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Espai 1", slug="home", hero_heading="Hi", hero_text="<p>Hi</p>", locale=locale))
    site.root_page, site.site_name = home, "Espai 1"
    site.save()
    Page.objects.get(pk=welcome.pk).delete()
    home.add_child(instance=NetworkAgendaPage(title="Xarxa", slug="xarxa", locale=locale))
    return site


def space_fill(site, *, n: int, monday: dt.date, number: int) -> None:
    """``site``'s agenda, a room, and ``n`` weekly activities; the space shares them with the network."""
    from agenda.models import ActivityChange, ActivityPage, ActivitySlot, AgendaPage, Category, Room
    from agenda.services import activity_schedule_sync
    from plugins.models import NetworkSharing

    home = site.root_page
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda", locale=home.locale))
    room = Room.objects.create(name=f"Sala {number}", slug=f"sala-{number}", locale=home.locale, site=site)
    category = Category.objects.filter(locale=home.locale).first() or Category.objects.create(
        name="Taller", slug="taller", locale=home.locale)
    series_start = monday - dt.timedelta(weeks=8)
    for i in range(n):
        weekday, hour = i % 7, 9 + i % 11
        page = ActivityPage(title=f"Activitat {number}.{i}", slug=f"activitat-{i}", summary="Cada setmana.",
                            locale=home.locale, room=room, category=category, languages=["ca"])
        page.slots = [ActivitySlot(repeat="weekly", start_date=series_start, weekdays=[str(weekday)],
                                   start_time=dt.time(hour), end_time=dt.time(hour + 1, 30))]
        if i % 10 == 0:
            page.changes = [ActivityChange(kind="cancel", original_date=monday + dt.timedelta(days=weekday))]
        agenda.add_child(instance=page)
        activity_schedule_sync(page=page)
    sharing = NetworkSharing.for_site(site)
    sharing.agenda = True
    sharing.save()


def measure(client, url: str, runs: int) -> tuple[float, int, int, int]:
    """(median seconds, queries warm, queries right after an edit, sessions shown)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safespace import content_cache

    client.get(url)  # the first request of a new space creates its settings rows
    content_cache.content_changed()  # as after an edit: the content cache is built again
    with CaptureQueriesContext(connection) as after_edit:
        response = client.get(url)
    cold = len(after_edit.captured_queries)
    times, warm = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        warm = max(warm, len(ctx.captured_queries))
    shown = re.search(r'class="agenda-count"[^>]*>\s*(\d+)', response.content.decode())
    return statistics.median(times), warm, cold, int(shown.group(1)) if shown else -1


def main() -> None:
    from django.test import Client

    from safespace.services import space_create

    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    checkpoints = sorted({k for k in (1, 5, 10, 20, OPTIONS.spaces) if k <= OPTIONS.spaces})
    client = Client()
    urls = {"one space's week": f"/ca/agenda/week/{monday.isoformat()}/",
            "network agenda week": f"/ca/xarxa/week/{monday.isoformat()}/"}
    rows = []
    built = 0
    started = time.perf_counter()
    for target in checkpoints:
        while built < target:
            built += 1
            site = first_space(monday) if built == 1 else space_create(
                name=f"Espai {built}", hostname=f"space{built}.test", languages=["ca"])
            space_fill(site, n=OPTIONS.activities, monday=monday, number=built)
        for label, url in urls.items():
            rows.append((target, label, *measure(client, url, OPTIONS.runs)))
    print(f"Built {built} spaces x {OPTIONS.activities} weekly activities in {time.perf_counter() - started:.0f} s"
          f" on {'PostgreSQL' if OPTIONS.pg else 'SQLite'}")
    print(f"{'spaces':>6}  {'view':<22}{'median ms':>10}{'queries':>9}{'after edit':>12}{'sessions':>10}")
    for target, label, median, warm, cold, sessions in rows:
        print(f"{target:>6}  {label:<22}{median * 1000:>10.1f}{warm:>9}{cold:>12}{sessions:>10}")
    constant = True
    for label in urls:
        warm = {row[3] for row in rows if row[1] == label}
        cold = {row[4] for row in rows if row[1] == label}
        same = len(warm) == 1 and len(cold) == 1
        constant = constant and same
        print(f"{label}: queries {'constant' if same else 'NOT constant'} ({sorted(warm)} warm, {sorted(cold)} after an edit)")
    if OPTIONS.pg:
        from django.db import connections

        connections.close_all()
        _common.psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    sys.exit(0 if constant else 1)


if __name__ == "__main__":
    main()
