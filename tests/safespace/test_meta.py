"""Every public page says what it is about (<meta name="description">), with fallbacks."""

import re

import pytest

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def description(client, url) -> str | None:
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.findall(r'<meta name="description" content="([^"]*)"', response.content.decode())
    assert len(found) <= 1, url
    return found[0] if found else None


def test_home_page_describes_itself_with_its_lead_text(client, home):
    home.hero_text = "<p>A safe space for <b>women</b> who use drugs.</p>"
    home.save_revision().publish()
    assert description(client, "/ca/") == "A safe space for women who use drugs."


def test_search_description_wins_over_the_intro(client, home):
    StandardPageFactory(parent=home, title="About", slug="about", intro="Who we are.", search_description="All about us.")
    assert description(client, "/ca/about/") == "All about us."


def test_a_page_with_nothing_to_say_falls_back_to_its_home_page(client, home):
    home.hero_text = "<p>The space.</p>"
    home.save_revision().publish()
    StandardPageFactory(parent=home, title="Empty", slug="empty", intro="")
    assert description(client, "/ca/empty/") == "The space."
