from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Site

from plugins.api.registry import is_enabled


class PluginMenuItem(MenuItem):
    """An admin menu item that shows only while its plugin is on for the site."""

    def __init__(self, *args, plugin: str, permission: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plugin = plugin
        self.permission = permission

    def is_shown(self, request):
        if self.permission and not request.user.has_perm(self.permission):
            return False
        return is_enabled(Site.find_for_request(request), self.plugin)


def register_plugin_menu_item(label: str, text, url_name: str, *, icon_name: str, order: int,
                              permission: str | None = None) -> None:
    """Add plugin ``label``'s entry to the admin menu, to the view named ``url_name``: a ``PluginMenuItem``,
    shown while the plugin is on for the site and to people with ``permission``. Call it at the top level
    of the plugin's ``wagtail_hooks.py``, after ``register_plugin_admin_urls``."""

    def menu_item():
        return PluginMenuItem(text, reverse(url_name), icon_name=icon_name, order=order, plugin=label,
                              permission=permission)

    menu_item.__name__ = menu_item.__qualname__ = f"{url_name.replace(':', '_')}_menu_item"
    hooks.register("register_admin_menu_item", menu_item)


def plugin_menu_item_class(base: type[MenuItem], label: str) -> type[MenuItem]:
    """``base`` (a viewset's menu item class) shown only while plugin ``label`` is on.

    The guard gives it to every plugin viewset, so ``add_to_admin_menu = True``
    follows the switch as the viewset's URLs do; ``base`` keeps its own checks
    (a ``ModelViewSet``'s permission policy).
    """

    class GuardedMenuItem(base):
        def is_shown(self, request):
            return is_enabled(Site.find_for_request(request), label) and super().is_shown(request)

    GuardedMenuItem.__name__ = GuardedMenuItem.__qualname__ = base.__name__
    return GuardedMenuItem
