"""Fixtures for the resources app: taxonomy, a library with resources, advocacy pages."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from resources import models as m
from safespace import roles

DEFAULT = settings.LANGUAGE_CODE


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, locale, **fields):
    """A published translation of ``page`` (copy_for_translation, as the admin's 'copy' does)."""
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated).specific


@pytest.fixture
def make_term(locales):
    def make(model, name, slug, translations=None):
        term = model.objects.create(locale=locales[DEFAULT], name=name, slug=slug)
        for code, (t_name, t_slug) in (translations or {}).items():
            other = term.copy_for_translation(locales[code])
            other.name, other.slug = t_name, t_slug
            other.save()
        return term

    return make


@pytest.fixture
def terms(make_term):
    return {
        "heroin": make_term(m.Substance, "Heroïna", "heroina", {"es": ("Heroína", "heroina"), "en": ("Heroin", "heroin")}),
        "cocaine": make_term(m.Substance, "Cocaïna", "cocaina", {"es": ("Cocaína", "cocaina"), "en": ("Cocaine", "cocaine")}),
        "smoked": make_term(m.WayOfUse, "Fumada", "fumada", {"es": ("Fumada", "fumada"), "en": ("Smoked", "smoked")}),
        "injected": make_term(m.WayOfUse, "Injectada", "injectada", {"es": ("Inyectada", "inyectada"), "en": ("Injected", "injected")}),
        "overdose": make_term(m.Topic, "Sobredosi i naloxona", "sobredosi", {"es": ("Sobredosis y naloxona", "sobredosis"), "en": ("Overdose and naloxone", "overdose")}),
        "rights": make_term(m.Topic, "Drets", "drets", {"es": ("Derechos", "derechos"), "en": ("Legal rights", "rights")}),
        "women": make_term(m.Audience, "Dones", "dones", {"es": ("Mujeres", "mujeres"), "en": ("Women", "women")}),
        "print": make_term(m.Format, "Per imprimir", "imprimir", {"es": ("Para imprimir", "imprimir"), "en": ("Print", "print")}),
    }


@pytest.fixture
def image(db):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#3d1f5c").save(buffer, format="PNG")
    Image = get_image_model()
    img = Image(title="Test image")
    img.file.save("test.png", ImageFile(io.BytesIO(buffer.getvalue()), name="test.png"), save=False)
    img.save()
    return img


@pytest.fixture
def pdf_document(db):
    from django.core.files.base import ContentFile

    from resources.demo import make_pdf

    Document = get_document_model()
    doc = Document(title="Annual report")
    doc.file.save("report.pdf", ContentFile(make_pdf(["Annual report", "Test"])), save=False)
    doc.save()
    return doc


BODY = [
    ("key_facts", ["Naloxone reverses an opioid overdose for 30 to 90 minutes.", "It does nothing to someone who has not taken opioids."]),
    ("risks", "<p>Mixing opioids with alcohol or benzodiazepines slows breathing.</p>"),
    ("safer_use", "<p>Do not use alone; start with a small amount.</p>"),
    ("get_help", "<p>Call 112 if someone does not respond.</p>"),
    ("overdose", {"signs": ["Does not respond"], "steps": ["Call 112", "Give naloxone", "Recovery position"], "emergency_number": "112"}),
]


@pytest.fixture
def library(home, locales):
    index = m.ResourceIndexPage(title="Recursos", slug="recursos", intro="<p>Informació útil.</p>")
    home.add_child(instance=index)
    publish(index)
    translate(index, locales["es"], title="Recursos", slug="recursos")
    translate(index, locales["en"], title="Resources", slug="resources")
    return index


@pytest.fixture
def make_resource(library, locales):
    def make(title, *, slug=None, summary="Un resum.", body=None, terms=(), reviewed=None, interval=12, translations=None, live=True, **extra):
        page = m.ResourcePage(
            title=title,
            slug=slug or title.lower().replace(" ", "-"),
            summary=summary,
            body=BODY if body is None else body,
            last_reviewed_on=reviewed or datetime.date.today(),
            last_reviewed_by="Equip de salut",
            review_interval_months=interval,
            live=live,
            **extra,
        )
        library.add_child(instance=page)
        for term in terms:
            getattr(page, {
                m.Substance: "substances", m.WayOfUse: "ways_of_use", m.Topic: "topics",
                m.Audience: "audiences", m.Format: "formats",
            }[type(term)]).add(term)
        page.save()
        if live:
            publish(page)
        else:
            page.save_revision()
        for code, fields in (translations or {}).items():
            translate(page, locales[code], **fields)
        return m.ResourcePage.objects.get(pk=page.pk)

    return make


def move_go_live_into_past(page):
    """What waiting would do: the approved revision's go-live time is now behind us."""
    from django.utils import timezone

    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = page.get_latest_revision()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    type(page).objects.filter(pk=page.pk).update(go_live_at=past)


@pytest.fixture
def comms(user_factory):
    return user_factory(username="writer", groups=[roles.COMMUNICATIONS])


@pytest.fixture
def reviewer(user_factory):
    return user_factory(username="second", groups=[roles.COMMUNICATIONS])
