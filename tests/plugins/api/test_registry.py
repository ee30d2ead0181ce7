"""Discovery and the per-site switch of plugins."""

import pytest
from django.conf import settings
from wagtail.models import Site

from plugins.api import registry
from plugins.models import SitePlugins

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
