"""Every plugin query is scoped to the request's site (plugins/api/sites.py)."""

import pytest
from wagtail.models import Site

from plugins.api import sites
from plugins.api.registry import all_plugins
from plugins.api.sites import SiteScopedManager


def plugin_models():
    for plugin in all_plugins():
        for model in plugin.app_config.get_models():
            if not model._meta.proxy:
                yield model


def site_reached(model, path: str):
    """Follow ``path`` (``indicator__site``) through foreign keys; the model it ends on."""
    current = model
    for part in path.split("__"):
        field = current._meta.get_field(part)
        assert field.is_relation and (field.many_to_one or field.one_to_one), f"{model.__name__}: {part} is not a foreign key"
        current = field.related_model
    return current


def test_every_plugin_model_is_scoped_or_says_why():
    found = list(plugin_models())
    assert len(found) >= 10  # the built-in plugins' models are all walked
    unscoped = []
    for model in found:
        exempt = getattr(model, "site_scope_exempt", "")
        path = getattr(model, "site_path", None)
        if path is None:
            if not (isinstance(exempt, str) and len(exempt.strip()) >= 20):
                unscoped.append(model._meta.label)
            continue
        assert not exempt, f"{model._meta.label} has a site path and an exemption"
        assert isinstance(model._default_manager, SiteScopedManager), (
            f"{model._meta.label}: its default manager must be a SiteScopedManager"
        )
        assert site_reached(model, path) is Site, f"{model._meta.label}: {path} does not end on wagtailcore.Site"
    assert not unscoped, f"plugin models with neither a site_path nor a site_scope_exempt reason: {unscoped}"


@pytest.mark.django_db
def test_default_manager_filters_by_the_scopes_site():
    site = Site.objects.get(is_default_site=True)
    for model in plugin_models():
        path = getattr(model, "site_path", None)
        if path is None:
            continue
        with sites.scope(site):
            scoped = str(model._default_manager.all().query)
        with sites.scope(None):
            every = str(model._default_manager.all().query)
        assert "WHERE" in scoped and f"site_id\" = {site.pk}" in scoped.split("WHERE")[-1] + "", model
        assert "WHERE" not in every, model
