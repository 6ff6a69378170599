from datetime import date

from django.core.management.base import BaseCommand, CommandError

from geo_server.sectors.concrete import acceptance
from geo_server.sectors.concrete.sigma import record_sigma0
from geo_server.supervision.evaluation import evaluate_features


class Command(BaseCommand):
    help = ("Judge a month's evaluation batches (验收批) by GB/T 50107; with --close, close the month so that "
            "failed batches raise the strength-evaluation warning at once.")

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--close", action="store_true", help="close the month (rule 18 judges closed batches)")
        parser.add_argument("--sigma-period", metavar="START:END",
                            help="first record σ0 from the closed evaluation batches of this inspection period "
                                 "(YYYY-MM-DD:YYYY-MM-DD, 60 to 90 days) for the known-sigma method")

    def handle(self, *args, month, close=False, sigma_period=None, **options):
        try:
            start, end = acceptance.month_bounds(date.fromisoformat(f"{month}-01"))
        except ValueError:
            raise CommandError(f"--month wants YYYY-MM, not {month!r}") from None
        if sigma_period:
            self._record_sigma(sigma_period)
        batches = acceptance.evaluate_period(start, end, close=close)
        plants = sorted({batch.plant_id for batch in batches})
        if close and plants:
            evaluate_features(plants)
        failed = sum(1 for batch in batches if batch.passed is False)
        self.stdout.write(f"{month}: {len(batches)} evaluation batches at {len(plants)} plants, {failed} failed"
                          + (", closed" if close else ""))

    def _record_sigma(self, period: str) -> None:
        try:
            first, last = (date.fromisoformat(day) for day in period.split(":"))
            recorded = record_sigma0(first, last)
        except ValueError as error:
            raise CommandError(f"--sigma-period: {error}") from None
        self.stdout.write(f"σ0 recorded for {len(recorded)} plant grades from {first} to {last}")
