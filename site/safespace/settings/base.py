"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import from here and
override. Production reads everything that differs between installs from the
environment; see production.py.
"""

import os
from pathlib import Path

import dj_database_url

from plugins.api.registry import discover as discover_plugins

# site/safespace/settings/base.py -> repository root
BASE_DIR = Path(__file__).resolve().parents[3]
PROJECT_DIR = BASE_DIR / "site" / "safespace"

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "safespace",
    "agenda",
    "resources",
    "plugins",
    "plugins.enrollment",
    "plugins.attendance",
    "plugins.servicecounts",
    "plugins.alerts",
    "screen",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "safespace.apps.UsersConfig",  # wagtail.users, with our rule for who manages whom
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Scheduling
    "schedule",
    # The task queue: `manage.py run_huey` and each app's tasks.py (safespace/queue.py)
    "huey.contrib.djhuey",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Security
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]
# Third-party plugins installed with pip announce themselves through the
# "safespace.plugins" entry-point group.
INSTALLED_APPS += [name for name in discover_plugins() if name not in INSTALLED_APPS]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every plugin query of a request sees only the request's space (plugins/api/sites.py).
    "plugins.api.sites.SiteScopeMiddleware",
    "safespace.middleware.SecurityHeadersMiddleware",
    # Whole pages for anonymous visitors (safespace/page_cache.py): inside the security headers,
    # so a stored page gets the same CSP; before the rest, so a hit costs little. It chooses the
    # language as LocaleMiddleware does and leaves to the middlewares below whatever they would
    # refuse or answer otherwise (a bad host, a NUL character, a cookie to set).
    "safespace.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plugins.api.middleware.PluginAwareLocaleMiddleware",
    # NUL characters and oversized images: a 400 with a clear message (after the language is chosen).
    "safespace.middleware.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # The request's Wagtail Site from the content cache, not one query per request (after the
    # page cache: a stored page needs no site).
    "safespace.middleware.CachedSiteMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safespace.twofactor.TwoFactorMiddleware",
    # Another space's staff at this space's address: a 403 for the admin (the plugins read the address's space).
    "safespace.middleware.SpaceAdminMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safespace.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "safespace.wsgi.application"

# SQLite by default; DATABASE_URL (postgres://...) for production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock at BEGIN, so that read-then-write transactions
    # (places left, then a sign-up) queue up instead of failing or racing.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Who gets in ----------------------------------------------------------
# Two factors for everyone who can see participant codes or counts.
# Several spaces: the same participant code in two spaces is two people, unless the network
# chooses shared codes (plugins/api/sites.py).
SAFESPACE_SHARED_CODES = os.environ.get("SAFESPACE_SHARED_CODES", "false").lower() == "true"

SAFESPACE_2FA_REQUIRED = os.environ.get("SAFESPACE_2FA_REQUIRED", "true").lower() != "false"
SAFESPACE_2FA_GROUPS = ("Facilitators", "Counters", "Administrators")
OTP_TOTP_ISSUER = "safespace"
# How many reverse proxies that append X-Forwarded-For stand in front of the
# app (nginx or Caddy: 1). 0: the header is never read. See client_address.py.
SAFESPACE_PROXY_COUNT = int(os.environ.get("SAFESPACE_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "safespace.client_address.client_ip"
RATELIMIT_IP_META_KEY = "safespace.client_address.client_ip"
# Login throttling (safespace/throttling.py): 5 wrong passwords lock a username
# from the address they came from, and SAFESPACE_LOGIN_ADDRESS_LIMIT failures
# lock an address whatever the usernames, for 15 minutes. Failed attempts are
# kept only until the lock expires or the next successful sign-in (retention
# clears the rest daily); successful sign-ins are not logged.
AXES_HANDLER = "safespace.throttling.AxesHandler"
AXES_DISABLE_ACCESS_LOG = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SAFESPACE_LOGIN_ADDRESS_LIMIT = int(os.environ.get("SAFESPACE_LOGIN_ADDRESS_LIMIT", "30"))
# Password reset requests per address and per e-mail address (django-ratelimit's syntax).
SAFESPACE_PASSWORD_RESET_RATE = os.environ.get("SAFESPACE_PASSWORD_RESET_RATE", "5/h")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "safespace/lockout.html"
AXES_LOCKOUT_CALLABLE = "safespace.throttling.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------
# The list of languages lives here, and only here: locales, URL prefixes, the
# switcher and the demo content all follow it.
LANGUAGE_CODE = "ca"
LANGUAGES = [
    ("ca", "Català"),
    ("es", "Español"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
# Slugs made from titles are plain ASCII ("taller-de-ceramica"), as in the demo, never percent-encoded.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# "25 de novembre", "1 d'octubre": how each language writes a date (safespace/formats/).
FORMAT_MODULE_PATH = ["safespace.formats"]
USE_I18N = True

TIME_ZONE = "Europe/Madrid"
# Staff see the space's time. Wagtail would offer every name in the system's
# zoneinfo, "localtime" among them, which the browser rejects.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
USE_TZ = True

# --- Static and media ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Wagtail ---------------------------------------------------------------
WAGTAIL_SITE_NAME = "safespace"
# The site's public address (scheme, host, port): every absolute address the
# site writes is built from it (safespace/addresses.py). `make run` sets it.
SAFESPACE_PUBLIC_URL = (
    os.environ.get("SAFESPACE_PUBLIC_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or SAFESPACE_PUBLIC_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []  # every document downloads as an attachment
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# 40 megapixels: photos from phones (12-24 MP) and most cameras (24-36 MP) fit;
# a 10,000 × 10,000 image (100 MP, a few KiB as a PNG) would take a worker a
# gigabyte and half a minute to thumbnail. Pillow refuses to open more than
# twice this anywhere (safespace.apps), and that refusal is a 400.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]  # no SVG

# Technological sovereignty: the admin must not call anyone else.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_FINDERS: list[dict] = []  # oEmbed would fetch from third parties
WAGTAIL_MODERATION_ENABLED = True
# The approval is the permission: Communications publishes only through the
# review (it holds no publish permission), so the approver publishes what the
# workflow approved without one of their own (safespace/publishing.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "safespace.publishing.publish_approved"

# wagtail-localize: no machine translator is configured, so nothing leaves.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# A new translation of a live page starts as a draft, to be translated and
# then published (after review, for the page types that need one), instead
# of going live at once with the source's words.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- django-scheduler ------------------------------------------------------
SHOW_CANCELLED_OCCURRENCES = True

# --- Task queue (huey; see safespace/queue.py and docs/PRODUCTION.md) ------
# Redis when SAFESPACE_QUEUE_URL (or REDIS_URL) is set, so that several app
# servers share one queue and workers run anywhere; otherwise a SQLite file
# under var/, which needs no server (`make run`). `manage.py run_huey` is the worker.
SAFESPACE_QUEUE_URL = os.environ.get("SAFESPACE_QUEUE_URL") or os.environ.get("REDIS_URL", "")
SAFESPACE_QUEUE_FILE = Path(os.environ.get("SAFESPACE_QUEUE_FILE", BASE_DIR / "var" / "queue.sqlite3"))
if not SAFESPACE_QUEUE_URL:
    SAFESPACE_QUEUE_FILE.parent.mkdir(parents=True, exist_ok=True)
HUEY = {
    "name": "safespace",
    "huey_class": "huey.RedisHuey" if SAFESPACE_QUEUE_URL else "huey.SqliteHuey",
    "connection": {"url": SAFESPACE_QUEUE_URL} if SAFESPACE_QUEUE_URL else {"filename": str(SAFESPACE_QUEUE_FILE)},
    # djhuey would run tasks inline whenever DEBUG is on; only the tests do.
    "immediate": False,
    # Nobody reads a task's return value; kept, they would pile up in the queue's storage.
    "results": False,
    "utc": True,  # schedules in the space's local time: safespace.queue.local_crontab
    "consumer": {
        "workers": int(os.environ.get("SAFESPACE_QUEUE_WORKERS", "2")),
        "worker_type": "thread",
    },
}

# --- Security headers ------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads it from JavaScript

# Plugins declare their own settings (prefixed with their label) and defaults
# in their AppConfig; an environment variable of the same name still sets
# one in production (plugins/api/conf.py, docs/PRODUCTION.md).
# django-ratelimit counts in the default cache (Redis in production). It is
# not in INSTALLED_APPS: its system check rejects the per-process cache used
# in development and tests.
RATELIMIT_USE_CACHE = "default"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # What the queue worker runs, once (run_huey adds a handler of its own only when there is none).
    "loggers": {"huey": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
