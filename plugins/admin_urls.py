from django.urls import include, path
from wagtail import hooks


def register_plugin_admin_urls(label: str, urlpatterns: list) -> None:
    """Mount a plugin's admin views at ``/admin/<label>/``, reversed as ``<label>_admin:<name>``.

    Call it once, at the top level of the plugin's ``wagtail_hooks.py``. The
    views sit behind Wagtail's admin login like any admin URL; they answer 404
    while the plugin is off for the site (``PluginGuardMiddleware``), and each
    view still checks its own permission.
    """
    namespace = f"{label}_admin"

    def admin_urls():
        return [path(f"{label}/", include((urlpatterns, namespace), namespace=namespace))]

    admin_urls.__name__ = admin_urls.__qualname__ = f"{label}_admin_urls"
    hooks.register("register_admin_urls", admin_urls)
