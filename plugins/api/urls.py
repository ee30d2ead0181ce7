"""Where a plugin's URLs are mounted.

- Public URLs: a plugin's ``urls`` module with ``urlpatterns`` is mounted at
  ``/<lang>/plugins/<label>/`` and reversed as ``plugins:<label>:<name>``
  (``plugin_urlpatterns``, included once by the site's URLconf).
- Admin URLs: ``register_plugin_admin_urls(label, urlpatterns)`` at the top
  level of the plugin's ``wagtail_hooks.py`` mounts them at ``/admin/<label>/``,
  reversed as ``<label>_admin:<name>``.
- Wagtail viewsets (``ModelViewSet``, ``SnippetViewSet``, ``ViewSetGroup``):
  ``register_plugin_viewset(label, viewset)``, or Wagtail's own
  ``register_admin_viewset`` hook and ``register_snippet``.

Every view mounted here answers 404 while its plugin is off for the request's
site (``plugins.api.guard``, applied as the URLs are built).
"""

from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path
from wagtail import hooks

from plugins.api.guard import guard_urlpatterns


def plugin_urlpatterns() -> list:
    from plugins.api.registry import all_plugins

    patterns = []
    for plugin in all_plugins():
        module_name = f"{plugin.app_config.name}.urls"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        urlpatterns = guard_urlpatterns(plugin.label, list(module.urlpatterns))
        patterns.append(path(f"{plugin.label}/", include((urlpatterns, plugin.label), namespace=plugin.label)))
    return patterns


def register_plugin_admin_urls(label: str, urlpatterns: list) -> None:
    """Mount a plugin's admin views at ``/admin/<label>/``, reversed as ``<label>_admin:<name>``.

    Call it once, at the top level of the plugin's ``wagtail_hooks.py``. The
    views sit behind Wagtail's admin login like any admin URL; they answer 404
    while the plugin is off for the site, and each view still checks its own
    permission.
    """
    namespace = f"{label}_admin"

    def admin_urls():
        guarded = guard_urlpatterns(label, list(urlpatterns))
        return [path(f"{label}/", include((guarded, namespace), namespace=namespace))]

    admin_urls.__name__ = admin_urls.__qualname__ = f"{label}_admin_urls"
    hooks.register("register_admin_urls", admin_urls)


def register_plugin_viewset(label: str, viewset) -> None:
    """Register a Wagtail viewset (or ViewSetGroup) of plugin ``label`` in the admin.

    The same as returning it from a ``register_admin_viewset`` hook, except
    that the viewset is marked as the plugin's even when its model belongs to
    the host; its views answer 404 while the plugin is off. Call it once, at
    the top level of the plugin's ``wagtail_hooks.py``.
    """
    from wagtail.admin.viewsets.base import ViewSetGroup

    members = list(viewset.registerables) if isinstance(viewset, ViewSetGroup) else [viewset]
    for member in members:
        member.plugin_label = label

    def admin_viewset():
        return viewset

    admin_viewset.__name__ = admin_viewset.__qualname__ = f"{label}_admin_viewset"
    hooks.register("register_admin_viewset", admin_viewset)
