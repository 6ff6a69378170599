from django.core.management.base import BaseCommand, CommandError

from geo_server.sector import known_kinds
from geo_server.supervision.evaluation import sweep


class Command(BaseCommand):
    help = ("Evaluate the warning rules of one kind (or all), upsert warnings, promote hazards and set "
            "each feature's risk level from its open warnings.")

    def add_arguments(self, parser):
        parser.add_argument("--kind", help="a kind (building, river_reach, ...); all kinds when left out")

    def handle(self, *args, kind=None, **options):
        kinds = known_kinds()
        if kind is not None and kind not in kinds:
            raise CommandError(f"Unknown kind {kind!r}. Known: {', '.join(kinds)}.")
        for each in [kind] if kind else kinds:
            result = sweep(each)
            self.stdout.write(f"{each}: {result.features} features, {result.findings} findings, "
                              f"{result.closed} warnings closed, {result.hazards} new hazards, "
                              f"{result.recoloured} features recoloured")
