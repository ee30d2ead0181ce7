"""Plugins' own settings: each plugin declares them, with their defaults, in its AppConfig.

    class EnrollmentConfig(AppConfig):
        settings = {"ENROLLMENT_RATE": "20/10m", "ENROLLMENT_RETENTION_DAYS": 90}

Names start with the plugin's label in capitals. When the apps are ready,
``settings_apply`` gives every declared name a value in ``django.conf.settings``;
the first of these wins:

1. the site's Django settings module, if it sets the name;
2. an environment variable of the same name (how production configures
   everything, docs/PRODUCTION.md), read as the default's type: a whole
   number, ``true``/``false``, or text;
3. the plugin's default.

From then on it is an ordinary Django setting: plugins read
``settings.ENROLLMENT_RATE`` and tests change it with ``settings`` or
``override_settings``. The host's settings name no plugin.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def declared(app_config) -> dict:
    """The settings an app declares, with their defaults (``{}`` for none)."""
    return dict(getattr(app_config, "settings", None) or {})


def _parse(name: str, raw: str, default):
    if isinstance(default, bool):
        value = raw.strip().lower()
        if value in TRUE | FALSE:
            return value in TRUE
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    return raw


def settings_apply(app_configs) -> None:
    """Give every setting the ``app_configs`` declare its value (see the module's docstring)."""
    for app_config in app_configs:
        prefix = f"{app_config.label.upper()}_"
        for name, default in declared(app_config).items():
            if not name.startswith(prefix):
                raise ImproperlyConfigured(f"{app_config.label}: setting {name} must start with {prefix}.")
            if hasattr(settings, name):
                continue
            raw = os.environ.get(name)
            setattr(settings, name, default if raw is None else _parse(name, raw, default))
