from django.core.management.base import BaseCommand

from plugins.enrollment.services import reminders_send


class Command(BaseCommand):
    help = "Email the reminders people asked for, a day ahead. Run hourly."

    def handle(self, *args, **options):
        self.stdout.write(f"enrollment: {reminders_send()} reminders sent")
