from django.core.management.base import BaseCommand

from plugins.enrollment.services import contacts_purge, enrollments_purge


class Command(BaseCommand):
    help = "Forget expired contact data and fold old enrollments into counts. Run daily."

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=None, help="Default: ENROLLMENT_RETENTION_DAYS (90).")

    def handle(self, *args, keep_days=None, **options):
        contacts = contacts_purge()
        deleted = enrollments_purge(keep_days=keep_days)
        self.stdout.write(f"enrollment: {contacts} contacts forgotten, {deleted} old enrollments folded into counts")
