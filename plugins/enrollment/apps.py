from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "plugins.enrollment"
    label = "enrollment"
    verbose_name = _("Enrollment")
    # Defaults; a Django setting or an environment variable of the same name wins (plugins/api/conf.py).
    settings = {
        # Sign-ups per client address (django-ratelimit's syntax: "20/10m", "100/h").
        "ENROLLMENT_RATE": "20/10m",
        # Days after a session that its sign-ups are kept; then only counts per session remain.
        "ENROLLMENT_RETENTION_DAYS": 90,
    }

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
        # It moves no sign-up window (selectors.next_window_change reads offers, not sign-ups).
        content_cache.invalidate_pages_on(Offer)
        content_cache.invalidate_pages_on(Enrollment, moments=False)
        content_cache.register_next_change(selectors.next_window_change)
