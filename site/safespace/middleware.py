"""Security headers that Django does not set by itself.

Why our own and not django-csp: we need two policies chosen by path, a strict
one for public pages (no inline script at all) and one for Wagtail's admin,
which relies on inline scripts but must still never reach another host.
Django 6 brings CSP into core; until we can move (it needs Python 3.12) this
small middleware keeps the policy in one readable place.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from . import errors

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

# The admin uses inline scripts and styles, but still talks to nobody else.
ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "object-src 'none'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

ADMIN_PREFIXES = ("/admin/",)

# Django's own debug pages (the technical 404 and 500 shown under DEBUG) carry
# inline styles and, for the 500, an inline script; the public policy would
# leave them unstyled and their frames unfoldable. They only exist in
# development and talk to no other host, so they get the public policy with
# inline allowed. Recognised by the robots tag Django puts in both templates.
DEBUG_PAGE_POLICY = PUBLIC_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
TECHNICAL_PAGE_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'


def is_technical_debug_page(response) -> bool:
    return (
        settings.DEBUG
        and response.status_code in (404, 500)
        and not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith("text/html")
        and TECHNICAL_PAGE_MARK in response.content[:1024]
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(ADMIN_PREFIXES)
            if is_technical_debug_page(response):
                response["Content-Security-Policy"] = DEBUG_PAGE_POLICY
            else:
                response["Content-Security-Policy"] = ADMIN_POLICY if is_admin else PUBLIC_POLICY
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(request) -> bool:
    """A NUL character in the path, the query, a cookie, a header or a posted form (see RequestGuardMiddleware).

    The page cache (page_cache.py) asks it too: it answers before the guard.
    """
    if "\x00" in request.path_info or "\x00" in request.path:
        return True
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
    for key, value in request.COOKIES.items():
        if "\x00" in key or "\x00" in value:
            return True
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
            return True
    if request.method == "POST" and request.content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
        for key, files in request.FILES.lists():
            if "\x00" in key or any("\x00" in (upload.name or "") for upload in files):
                return True
    return False


class RequestGuardMiddleware:
    """Refuse, with a 400 and a clear message, input no view can store or read.

    - A NUL character anywhere in the path, the query string, a cookie, a
      header or a form field. PostgreSQL cannot store it in text (SQLite can),
      so without this one such character in a token or a filter would reach
      the database and fail there. Form fields refuse it too (Django's
      CharField does); this catches every other way in, once.
    - An image with more pixels than Pillow is allowed to open
      (``PIL.Image.MAX_IMAGE_PIXELS``, set from WAGTAILIMAGES_MAX_IMAGE_PIXELS
      in safespace.apps): wherever it is met, opening it is refused.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return errors.error_response(
                request, _("The address or the form contains a NUL character; remove it and try again."), status=400,
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        from PIL import Image

        if isinstance(exception, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
            return errors.error_response(request, _(
                "This image has too many pixels to be shown (at most %(max)s million). "
                "Upload a smaller version of it."
            ) % {"max": Image.MAX_IMAGE_PIXELS // 1_000_000}, status=400)
        return None


class CachedSiteMiddleware:
    """The request's Wagtail Site, kept in the content cache per host and port.

    Wagtail looks the site up with one query per request
    (``Site.find_for_request``: hostname, port, default site, with its root
    page) and keeps it on the request as ``_wagtail_site``; everything after
    this middleware (the plugins' site scope, routing, settings, menus)
    reads it from there (what runs before it and needs the site looks it up
    itself). The answer only changes when a Site is saved or
    deleted (or a page published, moved or deleted: its root page comes
    with it), both of which give a new content version (content_cache.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http.request import split_domain_port, validate_host
        from wagtail.models import Site

        from . import content_cache

        # As Site._find_for_request: the raw host and the port. Only for a host this
        # install answers to: any other is refused later, and must not fill the cache.
        # /healthz reads nothing but what it checks: a dead cache is its 503, not a 500 here.
        if request.path_info == "/healthz":
            return self.get_response(request)
        hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()
        if not hasattr(request, "_wagtail_site") and hostname and validate_host(hostname, settings.ALLOWED_HOSTS):
            request._wagtail_site = content_cache.cached(
                "site-for-host", hostname, port, build=lambda: Site._find_for_request(request))
        return self.get_response(request)


class SpaceAdminMiddleware:
    """The admin at a space's address is for the people who work in that space (and the network's).

    The plugins' admin views and the data-rights page read the request's space
    (plugins/api/sites.py scopes them by the address), so a member of another
    space's staff who typed this space's address would see this space's
    sign-ups, attendance, counts and participants. They get a 403 instead;
    signing in and out stays open to everyone.
    """

    OPEN = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/") and not path.startswith(self.OPEN) and request.user.is_authenticated:
            from django.core.exceptions import PermissionDenied
            from wagtail.models import Site

            from .space_admin import user_space_ids

            # A user in no space at all (no role) is left to Wagtail's own checks: nothing to see anywhere.
            ids, site = user_space_ids(request.user), Site.find_for_request(request)
            if ids and site is not None and site.pk not in ids:
                return self.refused(request, site, ids)
        return self.get_response(request)

    @staticmethod
    def refused(request, site, ids):
        """A 403 that says whose administration this is and links to the user's own spaces'."""
        from django.shortcuts import render
        from wagtail.models import Site

        spaces = [(space.site_name or space.hostname, f"{space.root_url}/admin/")
                  for space in Site.objects.filter(pk__in=ids).order_by("site_name")]
        return render(request, "safespace/space_admin_refused.html",
                      {"here": site.site_name or site.hostname, "spaces": spaces}, status=403)
