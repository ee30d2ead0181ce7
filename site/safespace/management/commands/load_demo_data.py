from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safespace.demo import ensure_users, indexing_once, second_space, second_space_base, second_space_users
from safespace.addresses import public_base
from safespace.services import site_address_sync


class Command(BaseCommand):
    help = "Load a believable demo site in every configured language. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even though these are production settings (it creates accounts with known passwords).",
        )

    def handle(self, *args, **options):
        if not getattr(settings, "SAFESPACE_DEMO_DATA_ALLOWED", True) and not options["allow_production"]:
            raise CommandError(
                "These are production settings: the demo creates staff accounts whose passwords are "
                "printed below and written in the source code, so anyone could sign in. Nothing was loaded. "
                "If this really is a throwaway install, run it again with --allow-production."
            )
        # Each app brings its own demo content in <app>/demo.py: load_demo(stdout=...).
        with indexing_once():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if app_config.name.startswith(("django.", "wagtail")) or find_spec(module_name) is None:
                    continue
                import_module(module_name).load_demo(stdout=self.stdout)
                self.stdout.write(f"  demo content: {app_config.label}")
            site_address_sync()
            users = ensure_users()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        self.stdout.write("Demo accounts (username / password / role):")
        for username, role, password in users:
            self.stdout.write(f"  {username:<15} {password:<28} {role}")
        # Two spaces on one install (safespace/spaces.py): each its address and its own staff.
        space = second_space()
        if space is not None:
            self.stdout.write(f"Spaces: Espai Lila at {public_base()}/ (the accounts above), "
                              f"{space.site_name} at {second_space_base()}/ (admin {second_space_base()}/admin/):")
            for username, role, password in second_space_users():
                self.stdout.write(f"  {username:<22} {password:<34} {role}")
