"""Retention: retire the monthly partitions older than the kept months (run monthly)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from geo_server.partitions import expired, partitioned_tables, retire


class Command(BaseCommand):
    help = ("Detach, and unless --detach-only drop, the monthly partitions wholly older than the kept "
            "months (GEO_SERVER_PARTITION_RETENTION, per table; a table not named there is kept whole). "
            "Default partitions are never touched.")

    def add_arguments(self, parser):
        parser.add_argument("--table", help="only this table")
        parser.add_argument("--keep-months", type=int,
                            help="months kept before this one (overrides the setting; needs --table)")
        parser.add_argument("--detach-only", action="store_true",
                            help="detach the old months but keep them as plain tables (to archive them first)")
        parser.add_argument("--dry-run", action="store_true", help="only list what would go")

    def handle(self, *args, table, keep_months, detach_only, dry_run, **options):
        if keep_months is not None and not table:
            raise CommandError("--keep-months needs --table: retention is chosen per table")
        if keep_months is not None and keep_months < 0:
            raise CommandError("--keep-months must be 0 or more")
        known = {t.name for t in partitioned_tables()}
        if table and table not in known:
            raise CommandError(f"{table} is not a range-partitioned table; known: {', '.join(sorted(known))}")
        policy = settings.GEO_SERVER["PARTITION_RETENTION"]
        if not isinstance(policy, dict) or not all(isinstance(v, int) and v >= 0 for v in policy.values()):
            raise CommandError('GEO_SERVER_PARTITION_RETENTION must be JSON like {"buildings_reading": 36}')
        policy = dict(policy)
        if table:
            policy = {table: keep_months if keep_months is not None else policy.get(table)}
        today = timezone.now().date()
        gone = 0
        for name, months in sorted(policy.items()):
            if months is None or name not in known:
                continue
            for partition in expired(name, today, months):
                verb = "would retire" if dry_run else ("detached" if detach_only else "dropped")
                if not dry_run:
                    retire(name, partition, drop=not detach_only)
                self.stdout.write(f"{verb} {partition.name}")
                gone += 1
        self.stdout.write(f"{gone} partition(s) {'to retire' if dry_run else 'retired'}")
