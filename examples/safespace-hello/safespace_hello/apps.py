from django.apps import AppConfig


class HelloConfig(AppConfig):
    name = "safespace_hello"
    label = "safespace_hello"
    verbose_name = "Hello"

    class PluginMeta:
        name = "Hello"
        description = "Greets visitors on the home page."
        version = "1.0.0"
        author = "safespace developers"

    def ready(self):
        from . import signals  # noqa: F401
