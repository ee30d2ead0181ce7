"""Shared tools for browser journeys: accessibility checks and a guard on foreign requests."""

import re
from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page and return the violations of the given impacts.

    page.evaluate runs through DevTools, so the page's own CSP, which forbids
    inline scripts, stays in force for everything else.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE + "\n;0")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


class RequestLog:
    """Every request a page makes, to prove nothing goes to another host."""

    def __init__(self, page, live_server_url: str):
        self.allowed = urlparse(live_server_url).netloc
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def foreign(self) -> list[str]:
        return [
            url
            for url in self.urls
            if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).netloc != self.allowed
        ]


def submit_password(page, base, username):
    """The admin's sign-in form, filled with a factory-made user's password."""
    from tests.factories import PASSWORD

    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def log_in(page, base, username):
    submit_password(page, base, username)
    page.wait_for_url(re.compile(r"/admin/$"))


def fill_with_picker(page, selector, value):
    """Type into one of Wagtail's date or time fields and close its picker.

    The jQuery picker opens 100 ms after the field takes focus (later on a
    loaded machine) and lies over the fields below it: a click on a checkbox
    under it can land on a time in the list instead, change the time and leave
    the box unticked. So wait for the picker to open, then leave the field (its
    blur closes the picker) and wait until it has gone.
    """
    from playwright.sync_api import expect

    page.fill(selector, value)
    picker = page.locator(".xdsoft_datetimepicker").filter(visible=True)
    expect(picker).to_have_count(1)
    page.locator(selector).blur()
    expect(picker).to_have_count(0)
    expect(page.locator(selector)).to_have_value(value)
