import time

from django.core.management.base import BaseCommand

from geo_server.demo.load import DEFAULT_SEED
from layers.rasters import register_rasters


class Command(BaseCommand):
    help = ("Register the raster layers (real DEM and land mask, synthetic impervious surface and population), "
            "generating the synthetic GeoTIFFs into var/rasters when missing (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--regenerate", action="store_true", help="rewrite the synthetic files even if present")

    def handle(self, *args, seed, regenerate, **options):
        started = time.monotonic()
        written = register_rasters(seed, regenerate)
        for path in written:
            self.stdout.write(f"wrote {path}")
        self.stdout.write(f"raster layers registered in {time.monotonic() - started:.1f}s")
