from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "plugins.attendance"
    label = "attendance"
    verbose_name = _("Attendance")
    # Defaults; a Django setting or an environment variable of the same name wins (plugins/api/conf.py).
    settings = {
        # Days after a session that its codes are kept; then only its counts remain.
        "ATTENDANCE_RETENTION_DAYS": 90,
    }

    class PluginMeta:
        name = _("Attendance")
        description = _("Attendance sheets per session, and reports on how activities are used.")
        version = "1.0.0"
        author = "safespace developers"

    def ready(self):
        from . import signals  # noqa: F401
