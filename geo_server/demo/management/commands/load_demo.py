import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Count

from geo_server.demo.load import DEFAULT_SEED, load_demo
from geo_server.features.models import Feature


class Command(BaseCommand):
    help = "Load the synthetic demo data over the real Guangzhou boundaries (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="1 gives ~5,200 features; 200 gives ~1,000,000")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args, scale, seed, **options):
        if scale < 1:
            self.stderr.write("--scale must be 1 or more")
            raise SystemExit(2)
        started = time.monotonic()
        added = load_demo(scale, seed, log=self.stdout.write)
        self.stdout.write(f"added {sum(added.values()):,} features in {time.monotonic() - started:.1f}s")
        for row in Feature.objects.values("kind").annotate(n=Count("id")).order_by("kind"):
            self.stdout.write(f"  {row['kind']:<18} {row['n']:>9,}  (+{added.get(row['kind'], 0):,})")
        # Low-zoom tiles are drawn from pre-counted cells (layers app); bring them up to date.
        call_command("refresh_tile_cache", stdout=self.stdout)
