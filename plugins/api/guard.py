"""The guard: every URL a plugin registers answers 404 while the plugin is off.

As pretix's ``require_plugin``, it sits at the route, not in the view: the
wrapper is put around each view when the URLs are built, so a view cannot
forget it and no middleware has to guess. ``guard_plugin_routes`` walks the
site's whole URLconf once and wraps every view that belongs to a plugin:

- the plugin's public URLs (``plugins.api.urls.plugin_urlpatterns``) and its
  admin URLs (``register_plugin_admin_urls``), by the label they are mounted
  under;
- every Wagtail viewset of a plugin (``ModelViewSet``, ``SnippetViewSet`` and
  the chooser it brings, ``ViewSetGroup`` members, ``register_snippet``),
  however it was registered: through ``register_plugin_viewset``, a
  ``register_admin_viewset`` hook or ``register_snippet``. A viewset belongs
  to a plugin when it was registered with ``register_plugin_viewset``, when
  its model is a plugin's, or when its class is defined in a plugin;
  Their menu items (``add_to_admin_menu``) are hidden while the plugin is off;
- any other view (a ``register_admin_urls`` hook, a report, an API view) whose
  function or class is defined in a plugin's module, or whose model is a
  plugin's.

The plugin is looked up for the request's site (``Site.find_for_request``) on
every request, so switching takes effect on the next one.
"""

from __future__ import annotations

from functools import update_wrapper

from django.http import Http404
from django.urls import URLPattern, URLResolver

GUARD_ATTRIBUTE = "safespace_plugin_guard"


def require_plugin(label: str):
    """Decorate a view so that it answers 404 while plugin ``label`` is off for the request's site.

    The guard goes outside every other decorator (Wagtail's admin login
    included), so a switched-off plugin's URL is a 404 for everyone.
    """

    def decorator(view):
        if is_guarded(view, label):
            return view
        guarded = _guarded(view, label)
        update_wrapper(guarded, view)  # keeps view_class, csrf_exempt, __module__...
        setattr(guarded, GUARD_ATTRIBUTE, label)
        return guarded

    return decorator


def _guarded(view, label: str):
    def guarded(request, *args, **kwargs):
        from wagtail.models import Site

        from plugins.api.registry import is_enabled

        if not is_enabled(Site.find_for_request(request), label):
            raise Http404("This plugin is switched off for this site.")
        return view(request, *args, **kwargs)

    return guarded


_GUARD_CODE = _guarded(None, "").__code__


def is_guarded(view, label: str) -> bool:
    """Whether the outermost layer of ``view`` is ``require_plugin(label)``.

    ``update_wrapper`` copies the marker onto any decorator put around the
    guard later (Wagtail's admin login is), so the marker alone does not say
    that the guard is outside.
    """
    return getattr(view, GUARD_ATTRIBUTE, None) == label and getattr(view, "__code__", None) is _GUARD_CODE


def guard_urlpatterns(label: str, urlpatterns: list) -> list:
    """Wrap every view in ``urlpatterns`` (included ones too) with ``require_plugin(label)``; in place."""
    _walk(urlpatterns, {}, label)
    return urlpatterns


def guard_plugin_routes(urlpatterns: list) -> list:
    """Wrap every view of the site's URLconf that belongs to a plugin; in place.

    Called once, at the end of the site's ``urls.py`` (after Wagtail's admin
    URLs, and so every viewset, have been built).
    """
    _walk(urlpatterns, _viewset_namespaces(), None)
    return urlpatterns


def plugin_of_viewset(viewset) -> str | None:
    """The label of the plugin a Wagtail viewset belongs to, or None."""
    from plugins.api.registry import plugin_of_module

    return (
        getattr(viewset, "plugin_label", None)
        or _plugin_of_model(getattr(viewset, "model", None))
        or plugin_of_module(type(viewset).__module__)
    )


def plugin_of_view(callback) -> str | None:
    """The label of the plugin a view function belongs to, by its module, its class or its model."""
    from plugins.api.registry import plugin_of_module

    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return (
        plugin_of_module(getattr(callback, "__module__", "") or "")
        or plugin_of_module(getattr(view_class, "__module__", "") or "")
        or _plugin_of_model(getattr(view_class, "model", None))
        or _plugin_of_model((getattr(callback, "view_initkwargs", None) or {}).get("model"))
    )


def _plugin_of_model(model) -> str | None:
    """The plugin a model (a class or an "app_label.Model" string) belongs to."""
    from plugins.api.registry import plugin_labels

    if model is None:
        return None
    label = model.partition(".")[0] if isinstance(model, str) else getattr(getattr(model, "_meta", None), "app_label", None)
    return label if label in plugin_labels() else None


def _viewset_namespaces() -> dict[str, str]:
    """The URL namespace of every plugin viewset, with its plugin; their menu items follow the switch too."""
    from wagtail.admin.viewsets import viewsets

    from plugins.api.menu import plugin_menu_item_class

    found = {}
    for viewset in viewsets.viewsets:
        label = plugin_of_viewset(viewset)
        if label:
            found[viewset.url_namespace] = label
            menu_item_class = getattr(viewset, "menu_item_class", None)
            if menu_item_class is not None and not getattr(menu_item_class, "plugin_guarded", False):
                viewset.menu_item_class = plugin_menu_item_class(menu_item_class, label)
                viewset.menu_item_class.plugin_guarded = True
    return found


def _walk(patterns, namespaces: dict[str, str], label: str | None) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _walk(pattern.url_patterns, namespaces, namespaces.get(pattern.namespace) or label)
        elif isinstance(pattern, URLPattern):
            owner = label or plugin_of_view(pattern.callback)
            if owner:
                pattern.callback = require_plugin(owner)(pattern.callback)
