from celery import shared_task

from basins.risk_runs import run_model


@shared_task(name="basins.run_risk_model")
def run_risk_model(basin_code: str | None = None) -> dict:
    """Returns the run id and its metrics (JSON-serialisable for any result backend)."""
    run = run_model(basin_code)
    return {"run_id": run.pk, "metrics": run.metrics, "duration_s": run.duration_s}
