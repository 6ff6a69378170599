"""The rule sweep as a background job (geo_server.jobs), one kind after another."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_server.errors import BadRequest
from geo_server.jobs.kinds import JobKind, is_supervisor
from geo_server.jobs.progress import progress
from geo_server.sector import known_kinds
from geo_server.supervision.evaluation import SweepResult, sweep


def summary(result: SweepResult) -> dict:
    return {"features": result.features, "findings": result.findings, "closed": result.closed,
            "hazards": result.hazards, "recoloured": result.recoloured}


def clean(user, params: dict) -> dict:
    kind = params.get("kind") or None
    if kind is not None and kind not in known_kinds():
        raise BadRequest(_("No kind %(kind)r.") % {"kind": kind}, code="unknown_kind")
    return {"kind": kind} if kind else {}


def run(job) -> dict:
    swept = [job.params["kind"]] if job.params.get("kind") else known_kinds()
    results = {}
    for done, kind in enumerate(swept):
        progress(job, done, len(swept), kind)
        results[kind] = summary(sweep(kind))
    progress(job, len(swept), len(swept), "")
    return results


RULE_SWEEP = JobKind("rule_sweep", gettext_lazy("Rule sweep"), run, clean, is_supervisor)
