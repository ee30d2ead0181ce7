"""The menu, footer and opening hours that every page carries."""

import pytest
from django.test import override_settings
from django.utils import translation

from safespace.models import Footer, MainMenu, SiteSettings
from safespace.templatetags.safespace_tags import weekday_names
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_menu_and_footer_follow_the_language(client, home, locales, site):
    about = StandardPageFactory(parent=home, title="Qui som", slug="qui-som")
    about_en = about.copy_for_translation(locales["en"], copy_parents=True)
    about_en.title = "About us"
    about_en.slug = "about"
    about_en.save_revision().publish()
    menu = MainMenu.objects.create(locale=locales["ca"], items=[("link", {"page": about, "url": "", "label": ""})])
    menu_en = menu.copy_for_translation(locales["en"])
    menu_en.save()
    Footer.objects.create(
        locale=locales["en"],
        text="<p>Run by its participants.</p>",
        emergency_numbers=[("number", {"label": "Emergencies", "number": "112"})],
    )

    html_en = client.get("/en/").content.decode()
    # The menu links the page chosen in Catalan, in English when it is translated.
    assert '<a href="/en/about/">About us</a>' in html_en
    assert "Run by its participants." in html_en
    assert 'href="tel:112"' in html_en
    html_ca = client.get("/ca/").content.decode()
    assert '<a href="/ca/qui-som/">Qui som</a>' in html_ca
    assert "Run by its participants." not in html_ca


def test_opening_hours_come_from_site_settings(client, home, site):
    settings_obj = SiteSettings.for_site(site)
    settings_obj.address = "Carrer Major 1"
    settings_obj.opening_hours = [("hours", {"weekdays": ["0", "1", "2", "3", "4"], "opens": "10:00", "closes": "20:00"})]
    settings_obj.save()
    html = client.get("/es/").content.decode()
    assert "Carrer Major 1" in html
    assert "lunes–viernes" in html.lower()
    assert "10:00" in html and "20:00" in html


@pytest.mark.parametrize(
    "codes, expected",
    [
        (["0", "1", "2", "3", "4"], "Monday–Friday"),
        (["0", "2", "4"], "Monday, Wednesday, Friday"),
        (["5", "6"], "Saturday, Sunday"),
        (["0", "1", "2", "5"], "Monday–Wednesday, Saturday"),
        ([], ""),
    ],
)
def test_weekday_names_collapse_runs(codes, expected):
    with translation.override("en"):
        assert weekday_names(codes) == expected


def test_menu_costs_the_same_queries_for_one_link_or_six(client, home, locales):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = [StandardPageFactory(parent=home, title=f"Page {n}", slug=f"page-{n}") for n in range(6)]
    menu = MainMenu.objects.create(locale=locales["ca"], items=[("link", {"page": pages[0], "url": "", "label": ""})])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ca/").status_code == 200
        return len(captured)

    # The first request creates the site's settings and plugin switches
    # (get_or_create), which starts a new content version; the second fills
    # the content cache.
    queries()
    queries()
    one = queries()
    menu.items = [("link", {"page": page, "url": "", "label": ""}) for page in pages]
    menu.save()
    queries()
    six = queries()
    assert six == one
    assert "Page 5" in client.get("/ca/").content.decode()


def test_every_edit_to_the_chrome_shows_on_the_next_request(client, home, locales, site):
    """The chrome is kept in the content cache (safespace/content_cache.py); an
    edit through the ordinary save or publish paths is never hidden by it."""
    about = StandardPageFactory(parent=home, title="Qui som", slug="qui-som")
    menu = MainMenu.objects.create(locale=locales["ca"], items=[("link", {"page": about, "url": "", "label": ""})])
    footer = Footer.objects.create(locale=locales["ca"], text="<p>Primer text.</p>")
    for _ in range(2):
        html = client.get("/ca/qui-som/").content.decode()
    assert "Primer text." in html and '<a href="/ca/qui-som/" aria-current="page">Qui som</a>' in html
    assert 'href="/es/" lang="es"' in html  # no Spanish translation yet: the Spanish home page

    # The page's title, published: the menu follows.
    about.title = "Qui som i què fem"
    about.save_revision().publish()
    assert ">Qui som i què fem</a>" in client.get("/ca/qui-som/").content.decode()

    # A translation published: the language switcher links to it.
    about_es = about.copy_for_translation(locales["es"], copy_parents=True)
    about_es.slug = "quienes-somos"
    about_es.save_revision().publish()
    assert 'href="/es/quienes-somos/" lang="es"' in client.get("/ca/qui-som/").content.decode()

    # Footer and settings saved: both show.
    footer.text = "<p>Segon text.</p>"
    footer.save()
    settings_obj = SiteSettings.for_site(site)
    settings_obj.name = "Espai Segur"
    settings_obj.save()
    html = client.get("/ca/qui-som/").content.decode()
    assert "Segon text." in html and "Primer text." not in html
    assert "· Espai Segur</title>" in html

    # The menu emptied, then the page unpublished and deleted.
    menu.items = []
    menu.save()
    assert ">Qui som i què fem</a>" not in client.get("/ca/").content.decode()
    about_es.refresh_from_db()
    about_es.unpublish()
    assert 'href="/es/" lang="es"' in client.get("/ca/qui-som/").content.decode()
