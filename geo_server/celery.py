"""The Celery app. Without a broker (CELERY_BROKER_URL unset) tasks run inline, in the caller's
process: development and tests need no Redis, and `.delay()` still works."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")

app = Celery("geo_server")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Explicit over scanning: every module holding tasks is listed here.
app.conf.imports = ("basins.tasks", "geo_server.supervision.tasks", "geo_server.notifications.tasks",
                    "geo_server.patrols.tasks", "geo_server.jobs.tasks", "layers.tasks")
