from django.core.management.base import BaseCommand, CommandError

from geo_server.accounts.models import User
from geo_server.accounts.tokens import issue_token


class Command(BaseCommand):
    help = "Issue a personal API token (Authorization: Bearer) for a user and print it."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        self.stdout.write(issue_token(user, name))
