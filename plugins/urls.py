"""URLs of plugins, each under plugins:<label>."""


def plugin_urlpatterns() -> list:
    return []
