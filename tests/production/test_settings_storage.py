"""Media go to an S3-compatible bucket only when one is configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "DJANGO_SETTINGS_MODULE": "safespace.settings.production",
    "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
    "SECRET_KEY": "s" * 20 + "-a-real-looking-secret-key-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "espai.example.org",
    "DATABASE_URL": "sqlite:////tmp/safespace-storage-check.sqlite3",
}
CODE = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'default': settings.STORAGES['default'], 'static': settings.STORAGES['staticfiles'], "
    "'exempt': settings.SECURE_REDIRECT_EXEMPT}))"
)


def storages(**extra):
    import json

    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in ENV}
    env.update(ENV, **extra)
    # Settings only (no django.setup()): reading them needs no boto3, so this runs without the s3 extra.
    done = subprocess.run(
        [sys.executable, "-c", CODE],
        env=env, capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_media_stay_on_the_file_system_without_a_bucket():
    result = storages()
    assert result["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert result["exempt"] == [r"^healthz$"]


def test_a_bucket_in_the_environment_moves_media_to_s3_and_static_stays():
    result = storages(
        AWS_STORAGE_BUCKET_NAME="espai-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert result["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = result["default"]["OPTIONS"]
    assert options["bucket_name"] == "espai-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["querystring_auth"] is True and options["default_acl"] is None
    assert result["static"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
