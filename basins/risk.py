"""The relapse (返黑返臭) risk model: pure functions over arrays, no ORM (inputs: basins/risk_features.py).

The seed asks for clustering plus semi-supervised learning on fused multi-source data, because
only a few reaches carry a known outcome (30 in the demo). With so few labels, a model that weighs
ten features from the labels alone learns mostly noise; here the unlabelled reaches carry the
structure and the labels only calibrate a model of two or three inputs:

1. clean and fuse: log1p the counts, impute medians (a reach outside a raster), robust-scale
   (median / IQR, so one extreme outfall count does not squash the rest), clip outliers at +-CLIP;
2. deterioration (every reach with samples, no labels): the rain-adjusted recent water-quality
   level and its trend are two estimates of the same slow drift that precedes a relapse; their sum;
3. pressure (semi-supervised: fitted on every reach with samples, no labels): a ridge regression
   of the deterioration on the pollution pressure, raster context and past hazards, i.e. how much
   deterioration a reach's surroundings predict. A reach without samples takes it as its
   deterioration;
4. clustering: k-means groups the reaches by their surroundings (natural, economic, human
   context); each group's mean deterioration is the "peer group" input;
5. choice by cross-validation on the training labels only: the model with or without the peer
   group, and the regularisation C, by repeated stratified k-fold ROC AUC; the peer group enters
   only when it beats the smaller model by more than one standard error of the paired difference
   (extra inputs have to earn their place with 30 labels). The choice is stored with the run;
6. semi-supervised fit: logistic regression in scikit-learn's SelfTrainingClassifier, which
   pseudo-labels the unlabelled reaches it is at least SELF_TRAINING_THRESHOLD sure of, and refits.

The design (2-6, the 0.9 threshold) was settled on demo worlds generated with other seeds
(load_demo --seed 11..20), never on the held-out labels of the evaluated one; C and the peer group
are chosen per run by cross-validation on that run's training labels.

Each reach's factors are the additive contributions to the log-odds: the model is linear in
deterioration (= wqi_recent + wqi_trend, scaled) and pressure (= sum of ridge coefficient x
scaled input), so every input gets coefficient x scaled value, relative to the median reach.

Warning level and type [D] (no official probability cut-offs exist; 穗河长办〔2021〕49号 names the
levels and types only): see LEVEL_THRESHOLDS and warning_type().
"""

from dataclasses import dataclass, field

import numpy as np

from basins.risk_features import PEER_GROUP, SPECS

# scikit-learn is imported inside the functions that fit: it adds ~150 MB to a process, and the web
# processes that import this module through the risk API's views never fit a model.

VERSION = "relapse-deterioration-selftrain-2"
CLIP = 4.0
DETERIORATION = ("wqi_recent", "wqi_trend")
DEFAULT_PARAMETERS = {"seed": 2026, "clusters": 6, "ridge_alpha": 1.0, "C_grid": [0.1, 0.3, 1.0, 3.0],
                      "cv_folds": 5, "cv_repeats": 4, "self_training_threshold": 0.9, "self_training_max_iter": 10}
# Fewer known reaches of either outcome than this and cross-validation cannot choose (basins/risk_runs.py
# then fits on every basin's labels).
MIN_LABELS_PER_OUTCOME = 3
# [D] probability -> colour: red >= 0.7, orange >= 0.5, yellow >= 0.3, otherwise none.
LEVEL_THRESHOLDS = ((0.7, 3), (0.5, 2), (0.3, 1))
# 水质预警 when water quality drives the score, 问题预警 when pollution pressure does (problems to fix
# on the ground), 通报预警 when past hazards and complaints do (already notified problems recurring).
WARNING_TYPES = {"water_quality": "water_quality", "pressure": "problem", "hazards": "notice"}
TOP_FACTORS = 3
# Same objective as scikit-learn's default lbfgs, three times faster on a few columns.
SOLVER = "newton-cholesky"


def fuse(x: np.ndarray) -> np.ndarray:
    """Raw features -> clean, comparable columns (see the module docstring, step 1)."""
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import RobustScaler
    x = x.astype(float).copy()
    for j, spec in enumerate(SPECS):
        if spec.log:
            x[:, j] = np.log1p(np.clip(x[:, j], 0, None))
    # keep_empty_features: an all-missing column (no raster loaded) stays, as zeros.
    x = SimpleImputer(strategy="median", keep_empty_features=True).fit_transform(x)
    return np.clip(RobustScaler(unit_variance=True).fit_transform(x), -CLIP, CLIP)


@dataclass
class Inputs:
    """The model's inputs per reach and how they decompose into the fused features."""

    deterioration: np.ndarray
    pressure: np.ndarray
    peer: np.ndarray
    observed: np.ndarray  # reach has water-quality data
    ridge_coef: np.ndarray  # per fused pressure column
    parts: np.ndarray  # reaches x SPECS: each fused feature's share of deterioration / pressure


def model_inputs(x: np.ndarray, p: dict) -> Inputs:
    """Steps 1-4 of the module docstring: no labels are read here."""
    from sklearn.cluster import KMeans
    from sklearn.linear_model import Ridge
    fused = fuse(x)
    quality = [j for j, s in enumerate(SPECS) if s.name in DETERIORATION]
    context = [j for j, s in enumerate(SPECS) if s.name not in DETERIORATION]
    observed = np.isfinite(x[:, quality]).all(axis=1)
    deterioration = fused[:, quality].sum(axis=1)
    ridge_coef = np.zeros(len(context))
    intercept = float(deterioration[observed].mean()) if observed.any() else 0.0
    if observed.sum() > len(context):
        ridge = Ridge(alpha=p["ridge_alpha"]).fit(fused[observed][:, context], deterioration[observed])
        ridge_coef, intercept = ridge.coef_, float(ridge.intercept_)
    pressure = fused[:, context] @ ridge_coef + intercept
    parts = np.zeros_like(fused)
    parts[:, context] = fused[:, context] * ridge_coef
    parts[:, quality] = np.where(observed[:, None], fused[:, quality], 0.0)
    deterioration = np.where(observed, deterioration, pressure)
    clusters = min(p["clusters"], len(x))
    groups = KMeans(n_clusters=clusters, n_init=10, random_state=p["seed"]).fit_predict(fused[:, context])
    means = np.array([deterioration[(groups == g) & observed].mean() if ((groups == g) & observed).any()
                      else deterioration.mean() for g in range(clusters)])
    return Inputs(deterioration, pressure, means[groups], observed, ridge_coef, parts)


def design(inputs: Inputs, with_peers: bool) -> np.ndarray:
    columns = [inputs.deterioration, inputs.pressure] + ([inputs.peer] if with_peers else [])
    return np.column_stack(columns)


def pairwise_auc(y: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC as the share of (relapsed, not relapsed) pairs ranked right, ties half: for a few
    reaches per fold, without roc_auc_score's input checks (the run's time is mostly these)."""
    diff = scores[y == 1][:, None] - scores[y == 0][None, :]
    return float((diff > 0).mean() + 0.5 * (diff == 0).mean())


def cross_validate(inputs: Inputs, labels: np.ndarray, p: dict) -> dict:
    """Step 5: mean ROC AUC per (design, C) over repeated stratified folds of the labelled reaches."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import RepeatedStratifiedKFold
    known = labels >= 0
    y = labels[known]
    folds = int(min(p["cv_folds"], np.bincount(y, minlength=2).min()))
    splits = list(RepeatedStratifiedKFold(n_splits=folds, n_repeats=p["cv_repeats"], random_state=p["seed"])
                  .split(np.zeros(len(y)), y))
    scores = {}
    for with_peers in (False, True):
        z = design(inputs, with_peers)[known]
        for c in p["C_grid"]:
            per_fold = []
            for train, test in splits:
                if len(set(y[test].tolist())) < 2:
                    continue
                model = LogisticRegression(C=c, solver=SOLVER).fit(z[train], y[train])
                per_fold.append(pairwise_auc(y[test], model.decision_function(z[test])))
            scores[(with_peers, c)] = np.array(per_fold)
    best = {w: max(p["C_grid"], key=lambda c: scores[(w, c)].mean()) for w in (False, True)}
    small, large = scores[(False, best[False])], scores[(True, best[True])]
    gain = large - small
    se = float(gain.std(ddof=1) / np.sqrt(len(gain))) if len(gain) > 1 else float("inf")
    with_peers = bool(gain.mean() > se)
    return {"peer_group": with_peers, "C": best[with_peers], "folds": folds, "repeats": p["cv_repeats"],
            "labels": int(known.sum()), "rule": "peer group only if its AUC gain > 1 SE",
            "cv_auc": {f"{'with' if w else 'without'} peer group, C={c:g}": round(float(s.mean()), 4)
                       for (w, c), s in scores.items()},
            "peer_gain": round(float(gain.mean()), 4), "peer_gain_se": round(se, 4)}


@dataclass
class Prediction:
    probability: np.ndarray
    contributions: np.ndarray  # reaches x features: additive contribution to the log-odds
    names: tuple[str, ...]
    pseudo_labelled: int
    choice: dict = field(default_factory=dict)

    def subset(self, mask: np.ndarray) -> "Prediction":
        """The same fit, for some of its reaches (a basin's, when the model was fitted on every basin)."""
        return Prediction(self.probability[mask], self.contributions[mask], self.names,
                          int(self.pseudo_labelled), self.choice)


def fit_predict(x: np.ndarray, labels: np.ndarray, parameters: dict) -> Prediction:
    """labels: 1 / 0 where known, -1 where not. Needs MIN_LABELS_PER_OUTCOME known reaches of each outcome."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.semi_supervised import SelfTrainingClassifier
    p = {**DEFAULT_PARAMETERS, **parameters}
    inputs = model_inputs(x, p)
    choice = cross_validate(inputs, labels, p)
    z = design(inputs, choice["peer_group"])
    model = SelfTrainingClassifier(LogisticRegression(C=choice["C"], solver=SOLVER),
                                   threshold=p["self_training_threshold"], max_iter=p["self_training_max_iter"])
    model.fit(z, labels)
    coef = model.estimator_.coef_[0]
    contributions = contributions_of(inputs, coef)
    names = tuple(s.name for s in SPECS) + (PEER_GROUP,)
    pseudo = int(((model.labeled_iter_ > 0) & (labels == -1)).sum())
    choice["coefficients"] = {name: round(float(v), 4) for name, v in
                              zip(("deterioration", "pressure", PEER_GROUP), coef)}
    return Prediction(model.predict_proba(z)[:, 1], contributions, names, pseudo, choice)


def contributions_of(inputs: Inputs, coef: np.ndarray) -> np.ndarray:
    """Reaches x (SPECS + peer group): coefficient x scaled input, summing to the log-odds less the constant.
    A reach without samples has the pressure as its deterioration, so its context counts for both."""
    quality = np.array([s.name in DETERIORATION for s in SPECS])
    per_feature = np.where(quality, coef[0] * inputs.parts,
                           (coef[1] + coef[0] * ~inputs.observed[:, None]) * inputs.parts)
    peer = coef[2] * (inputs.peer - inputs.peer.mean()) if len(coef) > 2 else np.zeros(len(inputs.peer))
    return np.column_stack([per_feature, peer])


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


def top_share(scores: np.ndarray, share: float = 0.1) -> np.ndarray:
    """Indices of the top `share` of reaches by score (at least one)."""
    return np.argsort(-scores, kind="stable")[: max(1, int(round(share * len(scores))))]


def precision_at(scores: np.ndarray, truth: np.ndarray, share: float = 0.1) -> float:
    """Share of relapses among the top `share` of reaches by score."""
    return float(truth[top_share(scores, share)].mean())


def ranking_metrics(scores: np.ndarray, truth: np.ndarray, chance: np.ndarray | None) -> dict:
    """ROC AUC and precision@10%; with the hidden relapse chance (synthetic truth only), also the
    expected precision@10%: the mean chance among the top 10%, free of the coin flips' luck."""
    from sklearn.metrics import roc_auc_score
    both = bool(truth.any() and not truth.all())
    return {"roc_auc": float(roc_auc_score(truth, scores)) if both else None,
            "precision_at_10": precision_at(scores, truth) if len(truth) else None,
            "expected_precision_at_10": float(chance[top_share(scores)].mean())
            if chance is not None and len(truth) else None}


def metrics(scores: np.ndarray, baseline: np.ndarray, truth: np.ndarray, chance: np.ndarray | None = None) -> dict:
    """Model and baseline on the same held-out reaches; with the hidden relapse chance, also the
    oracle (ranking by the chance itself): the best any model could score on these reaches."""
    baseline = np.nan_to_num(baseline, nan=float(np.nanmin(baseline)) if np.isfinite(baseline).any() else 0.0)
    result = {
        "held_out": int(len(truth)), "held_out_relapsed": int(truth.sum()),
        "model": ranking_metrics(scores, truth, chance),
        "baseline": {"name": "latest monthly ammonia", **ranking_metrics(baseline, truth, chance)},
    }
    if chance is not None:
        result["oracle"] = {"name": "hidden relapse chance", **ranking_metrics(chance, truth, chance)}
    return result
