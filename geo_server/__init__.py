# Loaded with Django so that @shared_task binds to the project's Celery app.
from geo_server.celery import app as celery_app

__all__ = ("celery_app",)
