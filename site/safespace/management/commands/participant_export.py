import json

from django.core.management.base import BaseCommand

from plugins.api import sites
from safespace.services import participant_export

from ._space import space_of


class Command(BaseCommand):
    help = "Print, as JSON, everything linked to a participant code, across every plugin."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--site", type=int, help="Only this space (a Wagtail Site id); without it, every space.")

    def handle(self, *args, code, site=None, **options):
        with sites.scope(space_of(site)):
            data = participant_export(code=code)
        self.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str))
