from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from safespace import content_cache

        from . import handlers, signals  # noqa: F401
        from .models import Category, Closure, Room

        content_cache.invalidate_on(Category, Room, Closure)
