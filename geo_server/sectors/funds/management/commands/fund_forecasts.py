"""Refresh every center's stored forecasts (forecast_runs.py), e.g. nightly before the sweep."""

from django.core.management.base import BaseCommand

from geo_server.sectors.funds.forecast_runs import refresh_forecasts


class Command(BaseCommand):
    help = "Forecast each fund center's loan ratio and overdue rate and store the runs the forecast rules read."

    def handle(self, *args, **options):
        self.stdout.write(f"{refresh_forecasts()} forecasts stored")
