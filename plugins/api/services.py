"""Writes of the plugin API."""

from __future__ import annotations


def plugin_enable(*, site, label: str, enabled: bool = True) -> list[str]:
    """Switch the plugin ``label`` on (or off) for ``site``; returns the labels now on.

    Takes effect on the next request (the content version moves on). Data of
    a switched-off plugin is kept. An unknown label is refused with
    ``ValueError``, so a typo never looks like a switch that worked.
    """
    from plugins.api.registry import plugin_labels
    from plugins.models import SitePlugins

    if label not in plugin_labels():
        raise ValueError(f"No plugin is installed with the label {label!r}.")
    setting = SitePlugins.for_site(site)
    current = [name for name in setting.enabled if name != label]
    if enabled:
        current.append(label)
    setting.enabled = sorted(current)
    setting.save()
    site.__dict__.pop("_safespace_enabled_plugins", None)
    return setting.enabled
