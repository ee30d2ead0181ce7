"""Public URLs of plugins, each under /<lang>/plugins/<label>/ as plugins:<label>:<name>.

A plugin that has a ``urls`` module with ``urlpatterns`` gets them included;
PluginGuardMiddleware answers 404 while the plugin is off for the site.
"""

from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path


def plugin_urlpatterns() -> list:
    from plugins.registry import all_plugins

    patterns = []
    for plugin in all_plugins():
        module_name = f"{plugin.app_config.name}.urls"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        patterns.append(path(f"{plugin.label}/", include((module.urlpatterns, plugin.label), namespace=plugin.label)))
    return patterns
