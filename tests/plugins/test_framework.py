"""The plugin mechanism: discovery, per-site switches, extension points, URLs and admin menu."""

import logging

import pytest
from django.conf import settings
from django.dispatch import receiver
from django.test import override_settings

from wagtail.models import Site

from plugins import registry
from plugins.models import SitePlugins
from plugins.signals import SiteSignal
from safespace.signals import home_blocks

pytestmark = pytest.mark.django_db


def enable(site, *labels):
    setting = SitePlugins.for_site(site)
    setting.enabled = list(labels)
    setting.save()


def test_example_plugin_is_found_through_its_entry_point():
    assert "safespace_hello" in registry.discover()
    assert "safespace_hello" in settings.INSTALLED_APPS
    info = {p.label: p for p in registry.all_plugins()}["safespace_hello"]
    assert info.name == "Hello"
    assert info.version == "1.0.0"
    assert info.author


def test_plugins_are_off_until_switched_on_per_site(site):
    assert not registry.is_enabled(site, "safespace_hello")
    enable(site, "safespace_hello")
    site = Site.objects.get(pk=site.pk)  # a fresh Site object, as each request has
    assert registry.is_enabled(site, "safespace_hello")


def test_unknown_labels_in_the_setting_are_ignored(site):
    enable(site, "no_such_plugin", "safespace_hello")
    site = Site.objects.get(pk=site.pk)
    assert registry.enabled_labels(site) == {"safespace_hello"}


def test_home_shows_the_plugin_block_only_while_enabled(client, home, site):
    assert "Hello from a plugin" not in client.get("/en/").content.decode()
    enable(site, "safespace_hello")
    assert "Hello from a plugin" in client.get("/en/").content.decode()
    enable(site)
    assert "Hello from a plugin" not in client.get("/en/").content.decode()


def test_plugin_urls_answer_404_while_switched_off(client, home, site):
    assert client.get("/en/plugins/safespace_hello/").status_code == 404
    enable(site, "safespace_hello")
    response = client.get("/en/plugins/safespace_hello/")
    assert response.status_code == 200
    assert "A page served by the Hello plugin" in response.content.decode()


def test_admin_menu_entry_follows_the_switch(client, home, site, superuser):
    client.force_login(superuser)
    assert "/plugins/safespace_hello/" not in client.get("/admin/").content.decode()
    enable(site, "safespace_hello")
    assert "/plugins/safespace_hello/" in client.get("/admin/").content.decode()


def test_administrator_switches_plugins_in_the_admin(client, home, site, superuser):
    client.force_login(superuser)
    url = f"/admin/settings/plugins/sitePlugins/{site.pk}/"
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "Greets visitors on the home page." in form_page.content.decode()
    response = client.post(url, {"enabled": ["safespace_hello"]})
    assert response.status_code == 302
    site = Site.objects.get(pk=site.pk)
    assert registry.is_enabled(site, "safespace_hello")
    # No restart: the very next request sees it.
    assert "Hello from a plugin" in client.get("/en/").content.decode()


def test_a_failing_receiver_is_logged_and_skipped(home, site, caplog):
    signal = SiteSignal()

    def broken(sender, **kwargs):
        raise RuntimeError("boom")

    def working(sender, **kwargs):
        return "ok"

    signal.connect(broken, weak=False)
    signal.connect(working, weak=False)
    with caplog.at_level(logging.ERROR, logger="plugins.signals"):
        responses = signal.send(sender=site)
    assert [response for _, response in responses] == ["ok"]
    assert "boom" in caplog.text


def test_a_failing_plugin_never_breaks_the_page(client, home, site):
    @receiver(home_blocks, weak=False, dispatch_uid="test_broken_home_block")
    def broken(sender, **kwargs):
        raise RuntimeError("plugin bug")

    try:
        response = client.get("/en/")
        assert response.status_code == 200
    finally:
        home_blocks.disconnect(dispatch_uid="test_broken_home_block")


def test_receivers_are_called_in_a_stable_order(site):
    signal = SiteSignal()
    calls = []
    # Core receivers (this test module) always run; order is by app label, then connection.
    for name in ("first", "second", "third"):
        signal.connect(lambda sender, name=name, **kw: calls.append(name) or name, weak=False)
    assert [r for _, r in signal.send(sender=site)] == ["first", "second", "third"]


def test_a_404_inside_the_admin_stays_a_404(client, home, superuser):
    client.force_login(superuser)
    response = client.get("/admin/pages/999999/edit/")
    assert response.status_code == 404


def test_unprefixed_public_paths_still_get_their_language(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 302
    assert response["Location"].endswith("/no-such-page/")
