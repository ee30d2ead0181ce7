"""10 devices tap 1,000 times each on the tally endpoint of a real server
(gunicorn, production settings) on PostgreSQL, retrying some taps with the
same ids, and the stored totals must be exact.

    .venv/bin/python bench/servicecounts.py [--clients 10] [--taps 1000] [--workers 4]

It creates a throwaway PostgreSQL database on 127.0.0.1 (dropped at the end),
migrates it, creates three indicators and a Counter with a session made
through Django, starts gunicorn bound to 127.0.0.1, and then every client,
after a barrier, POSTs its taps one request each (as the tally screen does
when online), sends every tenth tap a second time, sends one tap id that all
clients share, undoes five of its taps (each undo sent twice) and finally
re-sends its first 100 taps as one batch, as a device whose connection
dropped before the answers came would. A deadline (--deadline, 300 s) keeps
it bounded. It prints taps per second, the time per tap request, and whether
the totals in the database are exactly what was tapped. Exit status 1 if not.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import sys
import threading
import time
import uuid
from datetime import datetime, timezone

import _common
from _common import HOST

PATH = "/admin/servicecounts/taps/"


def prepare() -> tuple[list[int], str]:
    """Migrate, switch the plugin on, create indicators and a logged-in Counter. Returns ids and the session key."""
    import datetime as dt

    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import Site

    from plugins.models import SitePlugins
    from plugins.servicecounts import services
    from safespace import roles
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    setting = SitePlugins.for_site(Site.objects.get(is_default_site=True))
    setting.enabled = ["servicecounts"]
    setting.save()
    ids = [
        services.indicator_create(
            name={"en": name}, category="other", agreed="bench", publishable=False,
            active_from=dt.date(2020, 1, 1), active_until=None, order=n, unit={}, description={},
        ).pk
        for n, name in enumerate(["Meals", "Showers", "Kits"])
    ]
    user = UserFactory(username="bench-counter", groups=[roles.COUNTERS])
    client = Client()
    client.force_login(user)
    return ids, client.cookies["sessionid"].value


class Device(threading.Thread):
    def __init__(self, n, port, session, csrf, indicators, shared, barrier, deadline, taps):
        super().__init__(daemon=True)
        self.n, self.port, self.session, self.csrf = n, port, session, csrf
        self.indicators, self.shared, self.barrier, self.deadline, self.taps = indicators, shared, barrier, deadline, taps
        self.expected = {i: 0 for i in indicators}
        self.latencies: list[float] = []
        self.requests = 0
        self.bad: list[str] = []
        self.finished = False

    def post(self, conn, payload) -> dict:
        body = json.dumps(payload)
        started = time.perf_counter()
        conn.request("POST", PATH, body=body, headers={
            "Host": "localhost", "Content-Type": "application/json", "X-CSRFToken": self.csrf,
            "Cookie": f"sessionid={self.session}; csrftoken={self.csrf}", "X-Forwarded-Proto": "https",
            "Referer": "https://localhost/admin/servicecounts/", "X-Requested-With": "XMLHttpRequest",
        })
        response = conn.getresponse()
        data = response.read()
        self.latencies.append(time.perf_counter() - started)
        self.requests += 1
        if response.status != 200:
            self.bad.append(f"{response.status} {data[:200]!r}")
            return {}
        return json.loads(data)

    def run(self):
        rng = random.Random(self.n)
        shift = str(uuid.uuid4())
        now = lambda: datetime.now(timezone.utc).isoformat()  # noqa: E731
        taps = []
        for _ in range(self.taps):
            indicator = rng.choice(self.indicators)
            taps.append({"id": str(uuid.uuid4()), "indicator": indicator, "delta": 1, "at": now(), "shift": shift})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            self.barrier.wait(timeout=60)
            sent = []
            for k, tap in enumerate(taps):
                if time.monotonic() > self.deadline:
                    break
                self.post(conn, tap)
                sent.append(tap)
                self.expected[tap["indicator"]] += 1
                if k % 10 == 9:
                    self.post(conn, tap)  # the answer was lost: the same tap again
            self.post(conn, self.shared)
            for tap in rng.sample(sent, min(5, len(sent))):
                undo = {"id": str(uuid.uuid4()), "undoes": tap["id"], "delta": -1, "at": now(), "shift": shift}
                self.post(conn, undo)
                self.post(conn, undo)
                self.expected[tap["indicator"]] -= 1
            if sent:
                self.post(conn, {"taps": sent[:100]})
            self.finished = len(sent) == len(taps)
        except Exception as error:  # noqa: BLE001 - reported
            self.bad.append(repr(error))
        finally:
            conn.close()


def baseline(port: int, *, clients: int, per_client: int = 100) -> float:
    """Requests per second of the cheapest real endpoint, /healthz, with the same concurrency."""
    barrier = threading.Barrier(clients + 1)

    def hammer():
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        barrier.wait(timeout=60)
        for _ in range(per_client):
            conn.request("GET", "/healthz", headers={"Host": "localhost"})
            conn.getresponse().read()
        conn.close()

    seconds = run_together([threading.Thread(target=hammer) for _ in range(clients)], barrier, join_timeout=120)
    return clients * per_client / seconds


def run_together(threads: list[threading.Thread], barrier: threading.Barrier, *, join_timeout: float) -> float:
    """Start the threads, let them go together at the barrier; the seconds until they have all ended."""
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=join_timeout)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--taps", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--deadline", type=float, default=300.0)
    args = parser.parse_args()

    with _common.production_django(
        f"safespace_bench_counts_{os.getpid()}",
        # The benchmark measures counting; its Counter has no authenticator app.
        SAFESPACE_2FA_REQUIRED="false",
        CSRF_TRUSTED_ORIGINS="https://localhost",
        CONN_MAX_AGE="60",
    ) as env:
        indicators, session = prepare()
        with _common.gunicorn(env, workers=args.workers) as port:
            baseline_rps = baseline(port, clients=args.clients)
            csrf = secrets.token_hex(16)  # 32 characters: Django accepts it as cookie and header alike
            shared = {"id": str(uuid.uuid4()), "indicator": indicators[0], "delta": 1,
                      "at": datetime.now(timezone.utc).isoformat()}
            barrier = threading.Barrier(args.clients + 1)
            deadline = time.monotonic() + args.deadline
            devices = [Device(n, port, session, csrf, indicators, shared, barrier, deadline, args.taps)
                       for n in range(args.clients)]
            seconds = run_together(devices, barrier, join_timeout=args.deadline + 30)

            from django.db.models import Sum

            from plugins.servicecounts.models import Count

            stored = dict(Count.objects.values("indicator").annotate(n=Sum("count")).values_list("indicator", "n"))
            expected = {i: sum(d.expected[i] for d in devices) for i in indicators}
            expected[indicators[0]] += 1  # the shared tap, once
            requests = sum(d.requests for d in devices)
            latencies = sorted(x for d in devices for x in d.latencies)
            bad = [b for d in devices for b in d.bad]
            finished = all(d.finished for d in devices)
            taps_sent = sum(sum(d.expected.values()) + 5 for d in devices)  # undone taps were sent too
            taps_applied = taps_sent
            print(f"clients {args.clients} x {args.taps} taps, gunicorn {args.workers} workers x 4 threads, PostgreSQL")
            print(f"requests {requests} (taps, retries of the same ids, undoes sent twice, one batch re-sent) in {seconds:.1f} s")
            print(f"taps per second (distinct taps counted): {taps_applied / seconds:.0f}; requests per second: {requests / seconds:.0f}")
            print(f"baseline /healthz (one query and a cache round trip), same clients: {baseline_rps:.0f} requests per second; "
                  f"ratio tap requests / baseline {requests / seconds / baseline_rps:.2f}")
            if latencies:
                median = latencies[len(latencies) // 2]
                p95 = latencies[int(len(latencies) * 0.95)]
                print(f"time per tap request (round trip on 127.0.0.1): median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
                      f"max {latencies[-1] * 1000:.0f} ms")
            print(f"non-200 answers or errors: {len(bad)}{': ' + bad[0] if bad else ''}")
            print(f"stored   {[stored.get(i, 0) for i in indicators]}")
            print(f"expected {[expected[i] for i in indicators]}")
            exact = not bad and all(stored.get(i, 0) == expected[i] for i in indicators)
            print(f"totals exact: {'yes' if exact else 'NO'}"
                  + ("" if finished else f" (deadline reached: {taps_sent} of {args.clients * args.taps} taps sent)"))
            return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
