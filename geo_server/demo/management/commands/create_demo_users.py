from django.core.management.base import BaseCommand

from geo_server.demo.loop import ensure_demo_loop
from geo_server.demo.organisations import ensure_demo_users, ensure_organisations
from geo_server.demo.patrols import ensure_demo_patrol


class Command(BaseCommand):
    help = "Create (or reset) one demo account per role and print them. Demo only."

    def handle(self, *args, **options):
        ensure_organisations()
        self.stdout.write("Demo accounts (demo only; passwords are reset on every run):")
        for username, password, role, description in ensure_demo_users():
            self.stdout.write(f"  {username:<13} {password:<14} {role:<17} {description}")
        self.stdout.write(ensure_demo_patrol())
        self.stdout.write(ensure_demo_loop())
