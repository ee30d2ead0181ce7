"""News feeds, sitemap, robots, site search, sanitising, and the impact page's extension point."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from resources import models as m
from safespace.sanitise import sanitise_html
from resources.signals import ImpactFigure, impact_figures

from .conftest import publish, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home, locales):
    index = m.NewsIndexPage(title="Notícies", slug="noticies", intro="Novetats de l'espai")
    home.add_child(instance=index)
    publish(index)
    index_en = translate(index, locales["en"], title="News", slug="news")
    items = []
    for n, day in enumerate([datetime.date(2026, 1, 5), datetime.date(2026, 2, 10)]):
        page = m.NewsPage(title=f"Notícia {n} <b>", slug=f"noticia-{n}", intro=f"Resum {n} & més", date=day)
        index.add_child(instance=page)
        publish(page)
        items.append(page)
    translate(items[1], locales["en"], title="News item 1", slug="news-1", intro="Summary 1")
    draft = m.NewsPage(title="Esborrany", slug="esborrany", intro="x", live=False)
    index.add_child(instance=draft)
    return index, index_en, items


def test_rss_feed_lists_live_news_newest_first_in_its_language(client, news):
    response = client.get("/ca/noticies/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel.findtext("language") == "ca"
    assert channel.findtext("title") == "Notícies"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Notícia 1 <b>", "Notícia 0 <b>"]  # escaped in XML, parsed back as text
    assert channel.find("item").findtext("link") == "http://testserver/ca/noticies/noticia-1/"
    assert channel.find("item").findtext("description") == "Resum 1 & més"


def test_atom_feed_in_english_has_only_english_items(client, news):
    response = client.get("/en/news/atom/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == ["News item 1"]


def test_news_index_links_its_feeds(client, news):
    html = client.get("/ca/noticies/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html and 'href="/ca/noticies/rss/"' in html
    assert 'href="/ca/noticies/atom/"' in html
    assert "Esborrany" not in html


def test_sitemap_lists_every_language_with_alternates(client, news):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    paths = {loc.split("/", 3)[3] for loc in locations}
    assert {"ca/", "es/", "en/", "ca/noticies/", "en/news/", "ca/noticies/noticia-1/", "en/news/news-1/"} <= paths
    assert "ca/noticies/esborrany/" not in paths
    entry = next(u for loc, u in locations.items() if loc.endswith("/ca/noticies/noticia-1/"))
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert set(alternates) == {"ca", "en"}
    assert alternates["en"].endswith("/en/news/news-1/")


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_admin(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_site_search_finds_pages_of_all_types_in_the_current_language(client, news, make_resource):
    make_resource("Heroïna", slug="heroina", summary="Sobre la heroïna.",
                  translations={"es": {"title": "Heroína", "slug": "heroina", "summary": "Sobre la heroína."}})
    response = client.get("/es/search/", {"q": "heroina"})
    assert response.status_code == 200
    assert [p.title for p in response.context["results"]] == ["Heroína"]
    assert client.get("/ca/search/", {"q": "noticia"}).context["result_count"] == 2
    only_resources = client.get("/ca/search/", {"q": "noticia", "kind": "resources"})
    assert only_resources.context["result_count"] == 0
    assert client.get("/ca/search/", {"q": "noticia", "kind": "news"}).context["result_count"] == 2


@pytest.mark.parametrize("params", [{"kind": "nope"}, {"page": "x"}, {"q": "a" * 3000}, {"q": "((("}])
def test_site_search_tolerates_bad_input(client, home, params):
    assert client.get("/ca/search/", params).status_code == 200


def test_site_search_refuses_a_nul_character_clearly(client, home):
    # NUL is refused everywhere, with one message (safespace.middleware.RequestGuardMiddleware).
    response = client.get("/ca/search/", {"q": "\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_search_is_get_only(client, home):
    assert client.post("/ca/search/", {"q": "x"}).status_code == 405


def test_sanitiser_keeps_text_and_safe_links_and_drops_the_rest():
    html = sanitise_html(
        '<p onclick="x()" style="color:red">Hi <b>there</b><script>alert(1)</script>'
        '<a href="javascript:alert(1)">bad</a> <a href="https://example.org">ok</a>'
        '<img src="https://tracker.example/x.gif"><iframe src="/x"></iframe><marquee>m</marquee></p>'
    )
    assert html == (
        '<p>Hi <b>there</b><a>bad</a> <a href="https://example.org" rel="noopener noreferrer">ok</a>m</p>'
    )


# --- Impact -----------------------------------------------------------------


def figures_core(sender, request, language, **kwargs):
    return [
        ImpactFigure(label=f"Visits ({language})", value=1234, unit="visits", period="2025"),
        {"label": "Naloxone kits", "value": "fewer than 5", "note": "suppressed below 5"},
        "not a figure",
    ]


def figures_broken(sender, **kwargs):
    raise RuntimeError("plugin bug")


@pytest.fixture
def impact_page(home):
    page = m.ImpactPage(title="Impacte", slug="impacte", method_note="Xifres agregades.")
    home.add_child(instance=page)
    return publish(page)


@pytest.fixture
def receivers():
    impact_figures.connect(figures_core, dispatch_uid="test_figures_core")
    impact_figures.connect(figures_broken, dispatch_uid="test_figures_broken")
    yield
    impact_figures.disconnect(dispatch_uid="test_figures_core")
    impact_figures.disconnect(dispatch_uid="test_figures_broken")


def test_impact_page_shows_figures_and_survives_a_broken_receiver(client, impact_page, receivers, caplog):
    response = client.get("/ca/impacte/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Visits (ca)" in html and "1234" in html and "visits" in html and "2025" in html
    assert "fewer than 5" in html and "suppressed below 5" in html
    assert "not a figure" not in html
    assert any("plugin bug" in (r.exc_text or "") or "failed" in r.getMessage() for r in caplog.records)
    groups = response.context["figure_groups"]
    assert len(groups) == 1 and len(groups[0].figures) == 2


def test_impact_page_without_receivers_says_so(client, impact_page):
    html = client.get("/ca/impacte/").content.decode()
    assert 'class="notice"' in html


def test_impact_figures_from_a_switched_off_plugin_are_not_shown(client, impact_page, monkeypatch):
    import plugins.api.registry

    def plugin_figures(sender, **kwargs):
        return [ImpactFigure(label="From the plugin", value=7)]

    plugin_figures.__module__ = "agenda.figures"  # belongs to an installed app, which we declare a plugin
    monkeypatch.setattr(plugins.api.registry, "plugin_labels", lambda: frozenset({"agenda"}))
    impact_figures.connect(plugin_figures, dispatch_uid="test_plugin_figures")
    try:
        monkeypatch.setattr(plugins.api.registry, "enabled_labels", lambda site: frozenset())
        assert "From the plugin" not in client.get("/ca/impacte/").content.decode()
        monkeypatch.setattr(plugins.api.registry, "enabled_labels", lambda site: frozenset({"agenda"}))
        html = client.get("/ca/impacte/").content.decode()
        assert "From the plugin" in html
    finally:
        impact_figures.disconnect(dispatch_uid="test_plugin_figures")


def test_sitemap_feeds_and_robots_give_the_public_address_with_its_port(client, news, settings):
    settings.SAFESPACE_PUBLIC_URL = "http://localhost:8104"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST="127.0.0.1").content)
    locations = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    alternates = [link.get("href") for link in root.iter("{http://www.w3.org/1999/xhtml}link")]
    assert "http://localhost:8104/ca/noticies/noticia-1/" in locations
    assert alternates and locations
    assert all(url.startswith("http://localhost:8104/") for url in locations + alternates)
    channel = ET.fromstring(client.get("/ca/noticies/rss/", HTTP_HOST="127.0.0.1").content).find("channel")
    assert channel.findtext("link") == "http://localhost:8104/ca/noticies/"
    assert channel.find("item").findtext("link") == "http://localhost:8104/ca/noticies/noticia-1/"
    atom = client.get("/en/news/atom/", HTTP_HOST="127.0.0.1").content.decode()
    assert 'href="http://localhost:8104/en/news/atom/"' in atom and "127.0.0.1" not in atom
    assert "Sitemap: http://localhost:8104/sitemap.xml" in client.get("/robots.txt", HTTP_HOST="127.0.0.1").content.decode()
