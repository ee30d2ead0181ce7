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
        from safespace import content_cache

        from . import selectors, signals  # noqa: F401
        from .models import Enrollment, Offer

        # Places left show on public pages: a sign-up is an edit for the whole-page cache.
        content_cache.invalidate_pages_on(Enrollment, Offer)
        content_cache.register_next_change(selectors.next_window_change)
