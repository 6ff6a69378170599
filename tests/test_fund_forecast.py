"""The fund forecast: a trend that will cross its line warns, a flat one does not; the fallback for
short series; the interval; the rolling-origin backtest and its MAPE on a hand-worked case."""

import math
import warnings

import numpy as np
import pytest

from geo_server.sectors.funds.forecast import (
    MIN_POINTS, Forecast, backtest, forecast, format_table, months_to_cross,
)

LINE = 0.85


def rising(points: int = 24) -> list[float]:
    """个贷率 rising 0.005 a month, 0.83 in the last known month (t = 6 of 0.80 + 0.005 t), so it
    reaches the 0.85 line in the month t = 10, the 4th month ahead."""
    return [0.80 + 0.005 * t for t in range(7 - points, 7)]


def noisy(values: list[float], sd: float, seed: int) -> list[float]:
    return list(np.asarray(values) + np.random.default_rng(seed).normal(0, sd, len(values)))


def test_it_warns_in_the_fourth_month_of_a_straight_rise():
    """A straight line is fitted exactly (Holt's trend: 0.835, 0.840, ... 0.860), so its month is
    exact. The line 0.85 itself is reached exactly in month 4, where the fit's last bits of rounding
    decide between 4 and 5; against 0.848, between month 3 (0.845) and month 4 (0.850), only 4 is
    right."""
    fc = forecast(rising())
    assert fc.mean == pytest.approx([0.835, 0.840, 0.845, 0.850, 0.855, 0.860], abs=1e-6)
    assert months_to_cross(fc, 0.848) == 4
    assert months_to_cross(fc, LINE) in (4, 5)


def test_it_warns_within_a_month_of_four_on_a_noisy_rise():
    """With noise (sd 0.002 a month, less than half the monthly rise) the fitted trend is only an
    estimate: month 4 +- 1 is what any forecast of 24 noisy points can promise, and enough to warn
    inside the 6-month horizon."""
    for seed in range(5):
        fc = forecast(noisy(rising(), 0.002, seed))
        assert months_to_cross(fc, LINE) in (3, 4, 5), (seed, fc)


def test_it_does_not_warn_on_a_flat_noisy_series():
    for seed in range(5):
        fc = forecast(noisy([0.80] * 36, 0.005, seed))
        assert months_to_cross(fc, LINE) is None, (seed, fc)
        assert all(0.78 < m < 0.82 for m in fc.mean)


def test_it_counts_months_to_a_floor_from_above():
    fc = Forecast(mean=[3.0, 2.5, 1.9, 1.5], lower=[0] * 4, upper=[9] * 4, method="stub")
    assert months_to_cross(fc, 2.0, above=False) == 3
    assert months_to_cross(fc, 3.0, above=False) == 1  # reaching the line counts
    assert months_to_cross(fc, 3.0) == 1
    assert months_to_cross(fc, 3.1) is None
    assert months_to_cross(fc, 1.0, above=False) is None


def test_it_falls_back_to_drift_on_a_short_series():
    fc = forecast([0.80, 0.81, 0.83, 0.82, 0.84], horizon=3)
    assert fc.method == "drift (short series)"
    assert fc.mean == pytest.approx([0.85, 0.86, 0.87])  # 0.84 + h * (0.84 - 0.80) / 4
    assert forecast(noisy(rising(MIN_POINTS - 1), 0.001, 0)).method == "drift (short series)"
    assert forecast(noisy(rising(MIN_POINTS), 0.001, 0)).method in ("holt", "damped")


def test_it_answers_a_single_value_and_a_constant_series_without_fitting():
    assert forecast([0.8], horizon=2) == Forecast([0.8, 0.8], [0.8, 0.8], [0.8, 0.8], "naive (single value)")
    fc = forecast([0.002] * 20, horizon=2)
    assert fc.method == "naive (constant series)" and fc.mean == pytest.approx([0.002, 0.002])


def test_it_falls_back_when_every_fit_fails(monkeypatch):
    from geo_server.sectors.funds import forecast as module
    monkeypatch.setattr(module, "_smooth", lambda y, horizon, name: None)
    assert forecast(rising(), horizon=2).method == "drift (fit failed)"


def test_it_rejects_empty_or_missing_values():
    with pytest.raises(ValueError):
        forecast([])
    with pytest.raises(ValueError):
        forecast([0.8] * 10 + [math.nan])


def test_its_interval_holds_the_mean_and_widens_with_the_horizon():
    """A wandering series (a random walk), where the fit keeps alpha well above 0."""
    walk = list(0.8 + np.cumsum(np.random.default_rng(7).normal(0, 0.01, 36)))
    for values in (walk, noisy(rising(5), 0.002, 1)):
        fc = forecast(values)
        widths = [u - lo for lo, u in zip(fc.lower, fc.upper)]
        assert all(lo <= m <= u for lo, m, u in zip(fc.lower, fc.mean, fc.upper))
        assert all(later > earlier for earlier, later in zip(widths, widths[1:])), fc


def test_its_variance_is_the_ets_models_own():
    """The interval's growth per step, against statsmodels' ETSModel ETS(A,Ad,N) smoothed with the
    same weights (its trend weight alpha beta is the Holt-Winters form's beta times alpha)."""
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    from geo_server.sectors.funds.forecast import _variance_factors

    alpha, beta, phi = 0.6, 0.3, 0.9
    y = pd.Series(noisy(rising(30), 0.01, 2))
    model = ETSModel(y, error="add", trend="add", damped_trend=True, initialization_method="known",
                     initial_level=0.7, initial_trend=0.005)
    variance = np.asarray(model.smooth([alpha, alpha * beta, phi]).get_prediction(start=30, end=35).forecast_variance)
    assert _variance_factors(alpha, beta, phi, 6) == pytest.approx(variance / variance[0], rel=1e-9)
    assert _variance_factors(alpha, beta, 1.0, 3) == pytest.approx([1, 1 + (0.6 * 1.3) ** 2,
                                                                    1 + (0.6 * 1.3) ** 2 + (0.6 * 1.6) ** 2])


def test_a_wider_level_gives_a_wider_interval():
    walk = list(0.8 + np.cumsum(np.random.default_rng(7).normal(0, 0.01, 36)))
    narrow, wide = forecast(walk, level=0.8), forecast(walk, level=0.95)
    assert narrow.mean == wide.mean
    # the interval is mean +- z sd: z(0.95) / z(0.8) = 1.95996 / 1.28155
    assert (wide.upper[0] - wide.lower[0]) / (narrow.upper[0] - narrow.lower[0]) == pytest.approx(1.5294, abs=1e-3)


def test_it_is_deterministic_and_quiet():
    walk = list(0.8 + np.cumsum(np.random.default_rng(3).normal(0, 0.01, 36)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert forecast(walk) == forecast(walk)


def mean_of_training(values, horizon):
    mean = [sum(values) / len(values)] * horizon
    return Forecast(mean, mean, mean, "stub")


def test_it_computes_mape_on_a_hand_worked_case():
    """Origins t = 1, 2, 3 of [100, 80, 100, 125], one month ahead.
    naive: 100 vs 80, 80 vs 100, 100 vs 125 -> 25%, 20%, 20% -> 21.667%
    model (mean of the training values): 100 vs 80, 90 vs 100, 93.33 vs 125 -> 25%, 10%, 25.333% -> 20.111%"""
    rows = backtest({"s": [100.0, 80.0, 100.0, 125.0]}, horizon=1, min_train=1, method=mean_of_training)
    assert [row["horizon"] for row in rows] == [1, "all"]
    for row in rows:
        assert row["n"] == 3
        assert row["naive_mape"] == pytest.approx(65 / 3)
        assert row["model_mape"] == pytest.approx((25 + 10 + 100 * (125 - 280 / 3) / 125) / 3)
        assert row["model_mape"] == pytest.approx(20.111, abs=1e-3)


def test_it_backtests_every_horizon_step_from_full_windows_only():
    """36 points, 18 to train first, 6 ahead: origins 18 ... 30, 13 per step; a zero actual is skipped."""
    values = [1.0 + t for t in range(36)]
    values[20] = 0.0
    rows = backtest({"a": values, "b": [2.0] * 36}, method=mean_of_training)
    assert [row["horizon"] for row in rows] == [1, 2, 3, 4, 5, 6, "all"]
    # values[20] is step 3 of origin 18, step 2 of 19, step 1 of 20
    assert [row["n"] for row in rows] == [25, 25, 25, 26, 26, 26, 153]
    table = format_table(rows)
    assert table.splitlines()[0] == "| horizon (months) | model MAPE % | naive MAPE % | errors |"
    assert table.splitlines()[-1].startswith("| all | ")


def trending_seasonal() -> dict[str, list[float]]:
    """Six series of 36 months: a rise of 0.2-0.7% a month, a yearly swing of +-0.5%, noise 0.2%."""
    rng = np.random.default_rng(13)
    t = np.arange(36)
    return {f"s{i}": list(0.7 + (0.002 + 0.001 * i) * t + 0.005 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 0.002, 36))
            for i in range(6)}


def test_it_beats_the_naive_forecast_on_trending_seasonal_series():
    rows = backtest(trending_seasonal())
    overall = rows[-1]
    assert overall["horizon"] == "all" and overall["n"] == 6 * 13 * 6
    assert overall["model_mape"] < overall["naive_mape"]
    assert rows[5]["model_mape"] < rows[5]["naive_mape"]  # the 6th month, where a warning matters most
