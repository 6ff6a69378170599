"""python manage.py import_attendance FILE [--payments|--inflows] [--as-user USER]: the API's ingestion
from a file (.ndjson/.jsonl or .csv, gzipped when it ends in .gz), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo_server.feeds.commands import import_file, importing_user
from geo_server.sectors.worksites.ingest import ingest

FORMATS = {".ndjson": "ndjson", ".jsonl": "ndjson", ".csv": "csv"}


class Command(BaseCommand):
    help = "Import clock events (or wage payments, or inflows) from an NDJSON or CSV file, maybe gzipped."

    def add_arguments(self, parser):
        parser.add_argument("file")
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--payments", action="store_const", dest="kind", const="payments")
        kind.add_argument("--inflows", action="store_const", dest="kind", const="inflows")
        parser.add_argument("--as-user", help="limit the sites to what this user may see (default: any site)")

    def handle(self, *args, file, kind, as_user, **options):
        path = Path(file)
        gzipped = path.suffix == ".gz"
        fmt = FORMATS.get((path.with_suffix("") if gzipped else path).suffix.lower())
        if fmt is None:
            raise CommandError("The file must end in .ndjson, .jsonl or .csv (then maybe .gz).")
        user = importing_user(as_user)
        outcome = import_file(path, lambda stream: ingest(kind or "attendance", stream, fmt, gzipped, user=user))
        counts = outcome.as_dict()
        self.stdout.write(f"{counts['received']} rows: {counts['inserted']} inserted, "
                          f"{counts['duplicates']} already there.")
