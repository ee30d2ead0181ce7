from django.middleware.locale import LocaleMiddleware
from django.urls import is_valid_path


class PluginAwareLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a real 404 stays a 404.

    For a 404 on a path without a language prefix, Django tries the same path
    under /<lang>/ and redirects there if anything matches there, and
    Wagtail's page route matches everything. When the unprefixed path itself
    resolves (the admin, a feed, a switched-off plugin's view: see
    plugins.api.guard), the 404 came from that view and is final.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and (
            getattr(response, "final_404", False)
            or is_valid_path(request.path_info, getattr(request, "urlconf", None))
        ):
            return response
        return super().process_response(request, response)
