"""The public reason of a cancelled or moved session, in each language.

The reason is written on the page that owns the schedule, translated with
the page in wagtail-localize, and shown in the reader's language; where it
is not translated yet, the original shows.
"""

import datetime as dt

import pytest

from agenda import selectors
from agenda.models import ActivityChange
from tests.agenda.conftest import weekly
from tests.translation import localize

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

WEEK = "/{lang}/agenda/week/2026-03-16/"


def _translate(page, locale, strings):
    return localize(page, locale, strings=strings, publish=True)[1]


@pytest.fixture
def workshop(make_activity):
    return make_activity("Taller de costura", slots=[weekly(dt.date(2026, 3, 2), [1])], changes=[
        {"kind": "cancel", "original_date": dt.date(2026, 3, 17), "reason": "La formadora està malalta."},
        {"kind": "move", "original_date": dt.date(2026, 3, 10), "new_start_time": dt.time(19), "reason": "Comencem més tard."},
    ])


def test_wagtail_localize_offers_the_reasons_and_each_language_shows_its_own(workshop, locales, client):
    _translate(workshop, locales["es"], {
        "Taller de costura": "Taller de costura ES",
        "La formadora està malalta.": "La formadora está enferma.",
        "Comencem més tard.": "Empezamos más tarde.",
    })
    assert "La formadora està malalta." in client.get(WEEK.format(lang="ca")).content.decode()
    spanish = client.get(WEEK.format(lang="es")).content.decode()
    assert "La formadora está enferma." in spanish and "La formadora està malalta." not in spanish

    def reasons(language):
        return [o.public_reason for o in selectors.occurrences_between(
            start=dt.datetime(2026, 3, 9, tzinfo=dt.UTC), end=dt.datetime(2026, 3, 19, tzinfo=dt.UTC), language=language,
        ) if o.public_reason]

    assert reasons("es") == ["Empezamos más tarde.", "La formadora está enferma."]
    # Not translated into English yet: the original reasons.
    assert reasons("en") == ["Comencem més tard.", "La formadora està malalta."]


def test_a_new_reason_on_the_owner_keeps_the_translations_of_the_others(workshop, locales, client):
    spanish = _translate(workshop, locales["es"], {"La formadora està malalta.": "La formadora está enferma."})
    assert ActivityChange.objects.filter(page=spanish).count() == 2
    # The owner edits the schedule again: the Spanish reason stays.
    workshop.title = "Taller de costura i patrons"
    workshop.save_revision().publish()
    assert "La formadora está enferma." in client.get(WEEK.format(lang="es")).content.decode()


def test_the_json_gives_the_reason_in_the_language_asked(workshop, locales, client):
    _translate(workshop, locales["en"], {"La formadora està malalta.": "The trainer is ill."})
    def cancelled(language):
        data = client.get(f"/api/agenda/occurrences.json?start=2026-03-16&end=2026-03-23&lang={language}").json()
        return [o["reason"] for o in data["occurrences"] if o["cancelled"]]

    assert cancelled("en") == ["The trainer is ill."]
    assert cancelled("ca") == ["La formadora està malalta."]



def test_the_ical_feed_gives_the_reason_in_its_language(workshop, locales, client):
    import icalendar

    # A cancelled session is an EXDATE (no text); a moved one carries its reason.
    _translate(workshop, locales["en"], {"Comencem més tard.": "We start later."})

    def descriptions(query):
        feed = icalendar.Calendar.from_ical(client.get(f"/feeds/agenda.ics{query}").content)
        return " ".join(str(c.get("description", "")) for c in feed.walk("VEVENT"))

    assert "We start later." in descriptions("?lang=en")
    assert "Comencem més tard." in descriptions("") and "We start later." not in descriptions("")
