"""Which plugins exist, and which are enabled for a site.

A plugin is an installed Django app whose AppConfig has an inner ``PluginMeta``.
Built-in plugins are listed in INSTALLED_APPS; third-party ones are found
through the ``safespace.plugins`` entry-point group (see ``discover``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points

from django.apps import AppConfig, apps

ENTRY_POINT_GROUP = "safespace.plugins"


@dataclass(frozen=True)
class PluginInfo:
    label: str
    name: str
    description: str
    version: str
    author: str
    app_config: AppConfig


def discover() -> list[str]:
    """Module names of third-party plugins installed with pip (for INSTALLED_APPS)."""
    return sorted({ep.module for ep in entry_points(group=ENTRY_POINT_GROUP)})


def all_plugins() -> list[PluginInfo]:
    """Every installed plugin, in a stable order (by label)."""
    found = []
    for app_config in apps.get_app_configs():
        meta = getattr(app_config, "PluginMeta", None)
        if meta is None:
            continue
        found.append(
            PluginInfo(
                label=app_config.label,
                name=str(getattr(meta, "name", app_config.verbose_name)),
                description=str(getattr(meta, "description", "")),
                version=str(getattr(meta, "version", "")),
                author=str(getattr(meta, "author", "")),
                app_config=app_config,
            )
        )
    return sorted(found, key=lambda p: p.label)


def plugin_labels() -> frozenset[str]:
    return frozenset(p.label for p in all_plugins())


# How each site's switches are kept across requests. The host hands in its content
# cache (safespace/apps.py) so that the API imports nothing from the host; without
# one, they are read once per request.
_read_through = None


def cache_with(read_through) -> None:
    """Keep each site's switches in ``read_through(name, *parts, build=...)``, a cache
    that starts afresh whenever a ``SitePlugins`` row is saved (the host's content cache)."""
    global _read_through
    _read_through = read_through


def enabled_labels(site) -> frozenset[str]:
    """Labels of the plugins switched on for ``site`` (a Wagtail Site)."""
    from plugins.models import SitePlugins

    if site is None:
        return frozenset()
    # Wagtail keeps one Site object per request, so this caches per request.
    cached = getattr(site, "_safespace_enabled_plugins", None)
    if cached is None:
        def build():
            return list(SitePlugins.for_site(site).enabled)

        # Read on most pages; switching a plugin starts a new content version.
        switched_on = _read_through("plugins-enabled", site.pk, build=build) if _read_through else build()
        cached = frozenset(switched_on) & plugin_labels()
        site._safespace_enabled_plugins = cached
    return cached


def is_enabled(site, label: str) -> bool:
    return label in enabled_labels(site)


def app_label_of(receiver) -> str | None:
    """The label of the installed app a receiver's (or any object's) module belongs to."""
    module = getattr(receiver, "__module__", "") or ""
    app_config = apps.get_containing_app_config(module)
    return app_config.label if app_config else None


def plugin_of_module(module: str) -> str | None:
    """The label of the plugin a Python module belongs to, or None for core code."""
    if not module:
        return None
    app_config = apps.get_containing_app_config(module)
    if app_config is None or getattr(app_config, "PluginMeta", None) is None:
        return None
    return app_config.label
