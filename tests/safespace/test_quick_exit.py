"""Quick exit (issue 18): on every public page, a plain link to a neutral site
set in the site settings; stealth mode gives tabs a neutral title and icon."""

import pytest
from django.core.exceptions import ValidationError

from safespace.models import SiteSettings
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def _settings(site, **fields):
    obj = SiteSettings.for_site(site)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def test_every_public_page_has_a_quick_exit_to_the_neutral_site(client, home, site):
    _settings(site, quick_exit_url="https://weather.example/barcelona")
    page = StandardPageFactory(parent=home, title="Qui som", slug="qui-som")
    for url in ("/ca/", page.url, "/en/no-such-page/"):
        html = client.get(url).content.decode()
        assert (
            '<a class="quick-exit" href="https://weather.example/barcelona" rel="noreferrer" data-quick-exit>' in html
        ), url
        # The script comes from the site itself; the strict CSP forbids anything inline.
        assert 'src="/static/js/quick-exit.js"' in html


def test_stealth_mode_gives_a_neutral_title_and_icon(client, home, site):
    _settings(site, name="Espai Segur")
    html = client.get("/en/").content.decode()
    assert "Espai Segur</title>" in html
    assert "neutral-favicon" not in html

    _settings(site, quick_exit_stealth=True)
    html = client.get("/en/").content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == "Notes"
    assert 'href="/static/neutral-favicon.svg"' in html
    assert "favicon.ico" not in html and 'href="/static/favicon.svg"' not in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example/", "data:text/html,hi"])
def test_quick_exit_goes_only_to_a_web_address(site, url):
    obj = SiteSettings.for_site(site)
    obj.quick_exit_url = url
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    assert "quick_exit_url" in error.value.message_dict
