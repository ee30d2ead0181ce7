"""Public pages against a static file, with the whole-page cache (issue 16).

    .venv/bin/python bench/pages.py [--seconds 4] [--connections 16] [--workers 2] [--repeat 1] [--only home,iCal]

gunicorn (2 workers x 4 threads) with the production settings on a throwaway
PostgreSQL database and Redis (database 13, flushed first) as the cache, the
demo content, and wrk (Debian's `wrk`). Each page kind is loaded for
--seconds right after the static file, and its req/s is given as a ratio to
that static run (so both see the same machine load). It prints req/s, p99
and the ratio for each (with --repeat N, N such pairs and their median ratio).

Then a correctness pass while wrk loads the home page: publish a page,
cancel a session, close a day, fill a session; after each, the very next
request must show the change. Exit status 1 if one does not.
Whole run: about 2.5 minutes with the defaults.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import re
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit

import _common

REDIS_URL = "redis://127.0.0.1:6379/13"


def prepare() -> dict[str, str]:
    """Migrate, load the demo, open sign-up for one activity. Returns {kind: path}."""
    from django.core.management import call_command
    from django.templatetags.static import static
    from django.utils import timezone
    from wagtail.models import Site

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo_data", "--allow-production", verbosity=0)
    from agenda.models import ActivityPage, AgendaPage
    from agenda.selectors import activity_upcoming
    from plugins.enrollment.models import Mode, Offer
    from plugins.models import SitePlugins
    from resources.models import CampaignPage, NewsIndexPage, ResourceIndexPage, ResourcePage
    from safespace.models import StandardPage

    site = Site.objects.get(is_default_site=True)
    setting = SitePlugins.for_site(site)
    setting.enabled = sorted({*setting.enabled, "enrollment"})
    setting.save()

    def first(model):
        page = model.objects.live().filter(locale__language_code="ca").first()
        assert page is not None, model
        return local(page.get_url())

    activity = ActivityPage.objects.live().filter(locale__language_code="ca").first()
    from plugins.enrollment.services import offer_save

    offer = Offer.objects.filter(activity_key=activity.translation_key).first() or Offer(
        activity_key=activity.translation_key)
    offer.mode, offer.opens_days_before, offer.closes_minutes_before = Mode.OCCURRENCE, 30, 0
    offer.capacity = 3  # the activity page's places
    offer_save(offer=offer)
    session = activity_upcoming(page=activity, limit=1)[0]
    agenda = first(AgendaPage)
    today = timezone.localdate()
    news = first(NewsIndexPage)
    return {
        "home": "/ca/",
        "standard page": first(StandardPage),
        "advocacy page": first(CampaignPage),
        "agenda day": f"{agenda}day/{today:%Y-%m-%d}/",
        "agenda week": f"{agenda}week/{today:%Y-%m-%d}/",
        "agenda month": f"{agenda}month/{today:%Y-%m}/",
        "agenda list": f"{agenda}list/",
        "agenda + filter": f"{agenda}?category={activity.category.slug}" if activity.category else f"{agenda}?audience=all",
        "activity": local(activity.get_url()),
        "occurrence": local(session.url),
        "library": first(ResourceIndexPage),
        "resource": first(ResourcePage),
        "news": news,
        "iCal": "/feeds/agenda.ics",
        "Atom": f"{news}atom/",
        "JSON": f"/api/agenda/occurrences.json?start={today}&end={today + dt.timedelta(days=7)}",
        "_static": static("css/site.css") if _exists_static("css/site.css") else static("favicon.ico"),
    }


def local(url: str) -> str:
    """The path of a page's address: with several spaces Wagtail writes addresses in full."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _exists_static(name: str) -> bool:
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        staticfiles_storage.url(name)
        return True
    except ValueError:
        return False


def get(port: int, path: str) -> tuple[int, str, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "localhost"})
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace"), dict(response.getheaders())
    finally:
        conn.close()


def wrk(port: int, path: str, seconds: int, connections: int) -> tuple[float, float, int]:
    """(req/s, p99 in ms, non-2xx/3xx) for `path`."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", "Host: localhost",
         f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, p99_ms, int(bad.group(1)) if bad else 0


def correctness(port: int, paths: dict[str, str]) -> list[str]:
    """Change things the way the site does, under load; the next request must show each change."""
    from django.utils import timezone

    from agenda import services as agenda_services
    from agenda.models import ActivityPage, Closure
    from agenda.selectors import activity_upcoming
    from plugins.enrollment import services as enrollment_services
    from plugins.enrollment.models import Offer
    from safespace.models import StandardPage

    failures = []

    def check(what: str, path: str, expected: str):
        status, body, headers = get(port, path)
        ok = status == 200 and expected in body
        print(f"  {what:<22} next request shows it: {'yes' if ok else 'NO'} ({headers.get('X-Cache', '-')})")
        if not ok:
            failures.append(what)

    for path in paths.values():  # everything stored first
        get(port, path)
        get(port, path)

    page = StandardPage.objects.live().filter(locale__language_code="ca").first()
    page.title = f"Publicat {time.time():.0f}"
    page.save_revision().publish()
    check("publish", paths["standard page"], page.title)

    week = paths["agenda week"]
    activity = ActivityPage.objects.live().filter(locale__language_code="ca").first()
    # Three sessions that are on and on different days: the demo cancels some
    # sessions itself, and a closure would take the other sessions of its day.
    sessions, days = [], set()
    for occurrence in activity_upcoming(page=activity, limit=12):
        day = timezone.localtime(occurrence.start).date()
        if not occurrence.cancelled and day not in days:
            sessions.append(occurrence)
            days.add(day)
    to_fill, to_cancel, to_close = sessions[:3]

    reason = f"Cancel·lada {time.time():.0f}"
    get(port, local(to_cancel.url))
    agenda_services.occurrence_cancel(event=to_cancel.event, original_start=to_cancel.original_start, reason=reason)
    check("cancel a session", local(to_cancel.url), reason)

    day = timezone.localtime(to_close.start).date()  # a day with a session: the closure shows on it
    closed = f"Tancat {time.time():.0f}"
    Closure.objects.create(start_date=day, end_date=day, reason=closed, locale=activity.locale)
    check("close a day", week.replace(f"{timezone.localdate():%Y-%m-%d}", f"{day:%Y-%m-%d}"), closed)

    # The box says "Full · you can join the waiting list" once no place is left (and not before);
    # the JSON gives places_left 0 for it.
    full = "a la llista d"
    fill_day = timezone.localtime(to_fill.start).date()
    fill_json = f"/api/agenda/occurrences.json?start={fill_day}&end={fill_day + dt.timedelta(days=1)}"
    for path in (local(to_fill.url), fill_json):
        get(port, path)
    status, body, _ = get(port, local(to_fill.url))
    if full in body:
        print("  fill a session: the session was full before the sign-ups (pick another)")
        failures.append("fill a session (already full)")
    offer = Offer.objects.get(activity_key=activity.translation_key)
    row = agenda_services.occurrence_persist(event=to_fill.event, original_start=to_fill.original_start)
    for n in range(offer.capacity):
        enrollment_services.enrollment_create(offer=offer, occurrence=row, session_start=to_fill.start,
                                              session_end=to_fill.end, code=f"bench{n}{time.time_ns() % 10000}",
                                              contact="", consent=False)
    check("fill a session", local(to_fill.url), full)
    status, body, headers = get(port, fill_json)
    entry = next((item for item in json.loads(body)["occurrences"] if item["url"].endswith(local(to_fill.url))), {})
    left = entry.get("extra", {}).get("enrollment", {}).get("places_left")
    print(f"  {'... and in the JSON':<22} next request shows it: {'yes' if left == 0 else 'NO'} "
          f"({headers.get('X-Cache', '-')}; places_left {left})")
    if left != 0:
        failures.append("fill a session (JSON)")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1,
                        help="static/page pairs per page kind; the median ratio is kept (a loaded machine)")
    parser.add_argument("--only", default="", help="comma-separated page kinds (default: all)")
    args = parser.parse_args()

    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    with _common.production_django("safespace_bench_pages", REDIS_URL=REDIS_URL) as env:
        paths = prepare()
        static_path = paths.pop("_static")
        with _common.gunicorn(env, workers=args.workers, preload=True) as port:
            for path in [static_path, *paths.values()]:
                status, _, _ = get(port, path)
                assert status == 200, (path, status)
            print(f"{'what':<16} {'req/s':>8} {'p99 ms':>8} {'ratio':>6}  path")
            results = {}
            only = [kind.strip() for kind in args.only.split(",") if kind.strip()]
            for kind, path in paths.items():
                if only and kind not in only:
                    continue
                ratios = []
                for _ in range(args.repeat):
                    static_rate, static_p99, _ = wrk(port, static_path, args.seconds, args.connections)
                    rate, p99, bad = wrk(port, path, args.seconds, args.connections)
                    ratios.append(rate / static_rate)
                    print(f"{'static file':<16} {static_rate:>8.0f} {static_p99:>8.1f}")
                    print(f"{kind:<16} {rate:>8.0f} {p99:>8.1f} {rate / static_rate:>6.2f}  {path}"
                          + (f"  ({bad} non-2xx)" if bad else ""))
                results[kind] = statistics.median(ratios)
                if args.repeat > 1:
                    print(f"{kind:<16} median ratio of {args.repeat}: {results[kind]:.2f}")
            print("correctness pass, under load on the home page:")
            load = subprocess.Popen(["wrk", "-t1", "-c8", "-d60s", "-H", "Host: localhost",
                                     f"http://127.0.0.1:{port}/ca/"], stdout=subprocess.DEVNULL)
            try:
                failures = correctness(port, paths)
            finally:
                load.terminate()
                load.wait()
    below = [kind for kind in ("home", "agenda week", "library", "resource", "iCal") if results.get(kind, 1) < 0.5]
    print("ratio >= 0.5 for home, agenda week, library, resource, iCal:", "yes" if not below else f"NO ({below})")
    print("correctness:", "holds" if not failures else f"FAILS ({failures})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
