import os

from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
# whitenoise's manifest storage answers 500 under live_server without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run inline, on an in-memory queue (huey's immediate mode); the test of
# the worker itself (tests/safespace/test_queue.py) turns this off for its subprocess.
HUEY = {**HUEY, "immediate": os.environ.get("SAFESPACE_QUEUE_IMMEDIATE", "1") == "1"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The whole-page cache is tested on its own (tests/safespace/test_page_cache.py); elsewhere a test
# that changes rows behind the services' back (update(), fixtures) reads the page fresh.
SAFESPACE_PAGE_CACHE = False
WAGTAILADMIN_BASE_URL = SAFESPACE_PUBLIC_URL = "http://testserver"
# Tests of other features log staff in with force_login; the two-factor and
# throttling tests switch these on (tests/safespace/test_twofactor.py, test_axes.py).
SAFESPACE_2FA_REQUIRED = False
AXES_ENABLED = False
# Serve static files from the app folders, as runserver does; no collectstatic in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os
    import tempfile

    # A file, not SQLite's shared in-memory database: that one locks whole
    # tables, so the tests of concurrent requests would fail on it where a
    # real deployment (a file) waits its turn. One file per test process.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"safespace-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF;"  # noqa: F405
