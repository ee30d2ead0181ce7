import json

from django.core.management.base import BaseCommand

from safespace.services import participant_export


class Command(BaseCommand):
    help = "Print, as JSON, everything linked to a participant code, across every plugin."

    def add_arguments(self, parser):
        parser.add_argument("code")

    def handle(self, *args, code, **options):
        self.stdout.write(json.dumps(participant_export(code=code), indent=2, sort_keys=True, default=str))
