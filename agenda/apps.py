from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from safespace import content_cache

        from . import handlers, signals  # noqa: F401
        from schedule.models import Event, Occurrence, Rule

        from . import selectors
        from .models import ActivityChange, ActivityEvent, ActivitySlot, Category, Closure, OccurrenceDetail, Room

        content_cache.invalidate_on(Category, Room, Closure)
        # The schedule, for the whole-page cache (safespace/page_cache.py): a moved or cancelled session.
        content_cache.invalidate_pages_on(Event, Occurrence, Rule, OccurrenceDetail, ActivitySlot, ActivityChange, ActivityEvent)
        content_cache.register_next_change(selectors.next_change_after)
