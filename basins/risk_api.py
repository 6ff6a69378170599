"""The stored relapse-model runs as JSON: GET /api/risk-runs (newest first) and GET /api/risk-runs/<id>.

A run's metadata (version, parameters with the cross-validated choice, metrics on held-out reaches,
timing, how many labels it trained on) describe the model and are the same for everyone. The detail
adds what concerns reaches, within the user's scope: the training reaches the user may see and a
summary of the assessments of those reaches by warning level and type. No reach-level rows: those
are on each reach's record page.
"""

from django.db.models import Avg, Count
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from basins.models import RiskAssessment, RiskModelRun
from geo_server.errors import NotFound
from geo_server.features.kinds import RiskLevel
from geo_server.features.models import Feature
from geo_server.features.params import parse_int, reject_unknown
from geo_server.features.scoping import scope_features

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_JSON = {"ensure_ascii": False}


def run_json(run: RiskModelRun) -> dict:
    return {
        "id": run.pk, "version": run.model_version, "basin": run.basin_code or None,
        "started_at": run.started_at.isoformat(), "finished_at": run.finished_at and run.finished_at.isoformat(),
        "duration_s": run.duration_s, "training_labels": len(run.training_reach_ids),
        "metrics": run.metrics, "parameters": run.parameters,
    }


def assessment_summary(run: RiskModelRun, user) -> dict:
    rows = RiskAssessment.objects.filter(run=run, reach__in=scope_features(user).values("pk"))
    levels = dict(rows.values_list("level").annotate(n=Count("pk")))
    types = dict(rows.values_list("warning_type").annotate(n=Count("pk")))
    return {
        "count": sum(levels.values()),
        "mean_probability": rows.aggregate(mean=Avg("probability"))["mean"],
        "by_level": {level.name.lower(): levels.get(level.value, 0) for level in RiskLevel},
        "by_warning_type": {value: types.get(value, 0) for value in RiskAssessment.WarningType.values},
    }


def visible_training_reaches(run: RiskModelRun, user) -> list[int]:
    reaches = scope_features(user, Feature.objects.filter(pk__in=run.training_reach_ids))
    return list(reaches.order_by("pk").values_list("pk", flat=True))


@require_GET
def risk_run_list(request):
    """?basin=CODE (runs of that basin; an empty value: every-basin runs), ?limit=1..500."""
    reject_unknown(request.GET, {"basin", "limit"})
    limit = parse_int(request.GET.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    runs = RiskModelRun.objects.order_by("-started_at", "-pk")
    if "basin" in request.GET:
        runs = runs.filter(basin_code=request.GET["basin"])
    rows = [run_json(run) for run in runs[:limit]]
    return JsonResponse({"runs": rows, "numberReturned": len(rows)}, json_dumps_params=_JSON)


@require_GET
def risk_run_detail(request, run_id: int):
    run = RiskModelRun.objects.filter(pk=run_id).first()
    if run is None:
        raise NotFound(_("No risk model run %(run_id)s.") % {"run_id": run_id}, code="unknown_risk_run")
    return JsonResponse({**run_json(run), "training_reach_ids": visible_training_reaches(run, request.user),
                         "assessments": assessment_summary(run, request.user)}, json_dumps_params=_JSON)
