from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.urls import is_valid_path
from django.views.defaults import page_not_found
from wagtail.models import Site

from plugins.api.registry import is_enabled, plugin_of_module


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
            response = page_not_found(request, Http404("This plugin is switched off for this site."))
            response.final_404 = True
            return response
        return None


class PluginAwareLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a real 404 stays a 404.

    For a 404 on a path without a language prefix, Django tries the same path
    under /<lang>/ and redirects there if anything matches there, and
    Wagtail's page route matches everything. When the unprefixed path itself
    resolves (the admin, a feed, a switched-off plugin's view), the 404 came
    from that view and is final.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and (
            getattr(response, "final_404", False)
            or is_valid_path(request.path_info, getattr(request, "urlconf", None))
        ):
            return response
        return super().process_response(request, response)
