from django.core.management.base import BaseCommand

from plugins.alerts.push import vapid_keys_new


class Command(BaseCommand):
    help = "Make a VAPID key pair for the alerts' web push; put the lines in the environment (see docs/PRODUCTION.md)."

    def handle(self, *args, **options):
        private, public = vapid_keys_new()
        self.stdout.write(f"ALERTS_VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"ALERTS_VAPID_PUBLIC_KEY={public}")
        self.stdout.write("ALERTS_VAPID_SUBJECT=mailto:you@example.org")
