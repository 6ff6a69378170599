from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo_server.backup.archive import BackupError
from geo_server.backup.postgres import PostgresError
from geo_server.backup.restoring import restore


class Command(BaseCommand):
    help = "Restore a backup directory (checked against its manifest first) into the database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", help="restore into this database on the same server instead")
        parser.add_argument("--force", action="store_true", help="restore over a database or media that are not empty")

    def handle(self, *args, directory, database, force, **options):
        try:
            manifest = restore(directory, dbname=database, force=force)
        except (BackupError, PostgresError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {len(manifest['row_counts'])} tables and {len(manifest['media'])} media files; "
                          f"row counts match the manifest")
