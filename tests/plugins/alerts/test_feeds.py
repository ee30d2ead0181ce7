"""Atom and CAP 1.2: the current alerts, and each CAP message valid against the OASIS schema."""

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

import plugins.alerts

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ATOM = "{http://www.w3.org/2005/Atom}"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
SCHEMA = etree.XMLSchema(etree.parse(str(Path(plugins.alerts.__file__).parent / "schema" / "CAP-v1.2.xsd")))


def _valid(xml: bytes):
    document = etree.fromstring(xml)
    SCHEMA.assertValid(document)
    return document


def test_the_atom_feed_has_the_current_alerts_only(alert_factory, alert_index, alerts_on, client):
    now = timezone.now()
    alert_factory(title="Fentanyl in heroin")
    alert_factory(title="Old one", slug="old", valid_from=now - dt.timedelta(days=9), valid_until=now - dt.timedelta(days=1))
    response = client.get(alert_index.url + "atom/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(response.content).iter(f"{ATOM}entry")]
    assert len(titles) == 1 and titles[0].endswith(": Fentanyl in heroin")  # "<level>: <title>", in the feed's language


def test_the_cap_index_links_each_current_alert_to_a_valid_cap_message(
    alert_factory, alert_index, alerts_on, locales, client,
):
    page = alert_factory(title="Fentanyl in heroin", seen_where="Raval")
    alert_factory(title="Pills", slug="pills", severity="information", sold_as="")
    alert_index.copy_for_translation(locales["es"]).save_revision().publish()
    translated = page.copy_for_translation(locales["es"])
    translated.title = "Fentanilo en heroína"
    translated.save_revision().publish()

    index = ET.fromstring(client.get(alert_index.url + "cap/").content)
    links = [link.get("href") for link in index.iter(f"{ATOM}link") if link.get("type") == "application/cap+xml"]
    assert len(links) == 2
    for url in links:
        response = client.get(url)
        assert response["Content-Type"].startswith("application/cap+xml")
        _valid(response.content)  # raises with the schema's complaint

    message = _valid(client.get(page.url + "cap/").content)
    infos = message.findall(f"{CAP}info")
    assert [i.findtext(f"{CAP}language") for i in infos] == ["ca", "es"]  # one <alert>, one <info> per language
    assert {i.findtext(f"{CAP}headline") for i in infos} == {"Fentanyl in heroin", "Fentanilo en heroína"}
    assert infos[0].findtext(f"{CAP}severity") == "Extreme"
    assert infos[0].findtext(f"{CAP}instruction") == page.advice
    assert infos[0].find(f"{CAP}area").findtext(f"{CAP}areaDesc") == "Raval"


def test_an_alert_leaves_the_feeds_at_its_end(alert_factory, alert_index, alerts_on, client, time_machine):
    page = alert_factory(title="Fentanyl in heroin")
    time_machine.move_to(page.valid_until - dt.timedelta(seconds=1), tick=False)
    assert b"Fentanyl in heroin" in client.get(alert_index.url + "atom/").content
    time_machine.move_to(page.valid_until, tick=False)
    assert b"Fentanyl in heroin" not in client.get(alert_index.url + "atom/").content
    assert b"application/cap+xml" not in client.get(alert_index.url + "cap/").content


def test_feeds_are_not_found_while_the_plugin_is_off(alert_factory, alert_index, client):
    page = alert_factory()
    assert client.get(alert_index.url + "atom/").status_code == 404
    assert client.get(page.url + "cap/").status_code == 404
