from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "plugins.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    class PluginMeta:
        name = _("Drug-checking alerts")
        description = _(
            "Safety alerts about dangerous substances going around: on every public page, every wall screen, "
            "in feeds and as an A4 poster, until they expire."
        )
        version = "1.0.0"
        author = "safespace developers"

    def ready(self):
        from . import signals  # noqa: F401
