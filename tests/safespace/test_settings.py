"""Production settings read the environment, refuse to start unsafely, and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "SECRET_KEY": "k" * 20 + "-a-real-looking-secret-key-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "espai.example.org",
    "DATABASE_URL": "sqlite:////tmp/safespace-deploy-check.sqlite3",
}


def manage(*args, env_overrides=None):
    # The suite sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never would.
    env = {k: v for k, v in os.environ.items() if k not in GOOD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "safespace.settings.production", "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}"})
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", env_overrides={k: v for k, v in GOOD_ENV.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env_overrides={k: v for k, v in GOOD_ENV.items() if k != "ALLOWED_HOSTS"})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_a_real_looking_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=GOOD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_uses_redis_cache_when_configured():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = manage("shell", "-c", code, env_overrides={**GOOD_ENV, "REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert result.returncode == 0, result.stderr
    assert "django_redis.cache.RedisCache" in result.stdout


def test_production_storage_is_compressed_and_hashed():
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = manage("shell", "-c", code, env_overrides=GOOD_ENV)
    assert "CompressedManifestStaticFilesStorage" in result.stdout


def test_public_address_defaults_to_the_first_allowed_host():
    show = ("shell", "-c", "from django.conf import settings; print(settings.SAFESPACE_PUBLIC_URL, settings.WAGTAILADMIN_BASE_URL)")
    env = {**GOOD_ENV, "SAFESPACE_PUBLIC_URL": "", "WAGTAILADMIN_BASE_URL": ""}
    assert manage(*show, env_overrides=env).stdout.splitlines()[-1].split() == ["https://espai.example.org"] * 2
    given = manage(*show, env_overrides={**env, "SAFESPACE_PUBLIC_URL": "https://espailila.org"}).stdout.splitlines()[-1].split()
    assert given == ["https://espailila.org"] * 2
