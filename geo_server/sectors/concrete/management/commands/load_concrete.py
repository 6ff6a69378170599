"""python manage.py load_concrete [--scale N] [--seed S] [--today YYYY-MM-DD] [--days D] [--plants P]: a year
(D days) of synthetic production at the concrete plants (the first P by code) up to the day before `today`
(default today)."""

from datetime import date

from django.core.management.base import BaseCommand

from geo_server.demo.subset import first_by_code
from geo_server.sectors.concrete.demo_production import load_concrete


class Command(BaseCommand):
    help = "Load synthetic lots, orders, batches, deliveries and specimens at the concrete plants (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="batches per plant and day times N (default 1: 3)")
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument("--today", type=date.fromisoformat, default=None)
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--plants", type=int, default=None, help="only the first P plants by code (default all)")

    def handle(self, *args, scale, seed, today, days, plants, **options):
        counts = load_concrete(seed=seed, scale=max(scale, 1), log=self.stdout.write, today=today, days=days,
                               plants=first_by_code("concrete_plant", plants))
        self.stdout.write(", ".join(f"{name}: {value}" for name, value in counts.items()))
