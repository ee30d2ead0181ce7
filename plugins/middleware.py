from django.http import Http404
from wagtail.models import Site

from plugins.registry import is_enabled, plugin_of_module


class PluginGuardMiddleware:
    """Answer 404 for any view of a plugin that is switched off for this site.

    Works for the plugin's public URLs (under plugins:<label>) and for admin
    views it registers through Wagtail hooks, since it looks at the module the
    view comes from, not at the URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        label = plugin_of_module(getattr(view_func, "__module__", "") or "")
        if label is None:
            return None
        site = Site.find_for_request(request)
        if not is_enabled(site, label):
            raise Http404("This plugin is switched off for this site.")
        return None
