"""Make the time-series tables' monthly partitions ahead of the rows (run daily, say from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from geo_server.partitions import ensure_ahead


class Command(BaseCommand):
    help = ("Create the monthly partitions of every range-partitioned table from this month to --ahead "
            "months later; rows of those months waiting in a default partition move into them.")

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, default=settings.GEO_SERVER["PARTITION_MONTHS_AHEAD"],
                            help="months after this one to create (default: %(default)s)")

    def handle(self, *args, ahead: int, **options):
        made = ensure_ahead(timezone.now().date(), ahead)
        for name in made:
            self.stdout.write(f"created {name}")
        self.stdout.write(f"{len(made)} partition(s) created")
