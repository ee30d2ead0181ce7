from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "plugins.enrollment"
    label = "enrollment"
    verbose_name = _("Enrollment")

    class PluginMeta:
        name = _("Enrollment")
        description = _("Sign-up for activities with a pseudonymous code, places, waiting list and rosters.")
        version = "1.0.0"
        author = "safespace developers"

    def ready(self):
        from . import signals  # noqa: F401
