from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicecountsConfig(AppConfig):
    name = "plugins.servicecounts"
    label = "servicecounts"
    verbose_name = _("Service counts")
    # Defaults; a Django setting or an environment variable of the same name wins (plugins/api/conf.py).
    settings = {
        # Days a tap's id is kept, so that a repeated or undone tap is recognised.
        "SERVICECOUNTS_SEEN_TAP_DAYS": 8,
        # Settled months shown on the public impact page.
        "SERVICECOUNTS_PUBLIC_MONTHS": 3,
    }

    class PluginMeta:
        name = _("Service counts")
        description = _("Anonymous tallies of services, by indicators the participants define.")
        version = "1.0.0"
        author = "safespace developers"

    @staticmethod
    def disclosure_settle_days() -> int:
        """Counts move for twice the seen-tap window after the fact: late taps, then their undos."""
        from .services import seen_tap_days

        return 2 * seen_tap_days()

    def ready(self):
        from . import signals  # noqa: F401
