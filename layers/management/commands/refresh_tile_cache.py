import time

from django.core.management.base import BaseCommand

from layers.tiles import refresh_cells


class Command(BaseCommand):
    help = "Rebuild the low-zoom tile cells (layers_tile_cell) from the features; run after bulk changes."

    def handle(self, *args, **options):
        started = time.monotonic()
        refresh_cells()
        self.stdout.write(f"tile cells refreshed in {time.monotonic() - started:.1f}s")
