from .base import *  # noqa: F401,F403

DEBUG = True
# runserver serves static files itself; the manifest would need collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Try the demo without an authenticator app; production requires it.
SAFESPACE_2FA_REQUIRED = False
