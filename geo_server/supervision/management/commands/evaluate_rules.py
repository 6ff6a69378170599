from django.core.management.base import BaseCommand, CommandError

from geo_server.features.kinds import Kind
from geo_server.supervision.evaluation import sweep


class Command(BaseCommand):
    help = "Evaluate the warning rules of one kind (or all), upsert warnings and promote hazards."

    def add_arguments(self, parser):
        parser.add_argument("--kind", help=f"one of {', '.join(Kind.values)}; all kinds when left out")

    def handle(self, *args, kind=None, **options):
        if kind is not None and kind not in Kind.values:
            raise CommandError(f"Unknown kind {kind!r}. Known: {', '.join(Kind.values)}.")
        for each in [kind] if kind else Kind.values:
            result = sweep(each)
            self.stdout.write(f"{each}: {result.features} features, {result.findings} findings, "
                              f"{result.closed} warnings closed, {result.hazards} new hazards")
