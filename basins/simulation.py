"""The hidden relapse process behind the synthetic water samples (numpy only, no database).

Every simulated reach was remediated before the record starts. Each has a latent propensity to
turn black and odorous again (返黑返臭), driven by the outfalls and construction sites near it, the
building density around it (a stand-in for impervious share) and its basin's wet-season
rainfall, plus noise nobody can observe. The propensity drifts water quality slowly worse from
the start (the precursor a model can find), and a reach whose coin comes up relapses in a month
of the second year: from then on its samples are black-odorous, worst after heavy rain.
"""

from dataclasses import dataclass

import numpy as np

MONTHS = 24
# Relapses happen in the second year, so a model has at least a year of history before one.
RELAPSE_MONTHS = (12, 22)
LABEL_SHARE = 0.12  # reaches whose outcome is "known" (training labels)
# Beyond this the indicators leave what Guangzhou's black-odorous creeks were measured at.
MAX_DEGRADATION = 1.6


@dataclass
class ReachDrivers:
    """Per reach, counted in PostGIS (basins/demo.py): the inputs of the latent propensity."""

    outfalls: np.ndarray
    construction_sites: np.ndarray
    buildings: np.ndarray
    wet_season_rain_mm: np.ndarray


@dataclass
class Truth:
    propensity: np.ndarray
    relapsed: np.ndarray
    relapse_month: np.ndarray  # month index, -1 when no relapse
    label_visible: np.ndarray


def _z(values: np.ndarray) -> np.ndarray:
    values = np.log1p(values.astype(float))
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else values * 0.0


def relapse_probability(propensity: np.ndarray) -> np.ndarray:
    """The chance that a reach of this propensity relapses (the coin behind RelapseTruth.relapsed).
    Evaluation only (basins/risk_runs.py): no model may read it."""
    return 1 / (1 + np.exp(-(1.3 * np.asarray(propensity, dtype=float) - 0.9)))


def simulate_truth(drivers: ReachDrivers, rng: np.random.Generator) -> Truth:
    n = len(drivers.outfalls)
    propensity = (0.9 * _z(drivers.outfalls) + 0.7 * _z(drivers.construction_sites) + 0.6 * _z(drivers.buildings)
                  + 0.4 * _z(drivers.wet_season_rain_mm) + rng.normal(0, 0.8, n))
    relapsed = rng.random(n) < relapse_probability(propensity)
    month = np.where(relapsed, rng.integers(*RELAPSE_MONTHS, n), -1)
    return Truth(propensity, relapsed, month, rng.random(n) < LABEL_SHARE)


def degradation(truth: Truth, reach_of_point: np.ndarray, rain_anomaly: np.ndarray,
                rng: np.random.Generator) -> np.ndarray:
    """(points x months) degradation: 0 clean, ~1 black-odorous. rain_anomaly is per point and month."""
    months = np.arange(MONTHS)[None, :]
    propensity = truth.propensity[reach_of_point][:, None]
    drift = 0.35 * np.clip(propensity + 1.0, 0, None) * months / MONTHS
    start = truth.relapse_month[reach_of_point][:, None]
    relapse = np.where((start >= 0) & (months >= start), rng.uniform(0.9, 1.4, (len(reach_of_point), 1)), 0.0)
    point_factor = rng.uniform(0.6, 1.25, (len(reach_of_point), 1))
    noise = rng.normal(0, 0.08, (len(reach_of_point), MONTHS))
    return np.clip(point_factor * (drift + relapse) + 0.15 * rain_anomaly + noise, 0, MAX_DEGRADATION)


def sample_values(level: np.ndarray, shallow: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Indicator values for a degradation array; shallow marks points on small creeks."""
    shape = level.shape
    depth = np.where(shallow[:, None], rng.uniform(15, 60, shape), rng.uniform(60, 300, shape))
    transparency = np.minimum(rng.normal(45, 8, shape).clip(15) * np.exp(-1.6 * level), depth)
    return {
        "transparency_cm": transparency.round(1),
        "dissolved_oxygen_mg_l": (rng.normal(5.5, 1.0, shape).clip(2.5) * np.exp(-2.5 * level)).round(2),
        "orp_mv": (rng.normal(130, 40, shape) - 330 * level).round(0),
        "ammonia_n_mg_l": (rng.lognormal(np.log(1.5), 0.4, shape) * np.exp(2.2 * level)).round(2),
        "depth_cm": depth.round(0),
    }
