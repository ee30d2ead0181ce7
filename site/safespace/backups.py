"""Backups: one archive with the database and the media files, and its restore.

Why ``dumpdata`` and not ``pg_dump`` or SQLite's backup API
------------------------------------------------------------
The archive holds the database as Django's JSON serialisation, so one archive
restores into SQLite or PostgreSQL whichever it came from (a small install can
start on SQLite and move to PostgreSQL by a backup and a restore), it needs no
client tools of the right major version on the machine, and it is readable
with any text editor in twenty years. For the size of an organisation like
ours (thousands of rows, not millions) a dump takes seconds and compresses
well; ``pg_dump`` would win only on databases a hundred times larger.

What goes in, and how:

- Every installed app's rows with their primary keys, *including*
  ``contenttypes`` and ``auth.permission``. The restore replaces the fresh
  database's rows wholesale, so every id lines up. We do not use natural keys:
  Wagtail's are unsafe for this (a page is looked up by its ``url_path``, a
  collection by the names of its ancestors, and ``GroupCollectionPermission``'s
  natural key is made of model instances), while ids are exact.
- Left out, because they are rebuilt or transient: sessions; django-axes'
  login attempts (client addresses, and a restore should not lock anyone out);
  the search index (``modelsearch``, rebuilt by ``update_index`` after the
  restore) and the search-terms statistics (``wagtailsearch``: what visitors
  typed); image renditions (rows and files: Wagtail regenerates them on the
  first request); the admin's editing sessions.
- Media: every file a model's ``FileField`` points at (original images,
  documents, avatars, uploads), read through the default storage, so it works
  the same with the file system or an S3 bucket. Renditions are not copied.

The archive (``safespace-backup-<UTC time>.tar.gz``, mode 0600) holds
``database.json``, ``media/<name>`` and ``manifest.json``: format version,
code versions, creation time, database vendor, applied migrations, row counts
per model, the SHA-256 of every member and one checksum over them all. The
restore verifies all of it before it touches the database, loads everything in
one transaction, checks the row counts, and rolls back (and removes the media
files it wrote) if anything fails.

The archive holds everything, including two-factor secrets and participant
codes: keep it as carefully as the database itself (see docs/PRODUCTION.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
ARCHIVE_PREFIX = "safespace-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"

# App labels and model labels (lower case) left out of the dump; see above.
EXCLUDED = (
    "sessions",
    "axes",
    "modelsearch",
    "wagtailsearch",
    "wagtailimages.rendition",
    "wagtailadmin.editingsession",
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    rows: int
    files: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _overall_checksum(checksums: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(checksums, sort_keys=True).encode()).hexdigest()


def _excluded(model) -> bool:
    return model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED


# Loaded first: receivers of other models' saves may look content types up,
# and would create them anew, with other ids, if the table were still empty.
FIRST = ("contenttypes.contenttype", "auth.permission")


def backed_up_models() -> list:
    """Concrete models whose rows go into the archive (proxies and unmanaged ones have no rows of their own)."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not _excluded(model)
    ]
    order = {label: index for index, label in enumerate(FIRST)}
    return sorted(chosen, key=lambda model: order.get(model._meta.label_lower, len(FIRST)))


def model_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.using(using).count() for model in backed_up_models()}


def media_names(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every stored file that a backed-up row points at."""
    names: set[str] = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                values = model._base_manager.using(using).exclude(**{field.attname: ""})
                names.update(value for value in values.values_list(field.attname, flat=True) if value)
    return sorted(names)


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        result.setdefault(app, []).append(name)
    return result


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def archive_name(now: dt.datetime, site=None) -> str:
    space = f"site{site.pk}-" if site is not None else ""
    return f"{ARCHIVE_PREFIX}{space}{now.astimezone(dt.UTC):%Y-%m-%dT%H%M%SZ}{ARCHIVE_SUFFIX}"


def backup_create(*, output_dir: Path, now: dt.datetime | None = None, using: str = DEFAULT_DB_ALIAS,
                  site=None) -> tuple[Path, dict]:
    """Write one archive into ``output_dir``; return its path and manifest.

    With ``site``, the archive holds that space only (safespace/space_backups.py).
    The archive appears under its final name only when complete.
    """
    now = now or timezone.now()
    output_dir = Path(output_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Cannot create the output folder {output_dir}: {error}") from error
    if not os.access(output_dir, os.W_OK):
        raise BackupError(f"The output folder {output_dir} is not writable.")
    target = output_dir / archive_name(now, site)
    if target.exists():
        raise BackupError(f"{target} exists already; not overwriting it.")

    connection = connections[using]
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as workdir:
        dump = Path(workdir) / DATABASE_MEMBER
        # One snapshot: rows, counts and file names all from the same moment.
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if site is not None:
                from .space_backups import space_dump

                counts, files = space_dump(site=site, target=dump, order=backed_up_models())
            else:
                call_command(
                    "dumpdata",
                    *[f"{m._meta.app_label}.{m._meta.object_name}" for m in backed_up_models()],
                    format="json",
                    indent=None,
                    use_base_manager=True,
                    output=str(dump),
                    database=using,
                    verbosity=0,
                )
                counts = model_counts(using)
                files = media_names(using)
            migrations = applied_migrations(using)

        checksums = {DATABASE_MEMBER: _sha256_file(dump)}
        missing = []
        partial = Path(workdir) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=DATABASE_MEMBER)
            for name in files:
                try:
                    with default_storage.open(name, "rb") as handle:
                        content = handle.read()
                except (FileNotFoundError, OSError):
                    missing.append(name)
                    continue
                member = MEDIA_PREFIX + name
                checksums[member] = hashlib.sha256(content).hexdigest()
                info = tarfile.TarInfo(member)
                info.size = len(content)
                info.mtime = int(now.timestamp())
                archive.addfile(info, io.BytesIO(content))
            manifest = {
                "format": FORMAT,
                "created": now.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                "versions": {package: _version(package) for package in ("safespace", "django", "wagtail")},
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "counts": counts,
                # The one space the archive holds (None: the whole install, every space).
                "space": None if site is None else {
                    "id": site.pk, "hostname": site.hostname, "port": site.port, "name": site.site_name,
                },
                "media_files": len(files) - len(missing),
                "missing_media": missing,
                "excluded": list(EXCLUDED),
                "checksums": checksums,
                "checksum": _overall_checksum(checksums),
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST_MEMBER)
            info.size = len(data)
            info.mtime = int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    return target, manifest


def backups_prune(*, output_dir: Path, keep: int, site=None) -> list[Path]:
    """Delete all but the ``keep`` newest archives in ``output_dir`` (of the whole install, or of ``site``);
    return what was deleted."""
    space = f"site{site.pk}-" if site is not None else ""
    archives = sorted(Path(output_dir).glob(f"{ARCHIVE_PREFIX}{space}[0-9]*{ARCHIVE_SUFFIX}"))
    old = archives[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def archive_read(*, archive: Path, into: Path) -> dict:
    """Unpack ``archive`` into the folder ``into`` and verify it; return the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No such archive: {archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                if not member.isfile() or not (
                    member.name in (DATABASE_MEMBER, MANIFEST_MEMBER) or member.name.startswith(MEDIA_PREFIX)
                ):
                    raise BackupError(f"Unexpected member in the archive: {member.name!r}")
            # The "data" filter refuses absolute paths, "..", links and devices.
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{archive} is not a readable backup archive: {error}") from error
    try:
        manifest = json.loads((into / MANIFEST_MEMBER).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{archive} has no readable manifest: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}; this version reads format {FORMAT}.")
    checksums = manifest.get("checksums") or {}
    if _overall_checksum(checksums) != manifest.get("checksum"):
        raise BackupError("The manifest's checksum does not match its list of files: the archive was altered.")
    present = {path.relative_to(into).as_posix() for path in into.rglob("*") if path.is_file()} - {MANIFEST_MEMBER}
    if present != set(checksums):
        raise BackupError(
            "The archive's files differ from its manifest: "
            f"missing {sorted(set(checksums) - present)[:5]}, unexpected {sorted(present - set(checksums))[:5]}."
        )
    for member, expected in checksums.items():
        if _sha256_file(into / member) != expected:
            raise BackupError(f"Checksum mismatch for {member}: the archive is damaged.")
    return manifest


def database_has_content(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True when the database holds more than a fresh ``migrate`` creates.

    A fresh install has no user and only Wagtail's two initial pages (the
    root and the welcome page).
    """
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if "django_migrations" not in tables:
        return False
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    user_table = get_user_model()._meta.db_table
    if user_table in tables and get_user_model()._base_manager.using(using).exists():
        return True
    return Page._meta.db_table in tables and Page._base_manager.using(using).count() > 2


def _check_migrations(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "The archive comes from a newer version of the code (migrations unknown here: "
            f"{', '.join(unknown[:5])}{' ...' if len(unknown) > 5 else ''}). Install that version, restore, then upgrade."
        )


def _flush_tables(using: str) -> None:
    """Empty every table of every model, the content types and permissions included."""
    connection = connections[using]
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key
            # checks still pending in this transaction (rows written earlier in
            # it, as in the tests); run those checks now, and defer again for
            # the load, whose rows may refer forward.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def backup_restore(*, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS, stdout=None) -> RestoreResult:
    """Rebuild this install's database and media from ``archive``.

    Refuses a database with content unless ``force``. Migrates the database
    first, so an empty one (no tables) is fine.
    """
    with tempfile.TemporaryDirectory(prefix="safespace-restore-") as workdir:
        workdir = Path(workdir)
        manifest = archive_read(archive=archive, into=workdir)
        _check_migrations(manifest)
        if database_has_content(using) and not force:
            raise BackupError(
                "This database holds content (users or pages). Restore into a fresh database, "
                "or pass --force to replace everything in it."
            )
        call_command("migrate", interactive=False, verbosity=0, database=using)

        written: list[str] = []
        try:
            with transaction.atomic(using=using):
                _flush_tables(using)
                ContentType.objects.clear_cache()
                call_command("loaddata", str(workdir / DATABASE_MEMBER), database=using, verbosity=0)
                ContentType.objects.clear_cache()
                counts = model_counts(using)
                expected = manifest["counts"]
                wrong = {
                    label: (expected.get(label, 0), counts.get(label, 0))
                    for label in set(expected) | set(counts)
                    if expected.get(label, 0) != counts.get(label, 0)
                }
                if wrong:
                    raise BackupError(f"Row counts after loading differ from the manifest (expected, found): {wrong}")
                for member in sorted(manifest["checksums"]):
                    if not member.startswith(MEDIA_PREFIX):
                        continue
                    name = member[len(MEDIA_PREFIX):]
                    if default_storage.exists(name):
                        default_storage.delete(name)
                    saved = default_storage.save(name, ContentFile((workdir / member).read_bytes()))
                    written.append(saved)
                    if saved != name:
                        raise BackupError(f"The storage saved {name!r} as {saved!r}.")
        except Exception:
            for name in written:
                default_storage.delete(name)
            raise

    # Content types and permissions of models newer than the archive.
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(verbosity=0, interactive=False, db=using)
    # Wagtail caches the sites' root paths; the ids may have changed.
    cache.delete("wagtail_site_root_paths")
    call_command("update_index", verbosity=0, stdout=stdout or io.StringIO())
    return RestoreResult(manifest=manifest, rows=sum(manifest["counts"].values()), files=len(written))
