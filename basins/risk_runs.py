"""A stored run of the relapse model: features in, assessments and warning colours out, evaluated.

The ORM side of basins/risk.py. A run reads the features (basins/risk_features.py), fits and
scores, evaluates against the hidden truth on the reaches whose label it did not see (the only
place RelapseTruth.relapsed is read for unlabelled reaches), stores the run and one assessment per
reach, then evaluates the assessed reaches' rules: the relapse rule (basins/rules.py) turns each
assessment into a warning, and the sweep sets each reach's Feature.risk_level from its open warnings
(which drives the map colour and, through basins/frequency.py, its chiefs' patrol frequency). Last
it refreshes the tiles.
"""

import time
from datetime import date

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basins import risk
from basins.demo import month_start
from basins.models import Basin, RelapseTruth, RiskAssessment, RiskModelRun
from basins.risk_features import NAMES, ReachFeatures, load_features
from basins.simulation import RELAPSE_MONTHS, relapse_probability
from geo_server.errors import BadRequest, NotFound
from geo_server.supervision.evaluation import evaluate_features
from layers.tiles import refresh_cells

# The demo's prediction date: the first month a relapse can happen (basins/simulation.py), so the
# year of history before it is the model's whole view. A live deployment would pass today.
DEMO_CUTOFF = month_start(RELAPSE_MONTHS[0])

def evaluate(features: ReachFeatures, probability: np.ndarray) -> dict:
    """Model vs the latest-ammonia baseline on labelled-by-truth reaches the model did not train on."""
    truth = {reach_id: (relapsed, propensity) for reach_id, relapsed, propensity in
             RelapseTruth.objects.filter(reach__in=features.reach_ids.tolist(), label_visible=False)
             .values_list("reach_id", "relapsed", "propensity")}
    held = np.array([reach_id in truth for reach_id in features.reach_ids], dtype=bool)
    outcome = np.array([truth[r][0] for r in features.reach_ids[held]], dtype=bool)
    chance = relapse_probability([truth[r][1] for r in features.reach_ids[held]])
    return risk.metrics(probability[held], features.baseline[held], outcome, chance)


def assessments(run: RiskModelRun, features: ReachFeatures, prediction: risk.Prediction) -> list[RiskAssessment]:
    rows = []
    for i, reach_id in enumerate(features.reach_ids):
        raw = {name: None if np.isnan(v) else round(float(v), 3) for name, v in zip(NAMES, features.x[i])}
        probability = float(prediction.probability[i])
        rows.append(RiskAssessment(
            run=run, reach_id=int(reach_id), probability=round(probability, 4), level=risk.warning_level(probability),
            warning_type=risk.warning_type(prediction.contributions[i], prediction.names),
            factors=risk.top_factors(prediction.contributions[i], prediction.names, raw)))
    return rows


def training_scope(features: ReachFeatures, basin_code: str | None) -> tuple[np.ndarray, dict]:
    """Which reaches the model learns from: the basin's own when it has enough labels of both outcomes,
    otherwise every basin's (the fallback and its reason are stored with the run). BadRequest when
    even every basin together has too few."""
    def per_outcome(mask):  # [not relapsed, relapsed] among the known reaches in mask
        return np.bincount(features.labels[mask & (features.labels >= 0)], minlength=2)

    everywhere = np.ones(len(features.reach_ids), dtype=bool)
    overall = per_outcome(everywhere)
    if overall.min() < risk.MIN_LABELS_PER_OUTCOME:
        message = _("The risk model needs at least %(minimum)s known relapsed and %(minimum)s known not relapsed "
                    "reaches; there are %(relapsed)s and %(not_relapsed)s.")
        counts = {"minimum": risk.MIN_LABELS_PER_OUTCOME, "relapsed": overall[1], "not_relapsed": overall[0]}
        raise BadRequest(message % counts, code="too_few_labels")
    if not basin_code:
        return everywhere, {"fitted_on": "all basins"}
    own = features.basin_codes == basin_code
    counts = per_outcome(own)
    if counts.min() >= risk.MIN_LABELS_PER_OUTCOME:
        return own, {"fitted_on": basin_code}
    return everywhere, {"fitted_on": "all basins", "fallback": (
        f"basin {basin_code} has {counts[1]} known relapsed and {counts[0]} known not relapsed reaches; "
        f"fitting on it alone needs at least {risk.MIN_LABELS_PER_OUTCOME} of each")}


def run_model(basin_code: str | None = None, cutoff: date = DEMO_CUTOFF, parameters: dict | None = None) -> RiskModelRun:
    """Fit, score, evaluate and store. With a basin, only that basin's reaches are assessed."""
    started, clock = timezone.now(), time.perf_counter()
    parameters = {**risk.DEFAULT_PARAMETERS, **(parameters or {}), "cutoff": cutoff.isoformat()}
    if basin_code and not Basin.objects.filter(code=basin_code).exists():
        raise NotFound(_("No basin %(basin_code)r.") % {"basin_code": basin_code}, code="unknown_basin")
    features = load_features(cutoff)
    scope, fitted = training_scope(features, basin_code)
    fitted_on = features.subset(scope)
    prediction = risk.fit_predict(fitted_on.x, fitted_on.labels, parameters)
    if basin_code:
        assessed = fitted_on.basin_codes == basin_code
        fitted_on, prediction = fitted_on.subset(assessed), prediction.subset(assessed)
    parameters["cv_choice"] = {**prediction.choice, **fitted}
    parameters["rain_sensitivity_per_mm"] = round(features.rain_sensitivity, 6)
    training_ids = features.reach_ids[scope & (features.labels >= 0)].tolist()
    metrics = {**evaluate(fitted_on, prediction.probability), "reaches": int(len(fitted_on.reach_ids)),
               "training_labels": len(training_ids), "pseudo_labelled": prediction.pseudo_labelled}
    with transaction.atomic():
        run = RiskModelRun.objects.create(
            model_version=risk.VERSION, basin_code=basin_code or "", parameters=parameters, metrics=metrics,
            training_reach_ids=training_ids, started_at=started)
        RiskAssessment.objects.bulk_create(assessments(run, fitted_on, prediction))
        # The run's output reaches the map as warnings: only the reaches it assessed are evaluated.
        evaluate_features(fitted_on.reach_ids.tolist())
    refresh_cells()
    run.finished_at = timezone.now()
    run.duration_s = round(time.perf_counter() - clock, 3)
    run.save(update_fields=["finished_at", "duration_s"])
    return run
