from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "geo_server.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"
