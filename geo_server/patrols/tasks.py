"""Scheduled patrol work (CELERY_BEAT_SCHEDULE in settings)."""

from celery import shared_task
from django.utils import timezone

from geo_server.patrols.plans import generate_tasks


@shared_task(name="patrols.generate_tasks")
def generate_tasks_task() -> dict:
    """The period's tasks of every active plan, from today's risk: idempotent, so a daily run starts
    each new period (week, 旬, month...) on its first day with the risk of that day."""
    return {"created": generate_tasks(timezone.localdate())}
