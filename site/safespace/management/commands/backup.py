import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safespace.backups import BackupError, backup_create, backups_prune

from ._space import space_of


class Command(BaseCommand):
    help = (
        "Write one dated archive (database and media files) into --output "
        "(default: $BACKUP_DIR or var/backups). See safespace/backups.py for what it holds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help="Folder for the archive (created if missing). Default: $BACKUP_DIR, else var/backups.",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="After a successful backup, delete all but the N newest archives in the folder (0: keep all).",
        )

        parser.add_argument(
            "--site",
            type=int,
            default=None,
            help="Only this space (a Wagtail Site id; an unknown id lists them): its pages, settings and "
            "plugin rows, none of another space's. Without it, the whole install, every space.",
        )

    def handle(self, *args, output, keep, site=None, **options):
        if keep < 0:
            raise CommandError("--keep must be 0 (keep all) or a positive number.")
        output_dir = Path(output or os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "var" / "backups")
        space = space_of(site)
        try:
            path, manifest = backup_create(output_dir=output_dir, site=space)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"{path}  ({rows} rows, {manifest['media_files']} media files, {path.stat().st_size} bytes)")
        for name in manifest["missing_media"]:
            self.stderr.write(f"warning: {name} is referenced in the database but missing from the storage")
        for old in backups_prune(output_dir=output_dir, keep=keep, site=space) if keep else []:
            self.stdout.write(f"deleted {old}")
