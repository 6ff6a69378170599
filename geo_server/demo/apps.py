from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "geo_server.demo"
    label = "demo"
    verbose_name = "Demo data"
