from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "geo_server.backup"
    label = "backup"
    verbose_name = "Backup and restore"
