"""A stored run of the relapse model: features in, assessments and warning colours out, evaluated.

The ORM side of basins/risk.py. A run reads the features (basins/risk_features.py), fits and
scores, evaluates against the hidden truth on the reaches whose label it did not see (the only
place RelapseTruth.relapsed is read for unlabelled reaches), stores the run and one assessment per
reach, writes each reach's warning level to Feature.risk_level in one UPDATE (which drives the map
colour and, through basins/frequency.py, its chiefs' patrol frequency), and refreshes the tiles.
"""

import time
from datetime import date

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from basins import risk
from basins.demo import month_start
from basins.models import Basin, RelapseTruth, RiskAssessment, RiskModelRun
from basins.risk_features import NAMES, ReachFeatures, load_features
from basins.simulation import RELAPSE_MONTHS
from geo_server.errors import BadRequest, NotFound
from layers.tiles import refresh_cells

# The demo's prediction date: the first month a relapse can happen (basins/simulation.py), so the
# year of history before it is the model's whole view. A live deployment would pass today.
DEMO_CUTOFF = month_start(RELAPSE_MONTHS[0])

UPDATE_LEVELS_SQL = """
UPDATE features_feature f SET risk_level = a.level, updated_at = now()
FROM basins_riskassessment a WHERE a.run_id = %s AND a.reach_id = f.id AND f.risk_level IS DISTINCT FROM a.level
"""


def evaluate(features: ReachFeatures, probability: np.ndarray) -> dict:
    """Model vs the latest-ammonia baseline on labelled-by-truth reaches the model did not train on."""
    truth = dict(RelapseTruth.objects.filter(reach__in=features.reach_ids.tolist(), label_visible=False)
                 .values_list("reach_id", "relapsed"))
    held = np.array([reach_id in truth for reach_id in features.reach_ids], dtype=bool)
    outcome = np.array([truth[r] for r in features.reach_ids[held]], dtype=bool)
    return risk.metrics(probability[held], features.baseline[held], outcome)


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


def run_model(basin_code: str | None = None, cutoff: date = DEMO_CUTOFF, parameters: dict | None = None) -> RiskModelRun:
    started, clock = timezone.now(), time.perf_counter()
    parameters = {**risk.DEFAULT_PARAMETERS, **(parameters or {}), "cutoff": cutoff.isoformat()}
    if basin_code and not Basin.objects.filter(code=basin_code).exists():
        raise NotFound(f"No basin {basin_code!r}.", code="unknown_basin")
    features = load_features(cutoff, basin_code)
    known = features.labels >= 0
    if len(set(features.labels[known].tolist())) < 2:
        raise BadRequest("The risk model needs labelled reaches of both outcomes in the basin.", code="too_few_labels")
    prediction = risk.fit_predict(features.x, features.labels, parameters)
    metrics = {**evaluate(features, prediction.probability), "reaches": int(len(features.reach_ids)),
               "training_labels": int(known.sum()), "pseudo_labelled": prediction.pseudo_labelled}
    with transaction.atomic():
        run = RiskModelRun.objects.create(
            model_version=risk.VERSION, basin_code=basin_code or "", parameters=parameters, metrics=metrics,
            training_reach_ids=features.reach_ids[known].tolist(), started_at=started)
        RiskAssessment.objects.bulk_create(assessments(run, features, prediction))
        with connection.cursor() as cursor:
            cursor.execute(UPDATE_LEVELS_SQL, [run.pk])
    refresh_cells()
    run.finished_at = timezone.now()
    run.duration_s = round(time.perf_counter() - clock, 3)
    run.save(update_fields=["finished_at", "duration_s"])
    return run
