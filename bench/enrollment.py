"""200 people ask for 12 places at the same moment, through the public form,
against a real server (gunicorn) on PostgreSQL.

    .venv/bin/python bench/enrollment.py [--people 200] [--places 12] [--workers 4]

It creates a throwaway PostgreSQL database on 127.0.0.1 (dropped at the end),
migrates it, loads the demo, offers --places places for one session, starts
gunicorn with the production settings, and then:

1. baseline: every client GETs the sign-up form at once (page render + CSRF cookie);
2. the burst: every client POSTs the form at once, after a barrier.

It prints confirmed, waitlisted, refused, 5xx and transport errors, requests
per second for both phases and their ratio, and checks in the database that
exactly --places people were confirmed. Exit status 1 if that fails.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import sys
import threading
import time
from urllib.parse import urlencode

import _common


def prepare(places: int) -> str:
    """Migrate, load the demo, and open --places places for one session. Returns the form's path."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # The site and the agenda from the demo; the rest of the demo is not needed here.
    import agenda.demo
    import safespace.demo
    from plugins.models import SitePlugins
    from wagtail.models import Site

    safespace.demo.load_demo()
    agenda.demo.load_demo()
    setting = SitePlugins.for_site(Site.objects.get(is_default_site=True))
    setting.enabled = ["enrollment"]
    setting.save()
    from agenda.models import ActivityPage
    from agenda.selectors import activity_upcoming
    from plugins.enrollment.models import Enrollment, Mode, Offer
    from plugins.enrollment.services import offer_save

    activity = ActivityPage.objects.filter(slug="cuinem-juntes", locale__language_code="ca").first()
    session = activity_upcoming(page=activity, limit=1)[0]
    offer = Offer.objects.filter(activity_key=activity.translation_key).first() or Offer(
        activity_key=activity.translation_key)
    offer.mode, offer.opens_days_before, offer.closes_minutes_before = Mode.OCCURRENCE, 30, 0
    # The places are the activity page's own (Offer.capacity); only offer_save writes them there.
    offer.capacity = places
    offer_save(offer=offer)
    Enrollment.objects.filter(offer=offer).delete()
    assert Offer.objects.get(pk=offer.pk).capacity == places
    assert session.start > timezone.now() + dt.timedelta(minutes=5)
    return f"/ca/plugins/enrollment/{activity.pk}/{session.stamp}/", offer


class Person(threading.Thread):
    def __init__(self, n: int, port: int, path: str, start_get: threading.Barrier, start_post: threading.Barrier):
        super().__init__(daemon=True)
        self.n, self.port, self.path = n, port, path
        self.start_get, self.start_post = start_get, start_post
        self.get_status = self.post_status = 0
        self.outcome = ""
        self.post_seconds = 0.0

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        cookies = response.headers.get_all("Set-Cookie") or []
        conn.close()
        return response.status, data, cookies

    def run(self):
        try:
            self.start_get.wait()
            self.get_status, html, cookies = self.request("GET", self.path, headers={"Host": "localhost"})
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            cookie = next(c.split(";")[0] for c in cookies if c.startswith("csrftoken="))
            body = urlencode({"csrfmiddlewaretoken": token, "code": f"bench-{self.n}-{secrets.token_hex(2)}"})
            self.start_post.wait()
            started = time.perf_counter()
            self.post_status, html, _ = self.request(
                "POST", self.path, body=body,
                headers={"Host": "localhost", "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                         "Referer": f"https://localhost{self.path}", "X-Forwarded-Proto": "https"},
            )
            self.post_seconds = time.perf_counter() - started
            if PAGE_SAYS["confirmed"] in html:
                self.outcome = "confirmed"
            elif PAGE_SAYS["waitlisted"] in html:
                self.outcome = "waitlisted"
            else:
                self.outcome = "refused"
        except Exception as error:  # noqa: BLE001 - counted and printed
            self.outcome = f"error: {error!r}"
            # Let the others go on without this one.
            self.start_post.abort()


def cpu_seconds(marker: str) -> float:
    """CPU time (user + system) of the processes whose command line holds ``marker``
    (Linux /proc; 0 elsewhere): gunicorn's by its address, PostgreSQL's backends by the
    database's name in their title."""
    total = 0
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for pid in (p for p in os.listdir("/proc") if p.isdigit()) if os.path.isdir("/proc") else ():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() not in f.read():
                    continue
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            continue
    return total / ticks


PAGE_SAYS: dict[str, str] = {}
LOAD_BEFORE = ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--places", type=int, default=12)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4,
                        help="per worker (docs/PRODUCTION.md runs 3 workers of 1 thread)")
    args = parser.parse_args()
    global LOAD_BEFORE
    LOAD_BEFORE = " ".join(f"{load:.1f}" for load in os.getloadavg())

    with _common.production_django(
        f"safespace_bench_{os.getpid()}",
        ENROLLMENT_RATE="100000/m",
        # As docs/PRODUCTION.md asks: a connection kept between requests, not one opened per request.
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "60"),
        CSRF_TRUSTED_ORIGINS="https://localhost,http://localhost",
    ) as env:
        path, offer = prepare(args.places)
        # What the answer page says, in the language of the form's address.
        from django.utils import translation

        with translation.override(path.split("/")[1]):
            PAGE_SAYS.update(confirmed=translation.gettext("You have a place"),
                             waitlisted=translation.gettext("You are on the waiting list"))
        with _common.gunicorn(env, workers=args.workers, preload=True, threads=args.threads) as port:
            # Warm every worker up (templates, first connections) before measuring.
            for _ in range(args.workers * 8):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path, headers={"Host": "localhost"})
                conn.getresponse().read()
                conn.close()

            start_get = threading.Barrier(args.people + 1)
            start_post = threading.Barrier(args.people + 1)
            people = [Person(n, port, path, start_get, start_post) for n in range(args.people)]
            for person in people:
                person.start()
            t0 = time.perf_counter()
            start_get.wait()
            try:
                start_post.wait(timeout=300)  # everyone has their form
            except threading.BrokenBarrierError:
                pass
            get_seconds = time.perf_counter() - t0
            database = env["DATABASE_URL"].rsplit("/", 1)[1]
            server_before = cpu_seconds(f"127.0.0.1:{port}"), cpu_seconds(database)
            t1, cpu1 = time.perf_counter(), time.process_time()
            for person in people:
                person.join(timeout=300)
            post_seconds = time.perf_counter() - t1
            # This process does nothing else during the burst: its CPU time is the clients'.
            client_cpu = time.process_time() - cpu1
            gunicorn_cpu = cpu_seconds(f"127.0.0.1:{port}") - server_before[0]
            postgres_cpu = cpu_seconds(database) - server_before[1]

            from plugins.enrollment.models import Enrollment, Status

            confirmed_db = Enrollment.objects.filter(offer=offer, status=Status.CONFIRMED).count()
            outcomes = [p.outcome for p in people]
            errors = [o for o in outcomes if o.startswith("error")]
            five_xx = sum(1 for p in people if p.post_status >= 500 or p.get_status >= 500)
            latencies = sorted(p.post_seconds for p in people if p.post_seconds)
            get_rps = args.people / get_seconds
            post_rps = args.people / post_seconds
            print(f"people {args.people}, places {args.places}, gunicorn workers {args.workers} x {args.threads} threads, PostgreSQL")
            print(f"confirmed   {outcomes.count('confirmed')} (in the database: {confirmed_db})")
            print(f"waitlisted  {outcomes.count('waitlisted')}")
            print(f"refused     {outcomes.count('refused')}")
            print(f"5xx         {five_xx}")
            print(f"errors      {len(errors)}{': ' + errors[0] if errors else ''}")
            print(f"baseline GET form: {get_rps:.1f} req/s; burst POST sign-up: {post_rps:.1f} req/s; "
                  f"ratio POST/GET {post_rps / get_rps:.2f}")
            if latencies:
                print(f"POST latency median {latencies[len(latencies) // 2] * 1000:.0f} ms, "
                      f"max {latencies[-1] * 1000:.0f} ms")
            print(f"CPU per POST during the burst: gunicorn {gunicorn_cpu / args.people * 1000:.1f} ms, "
                  f"PostgreSQL {postgres_cpu / args.people * 1000:.1f} ms, the clients {client_cpu / args.people * 1000:.1f} ms "
                  f"(load average before the run: {LOAD_BEFORE})")
            ok = confirmed_db == args.places and outcomes.count("confirmed") == args.places and five_xx == 0 and not errors
            print("capacity held: yes" if ok else "capacity held: NO")
            return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
