"""The project's pictograms: categories and rooms are recognised without reading.

The set lives in ``agenda/static/agenda/pictograms/`` (drawn for safespace,
AGPL like the rest; see the README there). An editor picks one by name, or
uploads their own as a Wagtail image: raster only, because the image library
already refuses SVG (tests/hardening/test_uploads.py) and serves re-encoded
renditions, so an upload can carry no script, link or event handler. The set
is inlined, so it takes the text colour and needs no request of its own.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

DIRECTORY = Path(__file__).parent / "static" / "agenda" / "pictograms"

PICTOGRAMS = [
    ("art", _("Art, painting")),
    ("assembly", _("Assembly, meeting")),
    ("care", _("Care")),
    ("cinema", _("Cinema")),
    ("coffee", _("Coffee, drop-in")),
    ("computer", _("Computers")),
    ("cooking", _("Cooking")),
    ("culture", _("Culture, theatre")),
    ("dance", _("Dance")),
    ("drug-checking", _("Drug checking")),
    ("food", _("Food, meals")),
    ("games", _("Games")),
    ("gardening", _("Gardening")),
    ("health", _("Health")),
    ("legal", _("Legal support, rights")),
    ("music", _("Music")),
    ("outdoors", _("Outdoors, courtyard")),
    ("party", _("Party")),
    ("pottery", _("Pottery")),
    ("reading", _("Reading, library")),
    ("rest", _("Rest, quiet")),
    ("room", _("Room")),
    ("sewing", _("Sewing")),
    ("sport", _("Sport")),
    ("talk", _("Talk, languages")),
    ("workshop", _("Workshop, tools")),
    ("writing", _("Writing")),
    ("yoga", _("Yoga, movement")),
]
NAMES = frozenset(name for name, _label in PICTOGRAMS)


@functools.cache
def _svg_body(name: str) -> str:
    text = (DIRECTORY / f"{name}.svg").read_text()
    return text[text.index(">") + 1 : text.rindex("</svg>")]


def svg(name: str, *, css_class: str = "pictogram") -> str:
    """The named pictogram as inline SVG, hidden from screen readers: it
    always stands beside the name it pictures."""
    if name not in NAMES:
        return ""
    return format_html(
        '<svg class="{}" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">{}</svg>',
        css_class,
        mark_safe(_svg_body(name)),  # our own files, read from the package
    )


UPLOAD_RENDITION = "fill-96x96"


def uploaded_url(thing) -> str:
    image = getattr(thing, "pictogram_image", None)
    return image.get_rendition(UPLOAD_RENDITION).url if image is not None else ""


def pictogram_html(thing, *, css_class: str = "pictogram") -> str:
    """The pictogram of a category or room (an upload wins over the set's), or ''."""
    if thing is None:
        return ""
    url = uploaded_url(thing)
    if url:
        return format_html('<img class="{}" src="{}" alt="" width="24" height="24">', css_class, url)
    return svg(getattr(thing, "pictogram", ""), css_class=css_class)


def pictogram_ref(thing) -> dict | None:
    """For data sent to a browser (the wall screen): {"src": url} for an
    upload, {"name": name} for one of the set, None if there is none."""
    if thing is None:
        return None
    url = uploaded_url(thing)
    if url:
        return {"src": url}
    if getattr(thing, "pictogram", "") in NAMES:
        return {"name": thing.pictogram}
    return None


def sprite(names) -> str:
    """These pictograms of the set as hidden <symbol>s, for pages that draw
    them from data with <use href="#picto-NAME"> (the wall screen and its
    script). Only the ones named, to keep the page light."""
    symbols = "".join(
        format_html('<symbol id="picto-{}" viewBox="0 0 24 24">{}</symbol>', name, mark_safe(_svg_body(name)))
        for name in sorted(set(names) & NAMES)
    )
    return mark_safe(
        '<svg class="pictogram-sprite" width="0" height="0" aria-hidden="true" focusable="false" hidden>'
        + symbols + "</svg>"
    )
