"""Benchmark: the screen in Chromium for days of its own time, without a reload.

    .venv/bin/python bench/screen_soak.py                 # 3 days: 4,320 refreshes a minute apart
    .venv/bin/python bench/screen_soak.py --days 7 --every 720

Builds a throwaway SQLite database with the demo (agenda, screens,
announcements), serves it from a thread on 127.0.0.1, and opens the demo's
landscape screen in Debian's Chromium (/usr/bin/chromium) on Playwright's
clock. Each cycle is one refresh (60 s of screen time): data.json is
answered with data that changes every time (sessions cancelled or gone,
announcements and languages coming and going) and fails every 13th time
(network error, 500, 404, broken JSON, in turn); the rotation and the clock
run as they would. The screen's service worker is live (127.0.0.1 is a
secure context): failed answers reach the page as its copy, marked offline.
The driver is tests/screen/soak.py, shared with the browser test that
asserts no growth over 720 cycles.

After a garbage collection it prints, at the baseline (after 26 warm-up
cycles, measured in the same run) and every --every cycles: DOM nodes alive
and on the page (their difference: nodes kept alive off the page), JS event
listeners, pending timers, JS heap used, and the ratio of each to the
baseline. The heap is noisy (V8 grows and shrinks it as it likes), which is
why it is printed here and not asserted in a test.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

import _common

TMP = _common.django_with_test_settings(
    "screen_soak_settings",
    tmp_prefix="screen-soak-",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    DEBUG=False,
    LOGGING={"version": 1, "disable_existing_loggers": False},
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def build() -> str:
    """Migrate, load the demo; return the landscape screen's token."""
    import io

    from django.core.management import call_command

    from screen.models import Screen

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=io.StringIO())
    return Screen.objects.get(orientation="landscape").token


def serve() -> tuple[str, object]:
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=True)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def row(label: str, sample, base) -> str:
    def ratio(a, b):
        return f"{a / b:5.2f}" if b else "  -  "

    return (f"{label:<10} {sample.cycle:>6} {sample.nodes:>6} {sample.attached:>6} {sample.detached:>6}"
            f" {sample.listeners:>5} {sample.timers:>3} {sample.heap_used / 1e6:8.2f}"
            f"   x{ratio(sample.nodes, base.nodes)} x{ratio(sample.listeners, base.listeners)}"
            f" x{ratio(sample.heap_used, base.heap_used)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=3, help="days of screen time (default 3)")
    parser.add_argument("--every", type=int, default=1440, help="print a sample every N cycles (default 1440, a day)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.screen.soak import Soak

    token = build()
    base_url, server = serve()
    cycles = int(args.days * 1440)
    print(f"screen soak: {cycles} refreshes (60 s apart, {args.days:g} days of screen time), 1920x1080")
    print(f"{'':<10} {'cycle':>6} {'nodes':>6} {'on pg':>6} {'off pg':>6} {'lstnr':>5} {'tmr':>3} {'heap MB':>8}"
          f"   ratios to baseline: nodes, listeners, heap")
    started = time.perf_counter()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        soak = Soak(page, f"{base_url}/screen/{token}/", refresh_seconds=60)
        soak.start()
        soak.run(26)
        base = soak.measure(26)
        print(row("baseline", base, base))
        done, worst = 26, base
        while done < 26 + cycles:
            step = min(args.every, 26 + cycles - done)
            soak.run(step, first=done)
            done += step
            sample = soak.measure(done)
            worst = max(worst, sample, key=lambda s: s.detached)
            print(row("after", sample, base), flush=True)
        browser.close()
    elapsed = time.perf_counter() - started
    server.shutdown()
    print(f"answers served: {soak.served}")
    print(f"{elapsed:.0f} s in all, {elapsed / (done - 26) * 1000:.1f} ms per cycle")
    grew = sample.detached > base.detached + 20 or sample.listeners > base.listeners or sample.timers != base.timers
    print(f"nodes off the page: {base.detached} at baseline, {sample.detached} at the end (most {worst.detached});"
          f" grew: {'yes' if grew else 'no'}")
    sys.exit(1 if grew else 0)


if __name__ == "__main__":
    main()
