"""A visitor browses, filters and searches the library, reads a resource in another language and prints it."""

import re
from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture
def demo_site(live_server):
    from resources import demo
    from safespace import demo as site_demo

    site_demo.load_demo()
    demo.load_demo()
    return live_server.url


@pytest.fixture
def visitor(browser, demo_site):
    # axe is injected by the test, which the page's own CSP would rightly refuse; the
    # CSP itself is tested on the responses (tests/resources/test_pages.py).
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc) if request.url.startswith("http") else None)
    yield page, hosts
    context.close()


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_browse_filter_search_read_switch_language_and_print(visitor, demo_site):
    page, hosts = visitor
    checked = {}

    page.goto(f"{demo_site}/ca/recursos/")
    checked["library"] = serious_violations(page)
    total = int(re.match(r"\d+", page.locator("#results-heading").inner_text()).group())
    assert total >= 8

    # On a phone the filters fold behind one control, so the results are a short scroll away.
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    disclosure = page.locator("details.filters__disclosure")
    summary = disclosure.locator("summary")
    assert not page.get_by_label("Injectada").is_visible()
    assert page.locator("#results-heading").bounding_box()["y"] < 812 * 1.5
    box = summary.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24  # WCAG 2.2 target size
    # Keyboard: Tab reaches it after the search box, Enter opens it.
    page.get_by_label("Paraules per cercar").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert disclosure.evaluate("d => d.open")
    checked["library_filters_open"] = serious_violations(page)

    # Filter with the plain GET form: injected and heroin.
    page.get_by_label("Injectada").check()
    page.get_by_role("button", name="Mostra els recursos").click()
    assert "use=injectada" in page.url
    titles = page.locator(".rcard__title").all_inner_texts()
    assert "Injecció més segura" in titles and "Fumar cocaïna o crack amb menys riscos" not in titles
    # Active filters keep the fold open, and its label says how many.
    assert disclosure.evaluate("d => d.open")
    assert summary.locator(".filters__count").inner_text().startswith("1")
    assert page.get_by_label("Injectada").is_checked()

    # On a wide screen the filters are simply open.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_site}/ca/recursos/")
    assert disclosure.evaluate("d => d.open") and page.get_by_label("Injectada").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})

    # Search in Spanish, with and without the accent.
    page.goto(f"{demo_site}/es/recursos/")
    page.get_by_label("Palabras que buscar").fill("heroina")
    page.get_by_role("button", name="Mostrar recursos").click()
    without_accent = page.locator(".rcard__title").all_inner_texts()
    assert "Heroína: tolerancia y sobredosis" in without_accent
    page.get_by_label("Palabras que buscar").fill("heroína")
    page.get_by_role("button", name="Mostrar recursos").click()
    assert page.locator(".rcard__title").all_inner_texts() == without_accent

    page.goto(f"{demo_site}/es/search/?q=heroina")
    checked["search"] = serious_violations(page)
    assert page.locator(".search-results a", has_text="Heroína").count() >= 1

    # Open a resource and switch language.
    page.goto(f"{demo_site}/es/recursos/?q=heroina")
    page.get_by_role("link", name="Heroína: tolerancia y sobredosis").click()
    assert page.locator("h1").inner_text() == "Heroína: tolerancia y sobredosis"
    checked["resource"] = serious_violations(page)
    page.locator(".lang-switcher").get_by_role("link", name="English").click()
    assert page.url.endswith("/en/resources/heroin/")
    assert page.locator("h1").inner_text() == "Heroin: tolerance and overdose"

    # Print: the page itself hides its chrome, and the leaflet fits on two A4 pages.
    page.emulate_media(media="print")
    assert not page.locator(".share").is_visible()
    assert not page.locator(".main-menu").is_visible()
    assert page.locator(".overdose").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Printable leaflet").click()
    assert page.url.endswith("/en/resources/heroin/print/")
    checked["leaflet"] = serious_violations(page)
    assert page.locator("[data-print]").is_visible()  # the script shows the button
    page.emulate_media(media="print")
    assert not page.locator(".leaflet__tools").is_visible()
    assert page.locator(".overdose").is_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 2, pages
    page.emulate_media(media="screen")

    # The other public page types.
    for name, path in [
        ("news_index", "/en/news/"), ("news", "/en/news/naloxone-training/"), ("campaign", "/en/safe-spaces-for-all/"),
        ("publications", "/en/publications/"), ("publication", "/en/publications/report-2025/"),
        ("press", "/en/press/"), ("impact", "/en/impact/"),
    ]:
        response = page.goto(f"{demo_site}{path}")
        assert response.status == 200, path
        checked[name] = serious_violations(page)

    assert {name: v for name, v in checked.items() if v} == {}
    assert hosts == {urlparse(demo_site).netloc}
