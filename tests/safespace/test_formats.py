"""Dates read as each language writes them: "dimecres 25 de novembre", "1 d'octubre"."""

import datetime as dt
import html

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from agenda.templatetags.agenda_tags import period_label
from safespace.formats import CUSTOM_FORMATS
from safespace.templatetags.safespace_tags import weekday_names
from screen.labels import day_label

pytestmark = pytest.mark.clock

WEDNESDAY = dt.date(2026, 11, 25)
THURSDAY = dt.datetime(2026, 10, 1, 18, 30)


def render(language, source, **context):
    with translation.override(language):
        return html.unescape(Template(source).render(Context(context)))


@pytest.mark.parametrize(
    "language, weekday_day, day, long_date",
    [
        ("ca", "dimecres 25 de novembre", "1 d'octubre", "dijous 1 d'octubre de 2026, 18:30"),
        ("es", "miércoles 25 de noviembre", "1 de octubre", "jueves 1 de octubre de 2026, 18:30"),
        ("en", "Wednesday 25 November", "1 October", "Thursday 1 October 2026, 18:30"),
    ],
)
def test_templates_join_day_and_month_as_the_language_does(language, weekday_day, day, long_date):
    assert render(language, '{{ d|date:"WEEKDAY_MONTH_DAY_FORMAT" }}', d=WEDNESDAY) == weekday_day
    assert render(language, '{{ d|date:"MONTH_DAY_FORMAT" }}', d=THURSDAY) == day
    assert render(language, '{{ d|date:"WEEKDAY_DATETIME_FORMAT" }}', d=THURSDAY) == long_date


@pytest.mark.parametrize(
    "language, expected",
    [("ca", ["25 de novembre de 2026", "1 d'abril de 2026", "3 d'agost de 2026", "7 de maig de 2026"]),
     ("es", ["25 de noviembre de 2026", "1 de abril de 2026", "3 de agosto de 2026", "7 de mayo de 2026"]),
     ("en", ["25 November 2026", "1 April 2026", "3 August 2026", "7 May 2026"])],
)
def test_full_dates(language, expected):
    days = [WEDNESDAY, dt.date(2026, 4, 1), dt.date(2026, 8, 3), dt.date(2026, 5, 7)]
    with translation.override(language):
        assert [formats.date_format(d, "DATE_FORMAT") for d in days] == expected


def test_a_heading_starts_with_a_capital_and_running_text_does_not():
    source = ('{% load i18n %}{{ d|date:"WEEKDAY_MONTH_DAY_FORMAT"|capfirst }}. '
              '{% blocktranslate with when=d|date:"WEEKDAY_MONTH_DAY_TIME_FORMAT" context "moved session" %}It was planned for {{ when }}.{% endblocktranslate %}')
    assert render("ca", source, d=THURSDAY) == "Dijous 1 d'octubre. Abans era el dijous 1 d'octubre, 18:30."
    assert render("es", source, d=THURSDAY) == "Jueves 1 de octubre. Antes era el jueves 1 de octubre, 18:30."


def test_every_language_defines_the_site_s_own_formats():
    # Without a definition Django would print the format's name as a pattern.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in CUSTOM_FORMATS:
                assert formats.get_format(name) != name, (code, name)


@pytest.mark.parametrize(
    "language, expected",
    [("ca", "Dimarts 14 d'abril"), ("es", "Martes 14 de abril"), ("en", "Tuesday 14 April")],
)
def test_screen_day_labels(language, expected):
    assert day_label(dt.date(2026, 4, 14), language) == expected


@pytest.mark.parametrize(
    "language, day, week, month",
    [
        ("ca", "Dimecres 25 de novembre de 2026", "28 de setembre – 4 d'octubre de 2026", "Abril del 2026"),
        ("es", "Miércoles 25 de noviembre de 2026", "28 de septiembre – 4 de octubre de 2026", "Abril de 2026"),
        ("en", "Wednesday 25 November 2026", "28 September – 4 October 2026", "April 2026"),
    ],
)
def test_agenda_period_headings(language, day, week, month):
    with translation.override(language):
        assert period_label("day", WEDNESDAY, WEDNESDAY) == day
        assert period_label("week", dt.date(2026, 9, 28), dt.date(2026, 10, 4)) == week
        assert period_label("month", dt.date(2026, 4, 1), dt.date(2026, 4, 30)) == month


def test_opening_days_keep_their_capital():
    with translation.override("ca"):
        assert weekday_names(["0", "1", "2", "3", "4", "5"]) == "Dilluns–Dissabte"
    with translation.override("es"):
        assert weekday_names(["2", "6"]) == "Miércoles, Domingo"
