import json

from django.core.management.base import BaseCommand, CommandError

from plugins.api import codes, sites
from safespace.services import participant_erase

from ._space import space_of


class Command(BaseCommand):
    help = "Delete everything linked to a participant code, across every plugin."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--site", type=int, help="Only this space (a Wagtail Site id); without it, every space.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, code, yes=False, site=None, **options):
        space = space_of(site)
        code = codes.normalize(code)
        if not code:
            raise CommandError("Give a participant code.")
        if not yes:
            answer = input(f"Delete everything linked to “{code}”? Type the code again to confirm: ")
            if codes.normalize(answer) != code:
                raise CommandError("Not confirmed; nothing was deleted.")
        with sites.scope(space):
            erased = participant_erase(code=code)
        self.stdout.write(json.dumps(erased, sort_keys=True))
