"""Where one sign-up goes: the form's GET and the sign-up POST, in this process.

    .venv/bin/python bench/enrollment_profile.py [--pg] [--runs 40] [--profile] [--queries]

The same database as enrollment.py (the site and agenda demo, one session
with --places places), with the production settings, through Django's test
client with the CSRF check on, as a browser would send it: no server, no
client threads, so the figures do not depend on the machine's load as much
as enrollment.py's. SQLite in a temporary folder by default; --pg on a
throwaway PostgreSQL database (BENCH_PG, as enrollment.py). Prints, for the
GET of the form and for the POST, the median CPU time of this process per
request and the queries per request. --queries prints the SQL of one POST;
--profile the cProfile functions that take most of the POSTs' time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from http.cookies import SimpleCookie

import _common


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--places", type=int, default=12)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-lines", type=int, default=80)
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()

    settings_env = {"ENROLLMENT_RATE": "100000/m", "CONN_MAX_AGE": "60",
                    "CSRF_TRUSTED_ORIGINS": "https://localhost"}
    database = (_common.production_django(f"safespace_profile_{os.getpid()}", **settings_env) if args.pg
                else _common.production_django_sqlite(**settings_env))
    with database:
        import enrollment
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        path, offer = enrollment.prepare(args.places)
        headers = {"HTTP_HOST": "localhost", "secure": True}

        def get(client):
            response = client.get(path, **headers)
            assert response.status_code == 200, response.status_code
            return response

        def post(client, n, token):
            response = client.post(path, {"csrfmiddlewaretoken": token, "code": f"bench-{n}"},
                                   HTTP_REFERER=f"https://localhost{path}", **headers)
            assert response.status_code == 200, (response.status_code, response.content[:2000])
            return response

        def form_token(client):
            html = get(client).content.decode()
            return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

        # One client, a new visitor each time (no cookies): a new Client would load every
        # middleware again (WhiteNoise reads the static files), which gunicorn does once.
        client = Client(enforce_csrf_checks=True)
        for n in range(3):  # warm up: templates, first connection, the content cache
            client.cookies = SimpleCookie()
            post(client, f"warm-{n}", form_token(client))

        cpu = {"GET": [], "POST": []}
        queries = {"GET": [], "POST": []}
        sql = []
        visitors = []
        for _ in range(args.runs):
            client.cookies = SimpleCookie()
            with CaptureQueriesContext(connection) as captured:
                started = time.process_time()
                html = get(client).content.decode()
                cpu["GET"].append(time.process_time() - started)
            queries["GET"].append(len(captured))
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            visitors.append((client.cookies, token))
        # CPU time, not wall time: an SQLite commit waits for the disk.
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        for n, (cookies, token) in enumerate(visitors):
            client.cookies = cookies
            with CaptureQueriesContext(connection) as captured:
                if profiler:
                    profiler.enable()
                started = time.process_time()
                post(client, n, token)
                cpu["POST"].append(time.process_time() - started)
                if profiler:
                    profiler.disable()
            queries["POST"].append(len(captured))
            if n == args.runs // 2:
                sql = [q["sql"] for q in captured.captured_queries]

        from plugins.enrollment.models import Enrollment, Status

        confirmed = Enrollment.objects.filter(offer=offer, status=Status.CONFIRMED).count()
        print(f"{connection.vendor}, production settings, {args.runs} requests of each, test client")
        for method in ("GET", "POST"):
            print(f"{method:4} CPU median {statistics.median(cpu[method]) * 1000:5.1f} ms, "
                  f"p90 {sorted(cpu[method])[int(len(cpu[method]) * 0.9)] * 1000:5.1f} ms; "
                  f"queries {min(queries[method])}-{max(queries[method])}")
        print(f"confirmed {confirmed} of {args.places} places")
        if args.queries:
            print("\nThe queries of one POST (a waiting-list sign-up):")
            for n, statement in enumerate(sql, 1):
                print(f"{n:3}. {statement[:300]}")
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(args.profile_lines)
            stats.sort_stats("tottime").print_stats(args.profile_lines)
            print(out.getvalue())
        return 0 if confirmed == args.places else 1


if __name__ == "__main__":
    sys.exit(main())
