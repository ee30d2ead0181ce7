"""Server time of public pages when the whole-page cache does not answer (issue 16).

    .venv/bin/python bench/uncached.py [--runs 30] [--profile] [--db /tmp/demo.sqlite3]

The demo content on a throwaway SQLite database (safespace.settings.test,
page cache off), requests through Django's test client. Prints, for the home
page and the agenda week, the median and p90 server time and the queries per
request (which must not change from one request to the next), and the CPU
time of the thread per request (steadier than the wall time on a shared
machine). With --profile, pyinstrument's call tree for each (pip install
'.[dev]'). With --db, the demo database is kept in that file and reused by
the next run (loading the demo takes minutes; the schedule moves on with
the date, so rebuild it another day).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import _common


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--db", default="", help="a SQLite file to keep the demo in and reuse")
    args = parser.parse_args()
    reuse = bool(args.db) and os.path.exists(args.db)

    tmp = _common.django_with_test_settings("bench_uncached_settings", tmp_prefix="safespace-uncached-",  # noqa: F841
                                            database=args.db, SAFESPACE_PAGE_CACHE=False, DEBUG=False,
                                            ALLOWED_HOSTS=["testserver"])
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    if not reuse:
        call_command("migrate", verbosity=0)
        call_command("load_demo_data", verbosity=0)
    from agenda.models import AgendaPage

    agenda = AgendaPage.objects.live().filter(locale__language_code="ca").first().url
    pages = {"home": "/ca/", "agenda week": f"{agenda}week/{timezone.localdate():%Y-%m-%d}/"}
    client = Client()
    for name, path in pages.items():
        assert client.get(path).status_code == 200
        times, cpu, queries = [], [], set()
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.thread_time()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.thread_time() - start_cpu) * 1000)
            queries.add(len(captured))
        times.sort()
        print(f"{name:<12} median {statistics.median(times):6.1f} ms  p90 {times[int(len(times) * 0.9)]:6.1f} ms"
              f"  CPU median {statistics.median(cpu):5.1f} ms  queries {sorted(queries)}  {path}")
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                for _ in range(10):
                    client.get(path)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
