"""Pictograms (issue 18): one set in one line style, licensed with the
project, shown beside the names of categories and rooms, the same in every
language; an editor's own pictogram is a raster image."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from wagtail_factories import ImageFactory

from agenda.models import Category
from agenda.pictograms import DIRECTORY, NAMES, pictogram_html
from tests.agenda.conftest import weekly

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = {"path", "circle", "rect", "line", "polyline", "ellipse"}
GEOMETRY = {"d", "cx", "cy", "r", "x", "y", "width", "height", "rx", "ry", "x1", "y1", "x2", "y2", "points"}


def test_the_set_is_one_line_style_and_nothing_else():
    assert {p.stem for p in DIRECTORY.glob("*.svg")} == set(NAMES)
    for name in NAMES:
        root = ET.parse(DIRECTORY / f"{name}.svg").getroot()
        assert root.tag == f"{SVG}svg", name
        assert {k: root.get(k) for k in ("viewBox", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin")} == {
            "viewBox": "0 0 24 24", "fill": "none", "stroke": "currentColor", "stroke-width": "2",
            "stroke-linecap": "round", "stroke-linejoin": "round",
        }, name
        for element in root:
            # Plain shapes drawn by the root's stroke: no styles, colours, links, scripts or handlers.
            assert element.tag.removeprefix(SVG) in SHAPES, (name, element.tag)
            assert set(element.attrib) <= GEOMETRY, (name, element.attrib)
            assert len(element) == 0, name


def test_the_set_is_licensed_with_the_project_and_covers_common_activities():
    readme = (DIRECTORY / "README.md").read_text()
    assert "AGPL-3.0-or-later" in readme and "24×24" in readme
    assert {
        "workshop", "art", "music", "cooking", "yoga", "sport", "legal", "health", "drug-checking", "assembly",
        "cinema", "party", "computer", "sewing", "gardening", "pottery",
    } <= NAMES


@pytest.mark.django_db
def test_a_pictogram_is_decorative_inline_svg_and_an_upload_wins(categories):
    care = categories["care"]
    assert pictogram_html(care) == ""
    care.pictogram = "health"
    html = pictogram_html(care)
    assert html.startswith('<svg class="pictogram"') and 'aria-hidden="true"' in html and "<path" in html
    care.pictogram = "no-such-name"
    assert pictogram_html(care) == ""

    care.pictogram_image = ImageFactory(title="Cura", file__width=120, file__height=120)
    html = pictogram_html(care)
    assert re.fullmatch(r'<img class="pictogram" src="/media/images/[^"]+\.fill-96x96\.(?:png|jpg|webp)" alt="" width="24" height="24">', html), html


@pytest.mark.django_db
def test_a_pictogram_is_the_same_in_every_language(categories, locales):
    creative = categories["creative"]
    spanish = creative.copy_for_translation(locales["es"])
    spanish.name = "Creativa"
    spanish.save()
    creative.pictogram = "art"
    creative.save()
    assert Category.objects.get(pk=spanish.pk).pictogram == "art"
    # Edited in Spanish: the Catalan one follows.
    spanish.refresh_from_db()
    spanish.pictogram = "pottery"
    spanish.save()
    assert Category.objects.get(pk=creative.pk).pictogram == "pottery"


@pytest.mark.django_db
@pytest.mark.clock
def test_agenda_views_and_activity_pages_show_pictograms_beside_names(client, make_activity, categories, rooms):
    categories["creative"].pictogram = "sewing"
    categories["creative"].save()
    rooms["big-room"].pictogram = "room"
    rooms["big-room"].save()
    sewing = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])])

    week = client.get("/ca/agenda/week/2026-03-09/").content.decode()
    title = re.search(r'<h4 class="occ__title">(.*?)</h4>', week, re.S).group(1)
    assert title.startswith('<svg class="pictogram"') and 'aria-hidden="true"' in title and "Costura" in title
    assert re.search(r'<span class="occ__room"><svg class="pictogram"[^>]*>.*?</svg>Sala gran</span>', week, re.S)

    page = client.get(sewing.url).content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert h1.startswith('<svg class="pictogram pictogram--large"') and h1.endswith("</svg>Costura")
    assert re.search(r'<dd><svg class="pictogram"[^>]*>.*?</svg>Creatiu</dd>', page, re.S)

    session = client.get(f"{sewing.url}2026-03-10-1800/").content.decode()
    assert re.search(r'<h1><svg class="pictogram pictogram--large"', session)


def test_pictogram_choices_are_offered_in_the_editor():
    field = Category._meta.get_field("pictogram")
    assert {value for value, _label in field.choices} == set(NAMES)
    assert settings.LANGUAGE_CODE  # the choice is one field, synchronised, not translated
    assert "pictogram" in {f.field_name for f in Category.override_translatable_fields}
