"""Plugins declare their settings and defaults in their AppConfig (plugins/api/conf.py)."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from plugins.api.conf import settings_apply

ROOT = Path(__file__).resolve().parents[3]


def hello(**declared):
    return SimpleNamespace(label="hello", settings=declared)


def test_a_default_then_the_environment_then_the_django_settings_win(monkeypatch):
    monkeypatch.delenv("HELLO_GREETING", raising=False)
    monkeypatch.setenv("HELLO_TIMES", "7")
    monkeypatch.setenv("HELLO_LOUD", "false")
    with override_settings(HELLO_COLOUR="lilac"):
        monkeypatch.setenv("HELLO_COLOUR", "green")
        settings_apply([hello(HELLO_GREETING="hola", HELLO_TIMES=3, HELLO_LOUD=True, HELLO_COLOUR="grey")])
        assert (settings.HELLO_GREETING, settings.HELLO_TIMES, settings.HELLO_LOUD, settings.HELLO_COLOUR) == (
            "hola", 7, False, "lilac")
    assert not hasattr(settings, "HELLO_GREETING")


@pytest.mark.parametrize("default, raw, message", [(3, "many", "whole number"), (True, "perhaps", "true or false")])
def test_a_malformed_environment_variable_is_refused_with_its_name(monkeypatch, default, raw, message):
    monkeypatch.setenv("HELLO_VALUE", raw)
    with override_settings(), pytest.raises(ImproperlyConfigured, match=f"HELLO_VALUE must be .*{message}"):
        settings_apply([hello(HELLO_VALUE=default)])


def test_a_setting_carries_its_plugins_label():
    with override_settings(), pytest.raises(ImproperlyConfigured, match="must start with HELLO_"):
        settings_apply([hello(GREETING="hola")])


def test_the_built_in_plugins_settings_are_theirs_not_the_hosts():
    assert isinstance(settings.ENROLLMENT_RATE, str) and isinstance(settings.ENROLLMENT_RETENTION_DAYS, int)
    assert isinstance(settings.ATTENDANCE_RETENTION_DAYS, int) and isinstance(settings.SERVICECOUNTS_SEEN_TAP_DAYS, int)
    host = "\n".join(p.read_text() for p in (ROOT / "site" / "safespace" / "settings").glob("*.py"))
    assert not [name for name in ("ENROLLMENT_", "ATTENDANCE_", "SERVICECOUNTS_") if name in host]
