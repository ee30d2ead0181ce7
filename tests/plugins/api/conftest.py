import pytest
from wagtail.models import Site

from plugins.api.services import plugin_enable


@pytest.fixture
def switch():
    """Switch plugins for a site as the administrator's form does; returns a fresh Site, as each request has."""

    def switch(site, label, on=True):
        plugin_enable(site=site, label=label, enabled=on)
        return Site.objects.get(pk=site.pk)

    return switch
