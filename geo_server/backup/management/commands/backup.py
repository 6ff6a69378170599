from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo_server.backup.archive import BackupError, create
from geo_server.backup.postgres import PostgresError


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format) and MEDIA_ROOT into DIR, with a checksummed manifest."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="a new or empty directory")

    def handle(self, *args, out, **options):
        try:
            manifest = create(out)
        except (BackupError, PostgresError) as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"backed up {len(manifest['row_counts'])} tables ({rows} rows) and "
                          f"{len(manifest['media'])} media files into {out}")
