"""UNFINISHED: the relapse risk model (issue 4 part 4), a first working core only.

Done here: features per reach assembled in PostGIS from data before a cut-off month (water quality
level and trend, pollution sources within buffers, building density as the impervious stand-in,
rainfall), cleaned (log counts, median imputation, clipped z-scores); k-means clusters plus
self-training logistic regression (semi-supervised: a few labelled reaches, the rest pseudo-labelled
when confident), in numpy; evaluation against the hidden truth on the reaches whose label the model
did not see, with ROC AUC and precision at the top 10%, next to the single-indicator baseline
(latest ammonia). NOT done: scikit-learn (not installed in the shared virtualenv; these numpy
pieces stand in), stored runs (model version, parameters, labels used, metrics), warning levels
and types written to Feature.risk_level, top factors per reach, raster zonal statistics from
layers/, past hazards, `manage.py run_risk_model`, the Celery task, and tests.

The task: standing at the cut-off (the first month of the second simulated year), which reaches
will turn black-odorous again within the year? Only samples before the cut-off are used, so a
relapse that has already happened cannot leak into the features.
"""

from dataclasses import dataclass

import numpy as np
from django.db import connection

from basins.demo import month_start
from basins.simulation import RELAPSE_MONTHS

CUTOFF = month_start(RELAPSE_MONTHS[0])
FEATURES = ("nh3_recent", "nh3_trend", "do_recent", "transparency_recent", "orp_recent", "outfalls_200m",
            "industrial_1km", "construction_500m", "buildings_500m", "wet_rain_mm")
COUNT_FEATURES = {"outfalls_200m", "industrial_1km", "construction_500m", "buildings_500m"}

FEATURE_SQL = """
WITH monthly AS (
    SELECT p.reach_id, date_trunc('month', s.taken_at) AS month, avg(s.ammonia_n_mg_l) AS nh3,
           avg(s.dissolved_oxygen_mg_l) AS dox, avg(s.transparency_cm) AS tr, avg(s.orp_mv) AS orp
    FROM basins_watersample s JOIN basins_monitoringpoint p ON p.id = s.point_id
    WHERE s.taken_at < %(cutoff)s GROUP BY 1, 2
), quality AS (
    SELECT reach_id,
      avg(nh3) FILTER (WHERE month >= %(cutoff)s::date - interval '3 months') AS nh3_recent,
      regr_slope(nh3, extract(epoch FROM month) / 2629800) AS nh3_trend,
      avg(dox) FILTER (WHERE month >= %(cutoff)s::date - interval '3 months') AS do_recent,
      avg(tr) FILTER (WHERE month >= %(cutoff)s::date - interval '3 months') AS transparency_recent,
      avg(orp) FILTER (WHERE month >= %(cutoff)s::date - interval '3 months') AS orp_recent,
      (array_agg(nh3 ORDER BY month DESC))[1] AS nh3_latest
    FROM monthly GROUP BY reach_id
)
SELECT r.id, t.relapsed, t.label_visible, q.nh3_recent, q.nh3_trend, q.do_recent, q.transparency_recent,
  q.orp_recent,
  (SELECT count(*) FROM basins_pollutionsource s WHERE s.kind = 'outfall' AND s.geom && ST_Expand(r.geom, 0.01)
     AND ST_DWithin(s.geom::geography, r.geom::geography, 200)),
  (SELECT count(*) FROM basins_pollutionsource s WHERE s.kind = 'industrial' AND s.geom && ST_Expand(r.geom, 0.02)
     AND ST_DWithin(s.geom::geography, r.geom::geography, 1000)),
  (SELECT count(*) FROM features_feature c WHERE c.kind = 'construction_site' AND c.geom && ST_Expand(r.geom, 0.01)
     AND ST_DWithin(c.geom::geography, r.geom::geography, 500)),
  (SELECT count(*) FROM features_feature b WHERE b.kind = 'building' AND b.geom && ST_Expand(r.geom, 0.01)
     AND ST_DWithin(b.geom::geography, r.geom::geography, 500)),
  (SELECT coalesce(sum(mm), 0) FROM basins_rainfall w WHERE w.basin_id = r.basin_id AND w.day < %(cutoff)s
     AND extract(month FROM w.day) BETWEEN 4 AND 9),
  q.nh3_latest
FROM basins_relapsetruth t JOIN features_feature r ON r.id = t.reach_id LEFT JOIN quality q ON q.reach_id = r.id
ORDER BY r.id
"""


@dataclass
class Dataset:
    reach_ids: np.ndarray
    x: np.ndarray
    truth: np.ndarray  # evaluation only
    visible: np.ndarray  # where truth may be used as a training label
    baseline: np.ndarray  # latest monthly ammonia before the cut-off


def load_dataset() -> Dataset:
    with connection.cursor() as cursor:
        cursor.execute(FEATURE_SQL, {"cutoff": CUTOFF})
        rows = cursor.fetchall()
    data = np.array([[np.nan if v is None else float(v) for v in row[3:]] for row in rows]).reshape(-1, len(FEATURES) + 1)
    return Dataset(np.array([r[0] for r in rows]), data[:, :-1], np.array([r[1] for r in rows], dtype=bool),
                   np.array([r[2] for r in rows], dtype=bool), np.nan_to_num(data[:, -1]))


def clean(x: np.ndarray) -> np.ndarray:
    """Log the counts, impute medians, standardise, clip outliers at 4 sigma."""
    x = x.copy()
    for j, name in enumerate(FEATURES):
        if name in COUNT_FEATURES or name.startswith("nh3_recent"):
            x[:, j] = np.log1p(np.clip(x[:, j], 0, None))
        column = x[:, j]
        column[np.isnan(column)] = np.nanmedian(column) if np.isfinite(column).any() else 0.0
    spread = x.std(axis=0)
    return np.clip((x - x.mean(axis=0)) / np.where(spread > 0, spread, 1), -4, 4)


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, rounds: int = 50) -> np.ndarray:
    centres = x[rng.choice(len(x), k, replace=False)]
    for _ in range(rounds):
        labels = ((x[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
        centres = np.array([x[labels == c].mean(0) if (labels == c).any() else centres[c] for c in range(k)])
    return labels


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, ridge: float = 1.0) -> np.ndarray:
    """Weighted ridge logistic regression by Newton steps; returns coefficients (intercept first)."""
    design = np.hstack([np.ones((len(x), 1)), x])
    beta = np.zeros(design.shape[1])
    penalty = ridge * np.eye(len(beta))
    penalty[0, 0] = 0
    for _ in range(25):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (weight * (p - y)) + penalty @ beta
        hessian = design.T @ (design * (weight * p * (1 - p))[:, None]) + penalty
        beta -= np.linalg.solve(hessian, gradient)
    return beta


def predict(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(beta[0] + x @ beta[1:])))


def self_training(x: np.ndarray, labels: np.ndarray, known: np.ndarray, rounds: int = 5,
                  confidence: float = 0.85) -> np.ndarray:
    """Train on the known labels, pseudo-label the confident unknown reaches (half weight), repeat."""
    y, weight, use = labels.astype(float), np.where(known, 1.0, 0.0), known.copy()
    beta = fit_logistic(x[use], y[use], weight[use])
    for _ in range(rounds):
        p = predict(beta, x)
        sure = ~known & ((p > confidence) | (p < 1 - confidence))
        y = np.where(known, labels, p > 0.5).astype(float)
        weight = np.where(known, 1.0, np.where(sure, 0.5, 0.0))
        use = weight > 0
        beta = fit_logistic(x[use], y[use], weight[use])
    return predict(beta, x)


def roc_auc(scores: np.ndarray, truth: np.ndarray) -> float:
    """Probability that a random relapsed reach outranks a random clean one (ties count half)."""
    pos, neg = scores[truth], scores[~truth]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def precision_at(scores: np.ndarray, truth: np.ndarray, share: float = 0.1) -> float:
    top = np.argsort(-scores, kind="stable")[: max(1, int(round(share * len(scores))))]
    return float(truth[top].mean())


def evaluate(seed: int = 2026, clusters: int = 4) -> dict:
    """Model and baseline on the reaches whose labels the model did not see."""
    data = load_dataset()
    x = clean(data.x)
    groups = kmeans(x, clusters, np.random.default_rng(seed))
    x = np.hstack([x, np.eye(clusters)[groups]])
    scores = self_training(x, data.truth, data.visible)
    held_out = ~data.visible
    return {
        "reaches": len(x), "training_labels": int(data.visible.sum()), "held_out": int(held_out.sum()),
        "model_auc": roc_auc(scores[held_out], data.truth[held_out]),
        "baseline_auc": roc_auc(data.baseline[held_out], data.truth[held_out]),
        "model_precision_at_10": precision_at(scores[held_out], data.truth[held_out]),
        "baseline_precision_at_10": precision_at(data.baseline[held_out], data.truth[held_out]),
    }
