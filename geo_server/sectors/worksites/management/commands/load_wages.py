"""python manage.py load_wages [--scale N] [--seed S]: the synthetic wage demo on the construction sites."""

from django.core.management.base import BaseCommand

from geo_server.sectors.worksites.demo_wages import load_wages


class Command(BaseCommand):
    help = "Load synthetic workers, attendance, payments and inflows onto the construction sites (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="workers per site times N (default 1)")
        parser.add_argument("--seed", type=int, default=20260101)

    def handle(self, *args, scale, seed, **options):
        counts = load_wages(seed=seed, scale=max(scale, 1), log=self.stdout.write)
        self.stdout.write(", ".join(f"{name}: {value}" for name, value in counts.items()))
