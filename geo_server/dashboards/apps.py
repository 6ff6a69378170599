from django.apps import AppConfig
from django.core import checks


class DashboardsConfig(AppConfig):
    name = "geo_server.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"

    def ready(self):
        from geo_server.dashboards.checks import check_dashboards

        checks.register(check_dashboards)
