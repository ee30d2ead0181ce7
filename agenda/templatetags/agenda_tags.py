from django import template
from django.utils import formats

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
    if view == "day":
        return formats.date_format(first, "l j F Y")
    if view == "month":
        return formats.date_format(first, "F Y").capitalize()
    if first.year != last.year:
        return f"{formats.date_format(first, 'j F Y')} – {formats.date_format(last, 'j F Y')}"
    if first.month != last.month:
        return f"{formats.date_format(first, 'j F')} – {formats.date_format(last, 'j F Y')}"
    return f"{first.day}–{formats.date_format(last, 'j F Y')}"
