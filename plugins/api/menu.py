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
