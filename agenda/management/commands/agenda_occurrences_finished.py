from django.core.management.base import BaseCommand

from agenda.services import occurrences_finish


class Command(BaseCommand):
    help = "Tell plugins about sessions that have just ended (occurrence_finished). Run from cron."

    def handle(self, *args, **options):
        sent = occurrences_finish()
        self.stdout.write(f"{sent} finished occurrence(s) announced.")
