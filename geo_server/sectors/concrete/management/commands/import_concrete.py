"""python manage.py import_concrete FEED FILE [--as-user USER]: a plant feed's ingestion (batches,
batching, lots, tests, heartbeats) from an NDJSON file (gzipped when it ends in .gz), all or nothing,
as the API does it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo_server.accounts.models import User
from geo_server.errors import ApiError
from geo_server.sectors.concrete.feeds import FEEDS
from geo_server.sectors.concrete.ingest import ingest


class Command(BaseCommand):
    help = "Import a concrete plant feed (batches, batching, lots, tests, heartbeats) from NDJSON, maybe gzipped."

    def add_arguments(self, parser):
        parser.add_argument("feed", choices=sorted(FEEDS))
        parser.add_argument("file")
        parser.add_argument("--as-user", help="limit the plants to what this user may see (default: any plant)")

    def handle(self, *args, feed, file, as_user, **options):
        user = None
        if as_user:
            user = User.objects.filter(username=as_user, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {as_user}.")
        try:
            with Path(file).open("rb") as stream:
                outcome = ingest(feed, stream, file.endswith(".gz"), user=user)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except ApiError as error:
            raise CommandError(_describe(error)) from None
        counts = outcome.as_dict()
        self.stdout.write(f"{counts['received']} rows: {counts['inserted']} inserted, {counts['updated']} updated, "
                          f"{counts['duplicates']} already there.")


def _describe(error: ApiError) -> str:
    lines = [error.message]
    for row in error.details.get("errors", [])[:50]:
        lines.append(f"  line {row['line']}: {row['field'] or '-'}: {row['reason']}")
    if error.details.get("plants"):
        lines.append("  plants: " + ", ".join(error.details["plants"][:50]))
    return "\n".join(lines)
