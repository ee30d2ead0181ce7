"""Take screenshots of pages with Debian's headless Chromium.

    .venv/bin/python tools/screenshot.py URL OUT.png [WIDTHxHEIGHT] [--full]
"""

import sys

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(url: str, out: str, size: str = "375x812", *flags: str) -> None:
    width, height = (int(n) for n in size.split("x"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.screenshot(path=out, full_page="--full" in flags)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
