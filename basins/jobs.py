"""The risk model run as a background job (geo_server.jobs)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basins.models import Basin
from basins.risk_runs import run_model
from geo_server.errors import BadRequest
from geo_server.jobs.kinds import JobKind, is_supervisor
from geo_server.jobs.progress import progress


def clean(user, params: dict) -> dict:
    basin = params.get("basin") or None
    if basin is not None and not Basin.objects.filter(code=str(basin)).exists():
        raise BadRequest(_("No basin %(basin_code)r.") % {"basin_code": basin}, code="unknown_basin")
    return {"basin": basin} if basin else {}


def run(job) -> dict:
    # One step the job can see: fitting, scoring and storing happen inside run_model.
    progress(job, 0, 1, _("fitting the model"))
    model_run = run_model(job.params.get("basin"))
    progress(job, 1, 1, "")
    return {"run_id": model_run.pk, "metrics": model_run.metrics, "duration_s": model_run.duration_s}


RISK_MODEL = JobKind("risk_model", gettext_lazy("Risk model run"), run, clean, is_supervisor)
