"""Drive a screen in Chromium through many refresh and rotation cycles on
Playwright's clock, with data changing and failing between cycles, and
measure what would grow if the page leaked.

Shared by the browser test (tests/browser/test_screen.py, a few hundred
cycles, asserts no growth) and the benchmark (bench/screen_soak.py,
thousands of cycles, prints figures including the JS heap).

One cycle is one `refresh_seconds` of the screen's time: the clock jumps,
the refresh timer fires once (an XHR to data.json, answered here from a
payload that changes every cycle: sessions cancelled or gone, announcements
coming and going, fewer languages, and every few cycles a failure: network
error, 500, 404 or broken JSON), the rotation timer fires once, and the
clock redraws. The agenda moves with the clock, so after a day the same
sessions come round again.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from dataclasses import dataclass, field

DAY_MS = 86_400_000

# Wraps the timer functions (Playwright's fake ones: this runs after the
# clock's own script) to count the timers still pending: intervals until
# cleared, timeouts until they fire or are cleared.
TIMER_PROBE = """(() => {
  const live = new Set();
  const st = window.setTimeout, ct = window.clearTimeout, si = window.setInterval, ci = window.clearInterval;
  window.setTimeout = function (fn, ms, ...rest) {
    let id;
    id = st.call(window, function () { live.delete(id); return typeof fn === 'function' ? fn.apply(this, arguments) : undefined; }, ms, ...rest);
    live.add(id);
    return id;
  };
  window.clearTimeout = function (id) { live.delete(id); return ct.call(window, id); };
  window.setInterval = function (fn, ms, ...rest) { const id = si.call(window, fn, ms, ...rest); live.add(id); return id; };
  window.clearInterval = function (id) { live.delete(id); return ci.call(window, id); };
  window.__pendingTimers = () => live.size;
})();"""

# Nodes reachable from the document: what is on the page. Chromium's "Nodes"
# metric counts every live node object, so after a garbage collection the
# difference is nodes kept alive outside the page: the leak we look for.
ATTACHED_NODES = """() => {
  let n = 0;
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  do { n++; } while (walker.nextNode());
  return n;
}"""

FAILURES = ("abort", "500", "404", "bad-json")


@dataclass
class Sample:
    cycle: int
    nodes: int
    attached: int
    listeners: int
    timers: int
    heap_used: int
    documents: int

    @property
    def detached(self) -> int:
        return self.nodes - self.attached


@dataclass
class Soak:
    """page: a Playwright page on which `start()` installs the clock and the probe before loading url."""

    page: object  # its context's routes answer data.json, the service worker's requests too
    url: str
    refresh_seconds: int
    seed: int = 6
    served: dict = field(default_factory=lambda: {"ok": 0, **{f: 0 for f in FAILURES}})

    def start(self, start_ms: int | None = None) -> None:
        page = self.page
        self.random = random.Random(self.seed)
        page.clock.install(time=dt.datetime.fromtimestamp(start_ms / 1000, dt.UTC) if start_ms else None)
        page.add_init_script(TIMER_PROBE)
        self.base = None
        self.mode = "ok"
        page.context.route("**/data.json", self._answer)
        self.settled = 0
        page.on("requestfinished", self._settle)
        page.on("requestfailed", self._settle)
        page.goto(self.url)
        page.wait_for_selector("body[data-live]")
        self.start_ms = page.evaluate("Date.now()")
        self.now_ms = self.start_ms
        self.base = json.loads(page.locator("#scr-data").text_content())
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")

    # --- the server's side ---------------------------------------------------
    def _payload(self, variant: bool) -> dict:
        shift = (self.now_ms - self.start_ms) // DAY_MS * DAY_MS
        days = shift // DAY_MS
        data = copy.deepcopy(self.base)
        data["generated"] = self.now_ms
        for day in data["days"]:
            day["start"] += shift
            day["end"] += shift
            day["date"] = (dt.date.fromisoformat(day["date"]) + dt.timedelta(days=days)).isoformat()
        for item in data["items"]:
            item["start"] += shift
            item["end"] += shift
            item["day"] = (dt.date.fromisoformat(item["day"]) + dt.timedelta(days=days)).isoformat()
        for ann in data["announcements"]:
            ann["start"] += shift
            ann["end"] += shift
        if not variant:
            return data
        rnd = self.random
        for item in data["items"]:
            if rnd.random() < 0.2:
                item["cancelled"] = not item["cancelled"]
                item["reason"] = {code: f"Motiu {rnd.randrange(1000)}" for code in data["languages"]}
        for _ in range(rnd.randrange(4)):
            if data["items"]:
                data["items"].pop(rnd.randrange(len(data["items"])))
        if rnd.random() < 0.3:
            data["announcements"] = []
        if rnd.random() < 0.2 and len(data["languages"]) > 1:
            data["languages"] = data["languages"][:-1]
        return data

    def _settle(self, request) -> None:
        if request.url.endswith("/data.json"):
            self.settled += 1

    def _answer(self, route) -> None:
        if self.base is None:
            # Before the first cycle (the service worker's first copy): the real server answers.
            route.continue_()
            return
        mode = self.mode
        self.served[mode if mode in FAILURES else "ok"] += 1
        if mode == "abort":
            route.abort()
        elif mode == "500":
            route.fulfill(status=500, body="Server Error", content_type="text/html")
        elif mode == "404":
            route.fulfill(status=404, json={"error": "No screen at this address."})
        elif mode == "bad-json":
            route.fulfill(status=200, body='{"items": [', content_type="application/json")
        else:
            route.fulfill(status=200, json=self._payload(variant=mode == "variant"))

    # --- the screen's side ---------------------------------------------------
    def cycle(self, mode: str) -> None:
        """One refresh interval of screen time, answered with `mode`."""
        self.mode = mode
        target = self.settled + 1
        step = self.refresh_seconds * 1000
        self.now_ms += step
        self.page.clock.fast_forward(step)
        # The page's XHR has ended (answered, failed, or answered by the
        # service worker's copy) before the clock jumps again.
        for _ in range(1500):
            if self.settled >= target:
                break
            self.page.wait_for_timeout(10)
        else:
            raise AssertionError(f"no refresh within 15 s after cycle {mode}")
        # A round trip through the page: the XHR's load handler has run.
        self.page.evaluate("0")

    def run(self, cycles: int, first: int = 0) -> None:
        for n in range(first, first + cycles):
            mode = "variant"
            if n % 13 == 12:
                mode = FAILURES[(n // 13) % len(FAILURES)]
            self.cycle(mode)
        self.cycle("ok")  # measured on the plain agenda, online

    def measure(self, cycle: int) -> Sample:
        for _ in range(2):
            self.cdp.send("HeapProfiler.collectGarbage")
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return Sample(
            cycle=cycle,
            nodes=int(metrics["Nodes"]),
            attached=self.page.evaluate(ATTACHED_NODES),
            listeners=int(metrics["JSEventListeners"]),
            timers=self.page.evaluate("window.__pendingTimers()"),
            heap_used=int(metrics["JSHeapUsedSize"]),
            documents=int(metrics["Documents"]),
        )
