from django.apps import AppConfig


class SafespaceConfig(AppConfig):
    name = "safespace"
    verbose_name = "safespace"

    def ready(self):
        from . import signals  # noqa: F401
