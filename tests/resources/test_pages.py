"""Every public page type: serves, light, no inline script or style, nothing from other hosts, share metadata."""

import datetime
import re

import pytest
from django.test import Client

from resources import models as m

from .conftest import publish, translate

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed|input)\b[^>]*\b(?:src|srcset)=["'](?:https?:)?//(?!testserver)"""
    r"""|<link\b[^>]*\brel=["']?(?:stylesheet|preload|icon|modulepreload)[^>]*\bhref=["'](?:https?:)?//(?!testserver)"""
    r"""|url\(["']?(?:https?:)?//(?!testserver)""",
    re.I,
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle=", re.I)
ASSET = re.compile(r"""<(?:link[^>]*rel=["']stylesheet["'][^>]*href|script[^>]*src)=["']([^"']+)["']""", re.I)
BUDGET = 100 * 1024


@pytest.fixture
def all_pages(home, library, make_resource, terms, image, pdf_document, locales):
    resource = make_resource("Naloxona", slug="naloxona", terms=[terms["overdose"]], image=image, image_alt="Un kit de naloxona")
    news_index = m.NewsIndexPage(title="Notícies", slug="noticies", intro="Novetats.")
    home.add_child(instance=news_index)
    publish(news_index)
    news = m.NewsPage(title="Formació en naloxona", slug="formacio", intro="Cada dijous.", image=image, image_alt="Formació",
                      body=[("paragraph", "<p>Text.</p>")], date=datetime.date(2026, 2, 1))
    news_index.add_child(instance=news)
    publish(news)
    campaign = m.CampaignPage(title="Espais segurs", slug="campanya", intro="Demanem.", demands=[("demand", "Naloxona a les farmàcies")])
    home.add_child(instance=campaign)
    publish(campaign)
    pubs = m.PublicationIndexPage(title="Publicacions", slug="publicacions")
    home.add_child(instance=pubs)
    publish(pubs)
    report = m.PublicationPage(title="Informe 2025", slug="informe", summary="Un any.", document=pdf_document)
    pubs.add_child(instance=report)
    publish(report)
    press = m.PressPage(title="Premsa", slug="premsa", contact_email="premsa@example.org",
                        items=[("coverage", {"outlet": "Diari", "headline": "Un espai", "date": "2026-01-01", "url": "https://example.org/a"})])
    home.add_child(instance=press)
    publish(press)
    impact = m.ImpactPage(title="Impacte", slug="impacte")
    home.add_child(instance=impact)
    publish(impact)
    return {
        "resource_index": "/ca/recursos/",
        "resource": "/ca/recursos/naloxona/",
        "resource_print": "/ca/recursos/naloxona/print/",
        "news_index": "/ca/noticies/",
        "news": "/ca/noticies/formacio/",
        "campaign": "/ca/campanya/",
        "publication_index": "/ca/publicacions/",
        "publication": "/ca/publicacions/informe/",
        "press": "/ca/premsa/",
        "impact": "/ca/impacte/",
        "search": "/ca/search/?q=naloxona",
    }


def weight(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    total = len(response.content)
    for asset in set(ASSET.findall(html)):
        asset_response = client.get(asset)
        assert asset_response.status_code == 200, asset
        total += len(b"".join(asset_response.streaming_content) if asset_response.streaming else asset_response.content)
    return total, html


def test_every_page_type_is_light_clean_and_local(client, all_pages):
    for name, url in all_pages.items():
        total, html = weight(client, url)
        assert total < BUDGET, f"{name} weighs {total} bytes"
        assert total > 2000, f"{name} suspiciously small: {total}"
        assert INLINE_SCRIPT.search(html) is None, name
        assert STYLE_ATTR.search(html) is None, name
        assert EXTERNAL.search(html) is None, name
        assert "<main" in html and "<h1" in html, name


def test_pages_send_the_strict_policy(client, all_pages):
    response = client.get(all_pages["resource"])
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_opengraph_addresses_are_the_public_ones(client, all_pages, settings):
    settings.SAFESPACE_PUBLIC_URL = "http://localhost:8104"
    html = client.get(all_pages["resource"], HTTP_HOST="127.0.0.1").content.decode()
    assert '<meta property="og:url" content="http://localhost:8104/ca/recursos/naloxona/">' in html
    assert '<link rel="canonical" href="http://localhost:8104/ca/recursos/naloxona/">' in html
    assert re.search(r'<meta property="og:image" content="http://localhost:8104/[^"]+\.jpg">', html)
    assert "127.0.0.1" not in html


def test_share_metadata_and_links(client, all_pages):
    html = client.get(all_pages["resource"]).content.decode()
    assert '<meta property="og:title" content="Naloxona">' in html
    assert '<meta property="og:url" content="http://testserver/ca/recursos/naloxona/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="ca_ES">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+\.jpg">', html)
    assert '<meta property="og:image:alt" content="Un kit de naloxona">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="description" content="Un resum.">' in html
    assert '<link rel="canonical" href="http://testserver/ca/recursos/naloxona/">' in html
    assert 'href="mailto:?subject=Naloxona&body=http%3A//testserver/ca/recursos/naloxona/"' in html.replace("&amp;", "&")
    assert 'href="https://wa.me/?text=' in html
    assert 'value="http://testserver/ca/recursos/naloxona/"' in html


def test_hreflang_alternates_list_each_live_translation(client, all_pages, locales):
    resource = m.ResourcePage.objects.get(slug="naloxona")
    translate(resource, locales["en"], title="Naloxone", slug="naloxone")
    html = client.get(all_pages["resource"]).content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/resources/naloxone/">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert 'hreflang="es"' not in html.split("</head>")[0]


def test_image_alt_is_required_unless_decorative(image, library):
    from django.core.exceptions import ValidationError

    page = m.NewsPage(title="x", slug="x", intro="y", image=image)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "image_alt" in error.value.message_dict
    page.image_decorative = True
    page.clean()
    assert page.image_alt_text == ""


def test_review_date_cannot_be_in_the_future(library):
    from django.core.exceptions import ValidationError

    page = m.ResourcePage(title="x", slug="x", summary="y", last_reviewed_by="z",
                          last_reviewed_on=datetime.date.today() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError):
        page.clean()


def test_campaign_cannot_end_before_it_starts(home):
    from django.core.exceptions import ValidationError

    page = m.CampaignPage(title="x", slug="x", intro="y", starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        page.clean()


def test_rich_text_from_editors_is_sanitised(client, home, library, make_resource):
    make_resource("Perill", slug="perill", body=[("risks", '<p>Hola<script>alert(1)</script><a href="javascript:alert(1)">x</a></p>')])
    html = client.get("/ca/recursos/perill/").content.decode()
    assert "alert(1)</script>" not in html
    assert "javascript:" not in html


def test_publication_offers_the_pdf(client, all_pages):
    html = client.get(all_pages["publication"]).content.decode()
    assert "/documents/" in html and "(PDF" in html


def test_press_page_lists_coverage_and_contact(client, all_pages):
    html = client.get(all_pages["press"]).content.decode()
    assert 'href="mailto:premsa@example.org"' in html
    assert "Diari" in html and 'href="https://example.org/a"' in html
    assert "Formació en naloxona" in html  # latest news of the same language


def test_page_tree_rules(home, library):
    assert m.ResourcePage.can_create_at(library)
    assert not m.ResourcePage.can_create_at(home)
    assert not m.ResourceIndexPage.can_create_at(home)  # one library per home
    assert m.NewsIndexPage.can_create_at(home)


def test_a_document_link_is_in_the_readers_language(client, make_resource, pdf_document, locales):
    # The document's own title is in the language it was uploaded in (here
    # "Annual report"); an unnamed link shows the resource's translated title.
    page = make_resource("Naloxona", slug="naloxona")
    page.documents.add(m.ResourceDocument(document=pdf_document, title=""))
    page.save()
    publish(page)
    # A translation's slug of its own (one left as the source's is made from its title: test_slugs.py).
    translate(page, locales["es"], title="Naloxona: qué es", slug="naloxona-que-es")
    html = client.get("/es/recursos/naloxona-que-es/").content.decode()
    link = re.search(r'<li class="doc"><a href="[^"]+">([^<]*)</a>', html)
    assert link is not None
    assert link.group(1) == "Naloxona: qué es"
    assert "Annual report" not in html


def test_a_typed_document_link_text_is_translated_with_the_page(client, make_resource, pdf_document, locales):
    # The editor typed the link text in Catalan; translators translate it with the
    # page in wagtail-localize, and each language shows its own, not the Catalan one.
    from tests.translation import localize

    page = make_resource("Naloxona", slug="naloxona")
    page.documents.add(m.ResourceDocument(document=pdf_document, title="Fitxa per imprimir"))
    page.save()
    publish(page)
    spanish = localize(page, locales["es"], publish=True,
                       strings={"Naloxona": "Naloxona (es)", "Fitxa per imprimir": "Ficha para imprimir"})[1]
    english = localize(page, locales["en"], publish=True,
                       strings={"Naloxona": "Naloxone", "Fitxa per imprimir": "Printable sheet"})[1]
    links = {}
    for code, target in (("ca", page), ("es", spanish), ("en", english)):
        html = client.get(target.url).content.decode()
        links[code] = re.findall(r'<li class="doc"><a href="[^"]+">([^<]*)</a>', html)
        assert code == "ca" or "Fitxa per imprimir" not in html
    assert links == {"ca": ["Fitxa per imprimir"], "es": ["Ficha para imprimir"], "en": ["Printable sheet"]}
    # The document itself is shared, not copied.
    assert {d.document_id for d in m.ResourceDocument.objects.all()} == {pdf_document.pk}
    assert m.ResourceDocument.objects.count() == 3


def test_every_page_type_has_a_meta_description(client, all_pages):
    for name, url in all_pages.items():
        if name in ("search", "resource_print"):  # not indexed (robots noindex)
            continue
        html = client.get(url).content.decode()
        description = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert description is not None and description.group(1).strip(), name
