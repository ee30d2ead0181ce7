"""Everything a plugin shows or serves follows its switch."""

import pytest

from plugins.models import SitePlugins

pytestmark = pytest.mark.django_db


def enable(site, *labels):
    setting = SitePlugins.for_site(site)
    setting.enabled = list(labels)
    setting.save()


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


def test_a_404_inside_the_admin_stays_a_404(client, home, superuser):
    client.force_login(superuser)
    response = client.get("/admin/pages/999999/edit/")
    assert response.status_code == 404


def test_unprefixed_public_paths_still_get_their_language(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 302
    assert response["Location"].endswith("/no-such-page/")


def test_home_shows_the_plugin_block_only_while_enabled(client, home, site):
    assert "Hello from a plugin" not in client.get("/en/").content.decode()
    enable(site, "safespace_hello")
    assert "Hello from a plugin" in client.get("/en/").content.decode()
    enable(site)
    assert "Hello from a plugin" not in client.get("/en/").content.decode()
