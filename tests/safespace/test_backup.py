"""Backup and restore: a round trip into a second, fresh database compares equal.

The backup runs here, on the test database (SQLite or PostgreSQL, whichever
the suite runs on); the restore runs in a subprocess with production settings
and DATABASE_URL pointing at a database this test creates (a temp file for
SQLite, a temporary database on the same PostgreSQL server), as an operator
would run it.
"""

import datetime as dt
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail_factories import ImageFactory

from plugins.enrollment.models import Mode, Offer
from plugins.enrollment.services import enrollment_create
from safespace import backups
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401

# Only the archive's name and which archives are the newest read the clock (marked below);
# the round trip's content has fixed dates, and it is the suite's slowest test (a restore
# into a fresh database in a subprocess): not run again under each fixed clock.

ROOT = Path(__file__).resolve().parents[2]

# Run here before the backup and in the restored install after it: both must print the same.
SNAPSHOT = '''
import hashlib, json
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from wagtail.images.models import Image
from wagtail.models import Page, Site
from plugins.enrollment.models import Enrollment
from safespace.backups import model_counts


def snapshot():
    def digest(name):
        with default_storage.open(name, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    return {
        "counts": model_counts(),
        "pages": sorted(
            [p.locale.language_code, p.title, p.url_path, p.live, p.specific_class.__name__]
            for p in Page.objects.select_related("locale").exclude(depth=1)
        ),
        "site_root": [(s.hostname, s.root_page.url_path) for s in Site.objects.all()],
        "users": sorted(
            [u.username, u.password, u.is_superuser, sorted(g.name for g in u.groups.all())]
            for u in get_user_model().objects.all()
        ),
        "images": sorted([i.title, i.file.name, digest(i.file.name)] for i in Image.objects.all()),
        "enrollments": sorted(
            [e.code, e.status, e.token, e.session_start.isoformat(), str(e.offer.activity_key)]
            for e in Enrollment.objects.select_related("offer")
        ),
    }
'''


def production_env(database_url: str, media_root: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "safespace.settings.production",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
            "SECRET_KEY": "restore-test-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def fresh_database_url(tmp_path):
    """The address of a second, empty database of the suite's kind."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    assert connection.vendor == "postgresql", connection.vendor
    import psycopg

    name = f"safespace_restore_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"], "dbname": "postgres"}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        yield f"postgres://{db['USER']}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def content(home, superuser, user_factory, make_activity):
    """Pages in three languages, users, an image, and a plugin's rows."""
    user_factory(username="facilitadora", groups=["Facilitators"])
    image = ImageFactory(title="Cartell", file__width=40, file__height=30, file__color="purple")
    # An offer's places are its activity's "Places".
    activity = make_activity("Serigrafia", slots=[weekly(dt.date(2026, 12, 1), [1])], capacity=1)
    offer = Offer.objects.create(activity_key=activity.translation_key, mode=Mode.SERIES)
    start = dt.datetime(2026, 12, 1, 18, tzinfo=dt.UTC)
    for code in ("lluna-mar-12", "menta-koala-27"):
        enrollment_create(
            offer=offer, occurrence=None, session_start=start, session_end=start + dt.timedelta(hours=2),
            code=code, by_staff=True,
        )
    return {"home": home, "image": image}


def snapshot_here():
    namespace = {}
    exec(SNAPSHOT, namespace)  # noqa: S102 - our own constant, run in both places
    return namespace["snapshot"]()


@pytest.mark.django_db
def test_round_trip_into_a_fresh_database(content, tmp_path, fresh_database_url):
    before = snapshot_here()
    # The content is really there, so the comparison below means something.
    assert {page[0] for page in before["pages"]} == {"ca", "es", "en"}
    assert [e[1] for e in before["enrollments"]] == ["confirmed", "waiting"]
    assert len(before["images"]) == 1 and before["counts"]["wagtailimages.image"] == 1

    archive, manifest = backups.backup_create(output_dir=tmp_path / "backups")
    assert archive.name.startswith("safespace-backup-") and archive.name.endswith("Z.tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"] == before["counts"]

    media = tmp_path / "media"
    env = production_env(fresh_database_url, media)
    restored = manage(env, "restore", str(archive))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Restored" in restored.stdout

    after = manage(
        env,
        "shell",
        "-c",
        SNAPSHOT
        + "\nimport json\nprint(json.dumps(snapshot()))\n"
        # New rows get fresh ids (the sequences were moved past the restored ones).
        + "from django.contrib.auth import get_user_model\n"
        + "u = get_user_model().objects.create(username='after-restore')\n"
        + "print(json.dumps({'new_user_is_last': u.pk > max(x.pk for x in get_user_model().objects.exclude(pk=u.pk))}))\n",
    )
    assert after.returncode == 0, after.stderr
    lines = after.stdout.strip().splitlines()
    assert json.loads(lines[-2]) == json.loads(json.dumps(before))
    assert json.loads(lines[-1]) == {"new_user_is_last": True}
    # The image's bytes are on disk where the restored install's storage looks.
    name = content["image"].file.name
    with content["image"].file.open("rb") as original:
        assert (media / name).read_bytes() == original.read()

    # A second restore into the now-populated database is refused.
    again = manage(env, "restore", str(archive))
    assert again.returncode != 0
    assert "holds content" in again.stderr


def repack(archive: Path, target: Path, *, database=None, manifest_change=None, extra=None):
    """A copy of ``archive`` with its database or manifest altered."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    if database is not None:
        members["database.json"] = database(members["database.json"])
    if manifest_change is not None:
        manifest = json.loads(members["manifest.json"])
        manifest_change(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()
    members.update(extra or {})
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


@pytest.fixture
def archive(content, tmp_path):
    return backups.backup_create(output_dir=tmp_path / "backups")[0]


def assert_untouched(content):
    assert get_user_model().objects.filter(username="root").exists()
    assert Page.objects.filter(pk=content["home"].pk).exists()
    assert Image.objects.count() == 1


@pytest.mark.django_db
def test_restore_refuses_a_database_with_content(content, archive):
    with pytest.raises(CommandError, match="holds content"):
        call_command("restore", str(archive))
    assert_untouched(content)


@pytest.mark.django_db
def test_restore_refuses_a_damaged_archive(content, archive, tmp_path):
    damaged = repack(archive, tmp_path / "damaged.tar.gz", database=lambda data: data.replace(b"Cartell", b"Cartel!"))
    with pytest.raises(CommandError, match="Checksum mismatch for database.json"):
        call_command("restore", str(damaged), force=True)
    assert_untouched(content)


@pytest.mark.django_db
def test_restore_refuses_unexpected_members(content, archive, tmp_path):
    odd = repack(archive, tmp_path / "odd.tar.gz", extra={"../escape.txt": b"x"})
    with pytest.raises(CommandError, match="Unexpected member"):
        call_command("restore", str(odd), force=True)
    assert not (tmp_path.parent / "escape.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_an_archive_from_newer_code(content, archive, tmp_path):
    newer = repack(
        archive, tmp_path / "newer.tar.gz",
        manifest_change=lambda m: m["migrations"]["enrollment"].append("9999_from_the_future"),
    )
    with pytest.raises(CommandError, match="newer version.*enrollment.9999_from_the_future"):
        call_command("restore", str(newer), force=True)
    assert_untouched(content)


@pytest.mark.django_db
def test_restore_refuses_what_is_not_an_archive(tmp_path):
    with pytest.raises(CommandError, match="No such archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(junk))


@pytest.mark.django_db
def test_a_failed_load_rolls_everything_back(content, archive, tmp_path):
    # Counts that cannot match: the load runs (with --force, over this
    # database), the check fails, and the transaction leaves all as it was.
    wrong = repack(
        archive, tmp_path / "wrong.tar.gz",
        manifest_change=lambda m: m["counts"].__setitem__("auth.user", 99),
    )
    pages_before = Page.objects.count()
    with pytest.raises(CommandError, match="Row counts after loading differ"):
        call_command("restore", str(wrong), force=True)
    assert_untouched(content)
    assert Page.objects.count() == pages_before


@pytest.mark.clock
@pytest.mark.django_db
def test_backup_command_writes_an_archive_and_keeps_the_newest(content, tmp_path):
    out = tmp_path / "backups"
    out.mkdir()
    for stamp in ("2026-01-01T030000Z", "2026-01-02T030000Z"):
        (out / f"safespace-backup-{stamp}.tar.gz").write_bytes(b"old")
    stdout = io.StringIO()
    call_command("backup", output=str(out), keep=2, stdout=stdout)
    kept = sorted(p.name for p in out.iterdir())
    assert len(kept) == 2 and kept[0] == "safespace-backup-2026-01-02T030000Z.tar.gz"
    with tarfile.open(out / kept[1]) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert "database.json" in names and f"media/{content['image'].file.name}" in names
    # Renditions, sessions and the search index are rebuilt, not backed up.
    assert not any(label.startswith(("sessions.", "modelsearch.")) for label in manifest["counts"])
    assert "wagtailimages.rendition" not in manifest["counts"]
    assert "deleted" in stdout.getvalue()


def test_backup_command_rejects_a_negative_keep(tmp_path):
    with pytest.raises(CommandError, match="--keep"):
        call_command("backup", output=str(tmp_path), keep=-1)
