from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PluginsConfig(AppConfig):
    name = "plugins"
    verbose_name = _("Plugins")

    def ready(self):
        from .api.conf import settings_apply
        from .api.registry import all_plugins

        # Every app config exists by now, so third-party plugins' settings are declared too.
        settings_apply(plugin.app_config for plugin in all_plugins())
