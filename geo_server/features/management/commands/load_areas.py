from django.core.management.base import BaseCommand

from geo_server.features.areas import load_areas


class Command(BaseCommand):
    help = "Load Guangdong's cities, Guangzhou's districts (real) and streets (synthetic shapes, real names)."

    def handle(self, *args, **options):
        count = load_areas()
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} administrative areas loaded.")
