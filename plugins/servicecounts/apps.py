from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicecountsConfig(AppConfig):
    name = "plugins.servicecounts"
    label = "servicecounts"
    verbose_name = _("Service counts")

    class PluginMeta:
        name = _("Service counts")
        description = _("Anonymous tallies of services, by indicators the participants define.")
        version = "1.0.0"
        author = "safespace developers"

    def ready(self):
        from . import signals  # noqa: F401
