"""Counts take the plural their number asks for; one English word, two meanings, two translations."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext, pgettext


@pytest.mark.parametrize(
    "language, one, many",
    [
        ("ca", "Desat: 1 persona.", "Desat: 3 persones."),
        ("es", "Guardado: 1 persona.", "Guardado: 3 personas."),
        ("en", "Saved: 1 person.", "Saved: 3 people."),
    ],
)
def test_counts_agree_with_their_number(language, one, many):
    with translation.override(language):
        assert [ngettext("Saved: %(n)d person.", "Saved: %(n)d people.", n) % {"n": n} for n in (1, 3)] == [one, many]


@pytest.mark.parametrize("language, one, many", [("ca", "1 seleccionat", "2 seleccionats"), ("es", "1 seleccionado", "2 seleccionados")])
def test_blocktranslate_count(language, one, many):
    source = Template("{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} selected{% plural %}{{ counter }} selected{% endblocktranslate %}")
    with translation.override(language):
        assert [source.render(Context({"n": n})) for n in (1, 2)] == [one, many]


@pytest.mark.parametrize(
    "language, heading, pager, participant, staff",
    [("ca", "A continuació", "Següent", "Apunta't", "Inscriu"), ("es", "A continuación", "Siguiente", "Apúntate", "Inscribir")],
)
def test_same_english_word_two_meanings(language, heading, pager, participant, staff):
    with translation.override(language):
        assert pgettext("agenda heading: what comes after now", "Next") == heading
        assert pgettext("pager: the next page", "Next") == pager
        assert pgettext("participant signs up", "Sign up") == participant
        assert pgettext("staff button: sign a participant up", "Sign up") == staff
