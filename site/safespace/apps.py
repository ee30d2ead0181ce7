from django.apps import AppConfig


class SafespaceConfig(AppConfig):
    name = "safespace"
    verbose_name = "safespace"

    def ready(self):
        from . import content_cache, signals  # noqa: F401

        content_cache.connect()
