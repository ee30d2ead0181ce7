"""Security headers that Django does not set by itself.

Why our own and not django-csp: we need two policies chosen by path, a strict
one for public pages (no inline script at all) and one for Wagtail's admin,
which relies on inline scripts but must still never reach another host.
Django 6 brings CSP into core; until we can move (it needs Python 3.12) this
small middleware keeps the policy in one readable place.
"""

from django.conf import settings

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

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(ADMIN_PREFIXES)
            response["Content-Security-Policy"] = ADMIN_POLICY if is_admin else PUBLIC_POLICY
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
