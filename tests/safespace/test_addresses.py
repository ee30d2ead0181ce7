"""The public address comes from one setting; the default Wagtail Site follows it."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from safespace import addresses
from safespace.services import site_address_sync


def test_absolute_addresses_come_from_the_setting_with_its_port(settings):
    settings.SAFESPACE_PUBLIC_URL = "http://127.0.0.1:8104/"
    assert addresses.absolute_url("/ca/agenda/") == "http://127.0.0.1:8104/ca/agenda/"
    assert addresses.absolute_url("ca/agenda/?lang=es") == "http://127.0.0.1:8104/ca/agenda/?lang=es"
    assert addresses.public_host() == "127.0.0.1"
    # Already absolute (another Site's page, a file on S3), or no address at all: left alone.
    assert addresses.absolute_url("https://bucket.example/img.jpg") == "https://bucket.example/img.jpg"
    assert addresses.absolute_url("") == ""


def test_page_addresses_ignore_the_host_the_request_came_in_at(rf, home, settings):
    settings.SAFESPACE_PUBLIC_URL = "https://espailila.example"
    request = rf.get("/", HTTP_HOST="127.0.0.1:9999")
    assert addresses.page_full_url(home, request=request) == "https://espailila.example/ca/"
    assert addresses.page_full_url(None) == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "public, hostname, port, root_url",
    [
        ("http://127.0.0.1:8104", "127.0.0.1", 8104, "http://127.0.0.1:8104"),
        ("https://espailila.example/", "espailila.example", 443, "https://espailila.example"),
        ("http://localhost", "localhost", 80, "http://localhost"),
    ],
)
def test_the_default_site_is_kept_in_step(settings, public, hostname, port, root_url):
    settings.SAFESPACE_PUBLIC_URL = public
    site_address_sync()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (hostname, port, root_url)


def test_site_address_command_and_page_full_urls_agree(home, settings, capsys):
    settings.SAFESPACE_PUBLIC_URL = "http://127.0.0.1:8104"
    call_command("site_address")
    assert "http://127.0.0.1:8104/" in capsys.readouterr().out
    home.refresh_from_db()
    assert home.get_full_url() == addresses.page_full_url(home) == "http://127.0.0.1:8104/ca/"


def test_make_run_serves_and_announces_the_same_address():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "BASE_URL ?= http://$(HOST):$(PORT)" in makefile
    # Both the demo loader (which keeps the Site in step) and the server get it.
    assert makefile.count("SAFESPACE_PUBLIC_URL=$(BASE_URL)") == 2
