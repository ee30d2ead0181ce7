from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PluginsConfig(AppConfig):
    name = "plugins"
    verbose_name = _("Plugins")

    def ready(self):
        from safespace import content_cache

        from .models import SitePlugins

        content_cache.invalidate_on(SitePlugins)
