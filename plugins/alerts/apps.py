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
        from safespace import content_cache

        from . import selectors, signals  # noqa: F401

        # A whole-page cache that asks when the content changes by itself
        # learns each alert's start and end (when the host offers the hook).
        register = getattr(content_cache, "register_next_change", None)
        if register is not None:
            register(selectors.next_change)
