import json

from django.core.management.base import BaseCommand

from safespace.services import retention_apply


class Command(BaseCommand):
    help = "Apply every retention rule of every app and plugin (contacts, old codes). Run daily."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(retention_apply(), sort_keys=True))
