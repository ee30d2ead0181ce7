from django import template
from django.utils import formats
from django.utils.text import capfirst

from agenda.models import ACTIVITY_LANGUAGES, Audience

register = template.Library()
_LANGUAGE_NAMES = dict(ACTIVITY_LANGUAGES)


@register.filter
def language_names(codes) -> str:
    return ", ".join(_LANGUAGE_NAMES.get(code, code) for code in (codes or []))


@register.filter
def audience_label(value) -> str:
    try:
        return Audience(value).label
    except ValueError:
        return ""


@register.simple_tag
def period_label(view, first, last) -> str:
    # Named formats, so each language joins day and month its own way (safespace/formats/).
    if view == "day":
        return capfirst(formats.date_format(first, "WEEKDAY_DATE_FORMAT"))
    if view == "month":
        return capfirst(formats.date_format(first, "YEAR_MONTH_FORMAT"))
    if first.year != last.year:
        return f"{formats.date_format(first, 'DATE_FORMAT')} – {formats.date_format(last, 'DATE_FORMAT')}"
    if first.month != last.month:
        return f"{formats.date_format(first, 'MONTH_DAY_FORMAT')} – {formats.date_format(last, 'DATE_FORMAT')}"
    return f"{first.day}–{formats.date_format(last, 'DATE_FORMAT')}"


@register.simple_tag
def pictogram(thing, css_class: str = "pictogram"):
    """A category's or room's pictogram, decorative beside its name ('' if none)."""
    from agenda.pictograms import pictogram_html

    return pictogram_html(thing, css_class=css_class)


@register.filter
def easy_read_lines(text) -> list[str]:
    """An easy-read summary is one short sentence per line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
