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
