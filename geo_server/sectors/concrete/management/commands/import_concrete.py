"""python manage.py import_concrete FEED FILE [--as-user USER]: a plant feed's ingestion (batches,
batching, lots, tests, heartbeats) from an NDJSON file (gzipped when it ends in .gz), all or nothing,
as the API does it."""

from pathlib import Path

from django.core.management.base import BaseCommand

from geo_server.feeds.commands import import_file, importing_user
from geo_server.sectors.concrete.feeds import FEEDS
from geo_server.sectors.concrete.ingest import ingest


class Command(BaseCommand):
    help = "Import a concrete plant feed (batches, batching, lots, tests, heartbeats) from NDJSON, maybe gzipped."

    def add_arguments(self, parser):
        parser.add_argument("feed", choices=sorted(FEEDS))
        parser.add_argument("file")
        parser.add_argument("--as-user", help="limit the plants to what this user may see (default: any plant)")

    def handle(self, *args, feed, file, as_user, **options):
        user = importing_user(as_user)
        outcome = import_file(Path(file), lambda stream: ingest(feed, stream, file.endswith(".gz"), user=user))
        counts = outcome.as_dict()
        self.stdout.write(f"{counts['received']} rows: {counts['inserted']} inserted, {counts['updated']} updated, "
                          f"{counts['duplicates']} already there.")
