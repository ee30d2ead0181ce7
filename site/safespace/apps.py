from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class SafespaceConfig(AppConfig):
    # With a second AppConfig in this module (UsersConfig), Django picks
    # neither for "safespace" unless one says so, and ready() never ran.
    default = True
    name = "safespace"
    verbose_name = "safespace"

    def ready(self):
        from . import content_cache, handlers, signals  # noqa: F401

        content_cache.connect()
        self._limit_image_pixels()
        # Every app's periodic jobs, so this process can enqueue them and
        # /healthz can list them (the worker imports them too).
        from .queue import tasks_autodiscover

        tasks_autodiscover()

        # The plugin API imports nothing from the host: the host gives it its cache.
        from plugins.api import registry
        from plugins.models import NetworkSharing, SitePlugins

        # A space that stops sharing leaves the network agenda at the next request.
        content_cache.invalidate_on(SitePlugins, NetworkSharing)
        registry.cache_with(content_cache.cached)

    @staticmethod
    def _limit_image_pixels():
        """One pixel limit for uploads (Wagtail's) and for every image Pillow opens."""
        from django.conf import settings
        from PIL import Image

        limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
        if limit:
            Image.MAX_IMAGE_PIXELS = limit


class UsersConfig(WagtailUsersAppConfig):
    """wagtail.users with our user and group viewsets (safespace/staff.py).

    INSTALLED_APPS names this instead of "wagtail.users", as Wagtail documents.
    """

    user_viewset = "safespace.staff.UserViewSet"
    group_viewset = "safespace.staff.GroupViewSet"
