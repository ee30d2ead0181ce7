"""Production: everything that differs between installs comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma separated), DATABASE_URL.
Optional: REDIS_URL, EMAIL_URL-style settings (EMAIL_HOST, EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL),
CSRF_TRUSTED_ORIGINS, MEDIA_ROOT, STATIC_ROOT, SAFESPACE_PUBLIC_URL, WAGTAILADMIN_BASE_URL, LOG_LEVEL (default INFO;
logs are JSON lines on stdout), SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS,
CONN_MAX_AGE, and AWS_STORAGE_BUCKET_NAME with the other AWS_* settings for
media on S3-compatible storage (see docs/PRODUCTION.md).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment: a random string of 50 or more characters.")

DEBUG = False
# load_demo_data creates accounts with known passwords: refused unless --allow-production.
SAFESPACE_DEMO_DATA_ALLOWED = False
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment (comma separated host names).")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS") or [f"https://{host}" for host in ALLOWED_HOSTS]
if not (os.environ.get("SAFESPACE_PUBLIC_URL") or os.environ.get("WAGTAILADMIN_BASE_URL")) and ALLOWED_HOSTS[0] != "*":
    # Not base.py's development address: the first host this install answers to.
    SAFESPACE_PUBLIC_URL = WAGTAILADMIN_BASE_URL = f"https://{ALLOWED_HOSTS[0].lstrip('.')}"

# How long a worker keeps the site chrome and agenda lists it read (see
# safespace/content_cache.py); an edit shows at once with a shared cache.
SAFESPACE_CONTENT_CACHE_SECONDS = int(os.environ.get("SAFESPACE_CONTENT_CACHE_SECONDS", "300"))

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "safespace",
        }
    }

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") in ("1", "true", "True")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Media on S3-compatible storage (optional: pip install "safespace[s3]") --
# For several app servers, or no local disk worth trusting. Static files stay
# with whitenoise. Documents are still served by Django (WAGTAILDOCS_SERVE_METHOD
# in base.py), as attachments and after the privacy checks.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
                # Garage, MinIO, Ceph, or a provider's endpoint; empty for AWS itself.
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
                # Private bucket, signed short-lived URLs, never overwrite a file.
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 3600,
                "file_overwrite": False,
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            },
        },
    }

# Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
# Load balancers and uptime checks probe over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "true").lower() != "false"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Logs ------------------------------------------------------------------
# JSON lines on stdout (journald or the container runtime keeps them); see
# safespace/logging.py for the fields and what is kept out of them.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "safespace.logging.JSONFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's defaults (console only under DEBUG, mail_admins).
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # One line per refused Host header is enough; they come in floods from scanners.
        "django.security.DisallowedHost": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # The queue worker's lines as JSON too (run_huey adds a plain handler only when there is none).
        "huey": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
    },
}
