"""Publish an alert with 10,000 push subscriptions: how long until every phone has it?

    .venv/bin/python bench/alerts.py                       # 10,000 subscriptions, 2 workers
    .venv/bin/python bench/alerts.py --subscriptions 2000 --workers 2

A throwaway SQLite database and a SQLite task queue (the `make run` setup);
`manage.py run_huey` as the worker, with N worker processes; the local
push-service stand-in of the tests (tests/plugins/alerts/pushservice.py),
which decrypts every message with the subscription's keys as a phone would.
Prints, in the same run: the time from publishing until the stand-in has
received every message; the time until the screen's data shows the alert
(what a wall screen reads at its next refresh, at most a minute later);
and the median time of a plain page request while the workers are sending.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-alerts-")
    env = {
        "DJANGO_SETTINGS_MODULE": "safespace.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3",
        "SAFESPACE_QUEUE_IMMEDIATE": "0",
        "SAFESPACE_QUEUE_FILE": f"{tmp.name}/queue.sqlite3",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    from plugins.alerts.push import vapid_keys_new

    private, public = vapid_keys_new()
    os.environ.update({"ALERTS_VAPID_PRIVATE_KEY": private, "ALERTS_VAPID_PUBLIC_KEY": public,
                       "ALERTS_VAPID_SUBJECT": "mailto:bench@example.org"})

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    call_command("migrate", verbosity=0)

    from plugins.alerts.models import AlertIndexPage, AlertPage, PushSubscription
    from plugins.models import SitePlugins
    from screen.models import Screen
    from tests.factories import HomePageFactory
    from tests.plugins.alerts.pushservice import PushService

    locale = Locale.objects.get_or_create(language_code="ca")[0]
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    Page.objects.filter(pk=welcome.pk).update(slug="wagtail-welcome")
    home = HomePageFactory(parent=Page.get_first_root_node(), locale=locale)
    site.root_page = home
    site.save()
    Page.objects.get(pk=welcome.pk).delete()
    switches = SitePlugins.for_site(site)
    switches.enabled = ["alerts"]
    switches.save()
    index = AlertIndexPage(title="Alertes", slug="alertes")
    home.add_child(instance=index)
    index.save_revision().publish()
    screen = Screen.objects.create(name="Entrada", languages=["ca"])

    with PushService() as service:
        started = time.perf_counter()
        PushSubscription.objects.bulk_create([
            PushSubscription(endpoint=s["endpoint"], p256dh=s["keys"]["p256dh"], auth=s["keys"]["auth"])
            for s in (service.subscription() for _ in range(args.subscriptions))
        ])
        print(f"{args.subscriptions} subscriptions made in {time.perf_counter() - started:.1f} s")
        service.expected = args.subscriptions

        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", str(args.workers), "--worker-type", "process"],
            cwd=ROOT, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = Client(HTTP_HOST="127.0.0.1")
        try:
            client.get("/ca/")  # warm up: the first request builds the content cache
            now = timezone.now()
            published = time.perf_counter()
            with transaction.atomic():
                alert = AlertPage(title="Fentanil en heroïna", severity="danger", contains="fentanil",
                                  advice="No consumeixis sol.", source="Bench",
                                  valid_from=now, valid_until=now + timezone.timedelta(days=1))
                index.add_child(instance=alert)
                alert.save_revision().publish()
            while not client.get(f"/screen/{screen.token}/data.json").json()["notices"]:
                time.sleep(0.01)
            on_screen = time.perf_counter() - published
            page_times = []
            while not service.delivered.is_set():
                t0 = time.perf_counter()
                assert client.get("/ca/").status_code == 200
                page_times.append(time.perf_counter() - t0)
                if time.perf_counter() - published > 900:
                    break
                time.sleep(0.2)
            delivered = time.perf_counter() - published
        finally:
            worker.terminate()
            worker.wait(30)

    print(f"delivered: {len(service.received)} of {args.subscriptions} push messages in {delivered:.1f} s "
          f"({len(service.received) / delivered:.0f}/s) with {args.workers} worker processes")
    print(f"on the screen's data: {on_screen * 1000:.0f} ms after publishing (a screen reads it at its next refresh, <= 60 s)")
    if page_times:
        print(f"plain page request while sending: median {statistics.median(page_times) * 1000:.0f} ms, "
              f"max {max(page_times) * 1000:.0f} ms ({len(page_times)} requests)")


if __name__ == "__main__":
    main()
