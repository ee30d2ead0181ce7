from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from plugins.api.guard import guard_plugin_routes
from plugins.api.urls import plugin_urlpatterns
from safespace.health import healthz
from safespace.staff import AccountView, HomeView, LogoutView, staff_admin_view
from safespace.throttling import PasswordResetView

# JSON to machines, HTML to people (safespace/errors.py).
handler400 = "safespace.errors.bad_request"
handler500 = "safespace.errors.server_error"

urlpatterns = [
    # No language prefix, no login, no HTTPS redirect (SECURE_REDIRECT_EXEMPT): see health.py.
    path("healthz", healthz, name="healthz"),
    # Wagtail's password reset with a rate limit (safespace/throttling.py).
    path("admin/password_reset/", PasswordResetView.as_view(), name="wagtailadmin_password_reset"),
    # Before Wagtail's own, with its decorators (safespace/staff.py).
    path("admin/", staff_admin_view(HomeView), name="wagtailadmin_home"),
    path("admin/logout/", staff_admin_view(LogoutView), name="wagtailadmin_logout"),
    path("admin/account/", staff_admin_view(AccountView), name="wagtailadmin_account"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Resolved per request: the hashed name exists only after collectstatic.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("favicon.ico"))),
    path("screen/", include("screen.urls")),
    path("", include("agenda.urls_unprefixed")),
    path("", include("resources.urls_unprefixed")),
]

urlpatterns += i18n_patterns(
    path("", include("agenda.urls")),
    path("", include("resources.urls")),
    path("plugins/", include((plugin_urlpatterns(), "plugins"), namespace="plugins")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# Every view a plugin registers (public, admin, Wagtail viewsets) answers 404 while it is off.
guard_plugin_routes(urlpatterns)

if settings.DEBUG:
    from django.conf.urls.static import static as media_static

    urlpatterns = media_static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
