import datetime

import pytest

from resources import selectors
from resources.models import ResourcePage
from resources.text import unaccent

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def three(make_resource, terms):
    heroin = make_resource(
        "Heroïna i tolerància", slug="heroina", summary="La tolerància baixa.",
        terms=[terms["heroin"], terms["injected"], terms["overdose"]],
        translations={"es": {"title": "Heroína y tolerancia", "slug": "heroina", "summary": "La tolerancia baja."},
                      "en": {"title": "Heroin and tolerance", "slug": "heroin", "summary": "Tolerance drops."}},
    )
    crack = make_resource(
        "Fumar crack", slug="crack", summary="Pipa pròpia.", terms=[terms["cocaine"], terms["smoked"]],
        translations={"es": {"title": "Fumar crack", "slug": "crack", "summary": "Pipa propia."}},
    )
    rights = make_resource("Drets", slug="drets", summary="Multes i drets.", terms=[terms["rights"]], body=[])
    return heroin, crack, rights


def titles(response):
    return [item.title for item in response.context["resources"]]


def test_index_lists_live_resources_of_its_language(client, three, make_resource):
    make_resource("Esborrany", live=False)
    assert sorted(titles(client.get("/ca/recursos/"))) == ["Drets", "Fumar crack", "Heroïna i tolerància"]
    assert sorted(titles(client.get("/es/recursos/"))) == ["Fumar crack", "Heroína y tolerancia"]
    assert titles(client.get("/en/resources/")) == ["Heroin and tolerance"]


def test_filter_by_one_facet_and_combine_facets(client, three):
    assert titles(client.get("/ca/recursos/?substance=heroina")) == ["Heroïna i tolerància"]
    both = client.get("/ca/recursos/?substance=heroina&substance=cocaina")
    assert sorted(titles(both)) == ["Fumar crack", "Heroïna i tolerància"]  # OR within a facet
    assert titles(client.get("/ca/recursos/?substance=heroina&use=fumada")) == []  # AND across facets
    assert titles(client.get("/ca/recursos/?substance=cocaina&use=fumada")) == ["Fumar crack"]


def test_filters_use_the_slugs_of_the_readers_language(client, three):
    # The English page points at the Catalan terms (copied on translation); the filter matches by translation key.
    response = client.get("/en/resources/?topic=overdose")
    assert titles(response) == ["Heroin and tolerance"]
    html = response.content.decode()
    assert 'value="overdose"' in html and "Overdose and naloxone" in html
    assert "Sobredosi i naloxona" not in html


def test_the_form_keeps_the_chosen_filters_checked(client, three):
    html = client.get("/ca/recursos/?topic=sobredosi&q=toler").content.decode()
    assert 'name="topic" value="sobredosi" id="f-topic-sobredosi" checked' in html
    assert 'value="toler"' in html


def test_filters_fold_behind_a_disclosure_that_opens_when_some_are_active(client, three):
    import re

    def disclosure(html):
        return re.search(r"<details[^>]*data-filters-disclosure[^>]*>", html).group(0)

    html = client.get("/en/resources/").content.decode()
    assert " open" not in disclosure(html)
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", html, re.S).group(1)
    assert "Filters" in summary and "filters__count" not in summary
    # The search box and the button stay outside the fold: searching needs no extra tap.
    assert html.index('id="library-q"') < html.index("<details") < html.index('class="facet"')
    assert html.index("</details>") < html.index('type="submit"')

    html = client.get("/ca/recursos/?topic=sobredosi&substance=heroina&substance=cocaina&q=x").content.decode()
    assert " open" in disclosure(html)
    count = re.search(r'<span class="filters__count">([^<]*)</span>', html).group(1)
    assert count.startswith("3 ")  # three boxes ticked; the words typed show in the search box
    # A script only opens it on wide screens; it comes from our own host, no inline script.
    assert re.search(r'<script src="/static/resources/library\.js" defer>', html)


def test_a_nul_character_in_a_filter_is_refused_clearly(client, three):
    # Refused before any view: PostgreSQL cannot hold NUL (safespace/middleware.py).
    response = client.get("/ca/recursos/?substance=%00%ff")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "?substance=nope",
        "?substance=%ff",
        "?page=abc",
        "?page=-3",
        "?page=99999",
        "?q=" + "x" * 5000,
        "?substance[]=1&topic=&use=%27%3Cscript%3E",
        "?q=%22unterminated&q=AND OR NOT ( )",
    ],
)
def test_bad_filter_values_never_break_the_page(client, three, query):
    response = client.get("/ca/recursos/" + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[-1].replace('<script src=', '')


def test_unknown_filter_values_are_reported_and_ignored(client, three):
    response = client.get("/ca/recursos/?substance=nope&substance=heroina")
    assert titles(response) == ["Heroïna i tolerància"]
    assert response.context["ignored_filters"] == ["nope"]
    assert "nope" in response.content.decode()


def test_query_text_is_escaped(client, three):
    html = client.get("/ca/recursos/?q=%3Cimg%20src%3Dx%3E").content.decode()
    assert "<img src=x>" not in html
    assert "&lt;img src=x&gt;" in html


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/es/recursos/", "heroina", ["Heroína y tolerancia"]),
        ("/es/recursos/", "heroína", ["Heroína y tolerancia"]),
        ("/ca/recursos/", "heroina", ["Heroïna i tolerància"]),
        ("/ca/recursos/", "HEROÏNA", ["Heroïna i tolerància"]),
        ("/ca/recursos/", "tolerancia", ["Heroïna i tolerància"]),
        ("/en/resources/", "heroina", []),  # English has "heroin", no other language leaks in
    ],
)
def test_library_search_is_accent_tolerant_and_per_language(client, three, path, query, expected):
    assert titles(client.get(path, {"q": query})) == expected


def test_search_combines_with_filters(client, three):
    assert titles(client.get("/ca/recursos/", {"q": "crack", "substance": "heroina"})) == []
    assert titles(client.get("/ca/recursos/", {"q": "crack", "substance": "cocaina"})) == ["Fumar crack"]


def test_pagination_keeps_filters(client, make_resource, terms):
    for n in range(14):
        make_resource(f"Recurs {n:02d}", terms=[terms["women"]])
    response = client.get("/ca/recursos/?audience=dones")
    assert len(response.context["resources"]) == 12
    html = response.content.decode()
    assert 'href="?audience=dones&amp;page=2"' in html
    assert len(client.get("/ca/recursos/?audience=dones&page=2").context["resources"]) == 2


def test_unaccent_folds_marks_but_keeps_letters():
    assert unaccent("Heroína, pàgina, Çà, l·l, ñ") == "Heroina, pagina, Ca, l·l, n"


def test_resource_text_is_indexed_without_accents(make_resource):
    page = make_resource("Cocaïna", summary="Què fer?", body=[("risks", "<p>Sèpsia</p>")])
    assert "Cocaina" in page.search_text_unaccented()
    assert "Que fer?" in page.search_text_unaccented()
    assert "Sepsia" in page.search_text_unaccented()


def test_due_for_review_uses_each_resources_interval(make_resource):
    today = datetime.date(2026, 3, 31)
    make_resource("Fresh", reviewed=datetime.date(2026, 1, 1), interval=12)
    quarterly = make_resource("Quarterly", reviewed=datetime.date(2025, 12, 31), interval=3)
    make_resource("Quarterly tomorrow", reviewed=datetime.date(2026, 1, 1), interval=3)
    yearly = make_resource("Yearly", reviewed=datetime.date(2025, 3, 31), interval=12)
    due = list(selectors.resources_due_for_review(today=today))
    assert [p.pk for p in due] == [yearly.pk, quarterly.pk]
    assert quarterly.specific.review_due_on == datetime.date(2026, 3, 31)
    assert selectors.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert selectors.add_months(datetime.date(2026, 1, 31), -2) == datetime.date(2025, 11, 30)


def test_resource_page_shows_review_terms_documents_and_related(client, make_resource, terms, pdf_document, locales):
    other = make_resource("Naloxona", slug="naloxona", terms=[terms["overdose"]])
    page = make_resource("Heroïna", slug="heroina", terms=[terms["heroin"], terms["overdose"]], reviewed=datetime.date(2026, 1, 15))
    page.documents.create(document=pdf_document, title="Fitxa")
    page.related_resources.create(related=other)
    page.save_revision().publish()
    html = client.get("/ca/recursos/heroina/").content.decode()
    assert "15 de gener de 2026" in html and "Equip de salut" in html
    assert 'href="/ca/recursos/?substance=heroina"' in html
    assert "Fitxa" in html and "(PDF" in html
    assert 'href="/ca/recursos/naloxona/"' in html
    assert 'href="/ca/recursos/heroina/print/"' in html
    # Overdose block: the number is a link.
    assert 'href="tel:112"' in html


def test_resource_page_in_another_language_shows_translated_terms(client, make_resource, terms):
    make_resource("Heroïna", slug="heroina", terms=[terms["heroin"]], translations={"en": {"title": "Heroin", "slug": "heroin"}})
    html = client.get("/en/resources/heroin/").content.decode()
    assert "Heroin" in html and 'href="/en/resources/?substance=heroin"' in html
    assert "Heroïna</a>" not in html


def test_print_view_is_a_bare_leaflet(client, make_resource):
    make_resource("Naloxona", slug="naloxona")
    response = client.get("/ca/recursos/naloxona/print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "leaflet.css" in html and 'class="site-header"' not in html
    assert "112" in html and "016" in html
    assert '<meta name="robots" content="noindex">' in html


def test_leaflet_prints_the_public_address_with_its_port(client, make_resource, settings):
    settings.SAFESPACE_PUBLIC_URL = "http://localhost:8104"
    make_resource("Naloxona", slug="naloxona")
    html = client.get("/ca/recursos/naloxona/print/", HTTP_HOST="127.0.0.1").content.decode()
    assert "<p>http://localhost:8104/ca/recursos/naloxona/</p>" in html
    assert '<link rel="canonical" href="http://localhost:8104/ca/recursos/naloxona/">' in html
