"""python manage.py load_wages [--scale N] [--seed S] [--today YYYY-MM-DD] [--sites S]: the synthetic wage
demo on the construction sites (the first S by code), four months of it up to the day before `today`
(default the demo's date)."""

from datetime import date

from django.core.management.base import BaseCommand

from geo_server.demo.subset import first_by_code
from geo_server.sectors.worksites.demo_wages import DEFAULT_TODAY, load_wages


class Command(BaseCommand):
    help = "Load synthetic workers, attendance, payments and inflows onto the construction sites (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="workers per site times N (default 1)")
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY)
        parser.add_argument("--sites", type=int, default=None,
                            help="only the first S construction sites by code (default all)")

    def handle(self, *args, scale, seed, today, sites, **options):
        counts = load_wages(seed=seed, scale=max(scale, 1), log=self.stdout.write, today=today,
                            sites=first_by_code("construction_site", sites))
        self.stdout.write(", ".join(f"{name}: {value}" for name, value in counts.items()))
