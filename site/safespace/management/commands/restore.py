from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safespace.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Rebuild this install (database and media) from an archive written by `backup`. "
        "Migrates an empty database first; refuses one with content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A safespace-backup-*.tar.gz file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already holds content.",
        )

    def handle(self, *args, archive, force, **options):
        try:
            result = backup_restore(archive=Path(archive), force=force, stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.rows} rows and {result.files} media files from {archive} "
                f"(made {manifest['created']} on {manifest['database_vendor']})."
            )
        )
        self.stdout.write("Image renditions are regenerated on first view; the search index was rebuilt.")
