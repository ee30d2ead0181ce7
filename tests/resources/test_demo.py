import re

import pytest
from django.conf import settings
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from resources import demo
from resources import models as m
from safespace import demo as site_demo

pytestmark = pytest.mark.django_db

LANGUAGES = {code for code, _ in settings.LANGUAGES}


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Image.objects.count(),
        Document.objects.count(),
        m.Substance.objects.count() + m.WayOfUse.objects.count() + m.Topic.objects.count() + m.Audience.objects.count() + m.Format.objects.count(),
        m.RelatedResource.objects.count(),
        m.ResourceDocument.objects.count(),
    )


@pytest.fixture
def loaded(site, locales):
    site_demo.load_demo()
    demo.load_demo()
    return snapshot()


def test_demo_is_complete_in_every_language(loaded, client):
    for model, minimum in [(m.ResourcePage, 8), (m.NewsPage, 2), (m.CampaignPage, 1), (m.PublicationPage, 1), (m.PressPage, 1), (m.ImpactPage, 1)]:
        for code in LANGUAGES:
            assert model.objects.live().filter(locale__language_code=code).count() >= minimum, (model, code)
    for page in m.ResourcePage.objects.live():
        assert page.image_id and page.image_alt, page
        assert page.body and page.summary and page.last_reviewed_by
    # Each language's resources carry the terms, shown in that language.
    english = m.ResourcePage.objects.get(locale__language_code="en", slug="naloxone")
    assert "Overdose and naloxone" in [t.name for _label, _param, terms in english.terms() for t in terms]
    assert [r.title for r in english.related()] == ["Don't use alone", "Heroin: tolerance and overdose"]
    for url in ["/ca/recursos/", "/es/recursos/?substance=heroina", "/en/resources/naloxone/", "/en/resources/naloxone/print/",
                "/ca/noticies/", "/es/noticias/rss/", "/en/impact/", "/en/press/", "/es/publicaciones/informe-2025/", "/ca/espais-segurs-per-a-totes/"]:
        assert client.get(url).status_code == 200, url


def test_demo_search_finds_heroin_with_and_without_accent(loaded, client):
    plain = [p.title for p in client.get("/es/recursos/", {"q": "heroina"}).context["resources"]]
    accented = [p.title for p in client.get("/es/recursos/", {"q": "heroína"}).context["resources"]]
    assert "Heroína: tolerancia y sobredosis" in plain
    assert plain == accented


def test_loading_twice_changes_nothing(loaded):
    site_demo.load_demo()
    demo.load_demo()
    assert snapshot() == loaded


def test_generated_pdf_is_well_formed():
    data = demo.make_pdf(["Informe (2025)", "Línia amb accents: àéíòú"])
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[startxref:].startswith(b"xref")
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", data)]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())
    assert b"\\(2025\\)" in data  # parentheses escaped
    assert "àéíòú".encode("latin-1") in data
