from django.core.management.base import BaseCommand

from safespace.addresses import public_base
from safespace.services import site_address_sync


class Command(BaseCommand):
    help = "Point the default Wagtail Site at SAFESPACE_PUBLIC_URL (its hostname and port). Run after changing it."

    def handle(self, *args, **options):
        site_address_sync()
        self.stdout.write(f"Public address: {public_base()}/")
