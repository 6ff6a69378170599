"""The supervision loop's scheduled work (CELERY_BEAT_SCHEDULE in settings)."""

from celery import shared_task

from geo_server.sector import known_kinds
from geo_server.supervision.evaluation import evaluate_features, sweep
from geo_server.supervision.jobs import summary
from geo_server.supervision.overdue import escalate_overdue


@shared_task(name="supervision.evaluate_rules")
def evaluate_rules(kind: str | None = None) -> dict:
    results = {}
    for each in [kind] if kind else known_kinds():
        results[each] = summary(sweep(each))
    return results


@shared_task(name="supervision.escalate_overdue")
def escalate_overdue_task() -> dict:
    result = escalate_overdue()
    return {"overdue": result.overdue, "escalated": result.escalated}


@shared_task(name="supervision.evaluate_features", acks_late=True)
def evaluate_features_task(feature_ids: list[int]) -> int:
    """The rules of a few features whose data a bulk feed just changed; returns the kinds evaluated."""
    return len(evaluate_features(feature_ids))
