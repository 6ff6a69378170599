"""Rolling-origin backtest of the fund forecast over the stored history (the demo's 36 months per
center): per indicator, the model's MAPE against the naive last-value forecast at each horizon."""

from django.core.management.base import BaseCommand

from geo_server.sectors.funds.forecast import backtest, format_table
from geo_server.sectors.funds.forecast_runs import INDICATORS, histories


class Command(BaseCommand):
    help = "Backtest the fund forecast (rolling origin) against the naive forecast over the stored returns."

    def add_arguments(self, parser):
        parser.add_argument("--horizon", type=int, default=6)
        parser.add_argument("--min-train", type=int, default=18)

    def handle(self, *args, horizon: int, min_train: int, **options):
        found = histories()
        if not found:
            self.stdout.write("No returns stored: run `manage.py load_demo` first.")
            return
        for indicator in INDICATORS:
            series = {str(center): values[indicator] for center, values in found.items()
                      if values[indicator] and None not in values[indicator]}
            self.stdout.write(f"\n{indicator} ({len(series)} centers, horizon {horizon}, min_train {min_train})")
            self.stdout.write(format_table(backtest(series, horizon=horizon, min_train=min_train)))
