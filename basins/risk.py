"""The relapse (返黑返臭) risk model: pure functions over arrays, no ORM (inputs: basins/risk_features.py).

The seed asks for clustering plus semi-supervised learning on fused multi-source data, because
only a few reaches carry a known outcome. Here:
1. clean and fuse: log1p the counts and skewed concentrations, impute medians (a reach without
   samples or outside a raster), robust-scale (median / IQR, so one extreme outfall count does
   not squash the rest) and clip outliers at +-CLIP;
2. cluster: k-means on the fused features; each reach's cluster becomes a one-hot feature, so
   reaches alike in every respect share evidence (the "clustering" of the seed);
3. semi-supervised: a logistic regression wrapped in scikit-learn's SelfTrainingClassifier learns
   from the labelled reaches, pseudo-labels the unlabelled ones it is confident about, and refits.
Each reach's factors are coefficient x fused value (the standardised contribution to the log-odds).

Warning level and type [D] (no official probability cut-offs exist; 穗河长办〔2021〕49号 names the
levels and types only): see LEVEL_THRESHOLDS and warning_type().
"""

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import RobustScaler
from sklearn.semi_supervised import SelfTrainingClassifier

from basins.risk_features import SPECS

VERSION = "relapse-kmeans-selftrain-1"
CLIP = 4.0
DEFAULT_PARAMETERS = {"seed": 2026, "clusters": 4, "C": 0.1, "self_training_threshold": 0.85,
                      "self_training_max_iter": 10}
# [D] probability -> colour: red >= 0.7, orange >= 0.5, yellow >= 0.3, otherwise none.
LEVEL_THRESHOLDS = ((0.7, 3), (0.5, 2), (0.3, 1))
# 水质预警 when water quality drives the score, 问题预警 when pollution pressure does (problems to fix
# on the ground), 通报预警 when past hazards and complaints do (already notified problems recurring).
WARNING_TYPES = {"water_quality": "water_quality", "pressure": "problem", "hazards": "notice"}
TOP_FACTORS = 3


def fuse(x: np.ndarray) -> np.ndarray:
    """Raw features -> clean, comparable columns (see the module docstring, step 1)."""
    x = x.astype(float).copy()
    for j, spec in enumerate(SPECS):
        if spec.log:
            x[:, j] = np.log1p(np.clip(x[:, j], 0, None))
    # keep_empty_features: an all-missing column (no raster loaded) stays, as zeros.
    x = SimpleImputer(strategy="median", keep_empty_features=True).fit_transform(x)
    return np.clip(RobustScaler(unit_variance=True).fit_transform(x), -CLIP, CLIP)


def with_clusters(fused: np.ndarray, clusters: int, seed: int) -> np.ndarray:
    groups = KMeans(n_clusters=clusters, n_init=10, random_state=seed).fit_predict(fused)
    return np.hstack([fused, np.eye(clusters)[groups]])


@dataclass
class Prediction:
    probability: np.ndarray
    contributions: np.ndarray  # reaches x features: coefficient x fused value (log-odds)
    names: tuple[str, ...]
    pseudo_labelled: int


def fit_predict(x: np.ndarray, labels: np.ndarray, parameters: dict) -> Prediction:
    """labels: 1 / 0 where known, -1 where not. Needs at least one known reach of each outcome."""
    p = {**DEFAULT_PARAMETERS, **parameters}
    design = with_clusters(fuse(x), p["clusters"], p["seed"])
    model = SelfTrainingClassifier(LogisticRegression(C=p["C"], max_iter=1000),
                                   threshold=p["self_training_threshold"], max_iter=p["self_training_max_iter"])
    model.fit(design, labels)
    coefficients = model.estimator_.coef_[0]
    names = tuple(s.name for s in SPECS) + tuple(f"cluster_{k}" for k in range(p["clusters"]))
    pseudo = int(((model.labeled_iter_ > 0) & (labels == -1)).sum())
    return Prediction(model.predict_proba(design)[:, 1], design * coefficients, names, pseudo)


def warning_level(probability: float) -> int:
    return next((level for threshold, level in LEVEL_THRESHOLDS if probability >= threshold), 0)


def family(name: str) -> str:
    return next((s.family for s in SPECS if s.name == name), "cluster")


def warning_type(contributions: np.ndarray, names: tuple[str, ...]) -> str:
    """The family whose factors push the score up most; water quality when nothing pushes up."""
    push: dict[str, float] = {}
    for name, value in zip(names, contributions):
        push[family(name)] = push.get(family(name), 0.0) + max(float(value), 0.0)
    push.pop("cluster", None)
    best = max(push, key=push.get) if push and max(push.values()) > 0 else "water_quality"
    return WARNING_TYPES[best]


def top_factors(contributions: np.ndarray, names: tuple[str, ...], raw: dict[str, float]) -> list[dict]:
    """The TOP_FACTORS largest contributions to the log-odds, with the raw value behind each."""
    order = np.argsort(-contributions, kind="stable")[:TOP_FACTORS]
    return [{"name": names[i], "family": family(names[i]), "contribution": round(float(contributions[i]), 3),
             "value": raw.get(names[i])} for i in order]


def precision_at(scores: np.ndarray, truth: np.ndarray, share: float = 0.1) -> float:
    """Share of relapses among the top `share` of reaches by score."""
    top = np.argsort(-scores, kind="stable")[: max(1, int(round(share * len(scores))))]
    return float(truth[top].mean())


def metrics(scores: np.ndarray, baseline: np.ndarray, truth: np.ndarray) -> dict:
    """ROC AUC and precision@10% of the model and the baseline on the same held-out reaches."""
    baseline = np.nan_to_num(baseline, nan=float(np.nanmin(baseline)) if np.isfinite(baseline).any() else 0.0)
    both = truth.any() and not truth.all()
    return {
        "held_out": int(len(truth)), "held_out_relapsed": int(truth.sum()),
        "model": {"roc_auc": float(roc_auc_score(truth, scores)) if both else None,
                  "precision_at_10": precision_at(scores, truth) if len(truth) else None},
        "baseline": {"name": "latest monthly ammonia", "roc_auc": float(roc_auc_score(truth, baseline)) if both else None,
                     "precision_at_10": precision_at(baseline, truth) if len(truth) else None},
    }
