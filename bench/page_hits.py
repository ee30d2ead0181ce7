"""A page-cache hit against a static file, in this process (issue 16): CPU time, no server.

    .venv/bin/python bench/page_hits.py [--requests 3000] [--rounds 5]

What bench/pages.py measures with gunicorn and wrk, without the wall clock
of a shared machine: the same production settings, PostgreSQL database and
Redis (database 13, flushed first) and the demo content, then each page kind
is asked for through Django's WSGI handler (as gunicorn calls it, with a
``wsgi.file_wrapper``) `--requests` times, right after as many requests for
the static file, in `--rounds` alternating rounds. CPU time of this process
(``time.process_time``; Redis's own time is not in it, its round trip is)
per request and the ratio static/page: a hit's throughput as a share of
the static file's (1.0: as cheap as the static file). The HTTP
server's own work (parsing, writing) comes on top of both in a real server.
Each page must be a hit (X-Cache) and the static file a 200.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from wsgiref.util import FileWrapper

import _common
import pages

KINDS = ("home", "agenda week", "library", "resource", "iCal", "agenda + filter", "JSON")


def environ(path: str, **extra: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "localhost", "HTTP_USER_AGENT": "wrk",
        "HTTP_ACCEPT": "*/*", "HTTP_CONNECTION": "keep-alive",
        "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
        "wsgi.run_once": False, "wsgi.file_wrapper": FileWrapper, **extra,
    }


def run(app, path: str, n: int) -> tuple[float, str, dict]:
    """CPU seconds for n requests; the last status and headers."""
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    started = time.process_time()
    for _ in range(n):
        body = app(environ(path), start_response)
        for _chunk in body:
            pass
        body.close()
    return time.process_time() - started, seen["status"], seen["headers"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import redis

    redis.Redis.from_url(pages.REDIS_URL).flushdb()
    with _common.production_django("safespace_bench_page_hits", REDIS_URL=pages.REDIS_URL):
        paths = pages.prepare()
        static_path = paths.pop("_static")
        from django.core.handlers.wsgi import WSGIHandler

        app = WSGIHandler()
        for path in [static_path, *(paths[kind] for kind in KINDS)]:
            run(app, path, 2)  # stored
        print(f"{'what':<16} {'µs CPU':>8} {'static':>8} {'ratio':>6}  path")
        for kind in KINDS:
            page_times, static_times = [], []
            for _ in range(args.rounds):
                seconds, status, _headers = run(app, static_path, args.requests)
                assert status.startswith("200"), (static_path, status)
                static_times.append(seconds / args.requests)
                seconds, status, headers = run(app, paths[kind], args.requests)
                assert status.startswith("200") and headers.get("X-Cache") == "hit", (kind, status, headers)
                page_times.append(seconds / args.requests)
            page, static = statistics.median(page_times), statistics.median(static_times)
            print(f"{kind:<16} {page * 1e6:>8.0f} {static * 1e6:>8.0f} {static / page:>6.2f}  {paths[kind]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
