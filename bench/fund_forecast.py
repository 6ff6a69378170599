"""The fund forecast (geo_server/sectors/funds/forecast.py): its speed on one sweep (21 centers x 2
indicators, 36 months each; the goal is < ~50 ms a series) and the rolling-origin backtest that chose
the method (issue #13: the model must beat the naive last-value forecast).

Usage (no database: the series are synthetic, seeded, shaped like the demo's):
    .venv/bin/python bench/fund_forecast.py [--sweeps 5] [--seed 13] [--no-backtest]

Prints the time per series and per sweep for the default model and each single trend, then the
backtest of each candidate on the same series (MAPE per horizon month, and overall).
"""

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo_server.sectors.funds.forecast import Forecast, backtest, forecast, format_table  # noqa: E402

CENTERS = 21
MONTHS = 36


def demo_like(seed: int) -> dict[str, list[float]]:
    """Synthetic 个贷率 and 逾期率 per center: a local linear trend (the ratio of two balances moves
    slowly, its slope wanders), a small Spring Festival dip in February, noise; a few centers drift
    toward their line, as the demo's will."""
    rng = np.random.default_rng(seed)
    months = np.arange(MONTHS)
    february = (months % 12 == 1).astype(float)
    series = {}
    for center in range(CENTERS):
        drifting = center % 5 == 0
        slope = rng.normal(0.004 if drifting else 0.0005, 0.001) + np.cumsum(rng.normal(0, 0.0003, MONTHS))
        level = rng.normal(0.78, 0.05) + np.cumsum(slope) + np.cumsum(rng.normal(0, 0.002, MONTHS))
        series[f"{center:02d}.loan_ratio"] = list(level - 0.004 * february + rng.normal(0, 0.002, MONTHS))
        growth = rng.normal(0.03 if drifting else 0.0, 0.01)
        overdue = rng.uniform(0.0005, 0.002) * np.exp(growth * months + np.cumsum(rng.normal(0, 0.03, MONTHS)))
        series[f"{center:02d}.overdue_rate"] = list(overdue * (1 + 0.05 * february))
    return series


def drift(values, horizon: int) -> Forecast:
    """The drift method alone (the model's fallback), as a candidate."""
    step = (values[-1] - values[0]) / (len(values) - 1)
    mean = [values[-1] + step * h for h in range(1, horizon + 1)]
    return Forecast(mean, mean, mean, "drift")


def seasonal(values, horizon: int) -> Forecast:
    """Additive Holt-Winters, damped, period 12, once two years are known; the mean only."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing
    if len(values) < 26:
        return forecast(values, horizon)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = ExponentialSmoothing(np.asarray(values), trend="add", damped_trend=True, seasonal="add",
                                      seasonal_periods=12, initialization_method="estimated").fit()
    mean = [float(v) for v in result.forecast(horizon)]
    return Forecast(mean, mean, mean, "seasonal")


CANDIDATES = {
    "AICc of ses/holt/damped (default)": forecast,
    "damped trend only": lambda v, h: forecast(v, h, trends=("damped",)),
    "holt only": lambda v, h: forecast(v, h, trends=("holt",)),
    "ses only": lambda v, h: forecast(v, h, trends=("ses",)),
    "drift": drift,
    "damped holt-winters, period 12": seasonal,
}


def timed(series: dict[str, list[float]], sweeps: int, **options) -> tuple[float, float]:
    """Median ms per series and per sweep over `sweeps` sweeps, after one warm-up."""
    per_series, per_sweep = [], []
    for sweep in range(sweeps + 1):
        started = time.perf_counter()
        for values in series.values():
            one = time.perf_counter()
            forecast(values, **options)
            if sweep:
                per_series.append((time.perf_counter() - one) * 1000)
        if sweep:
            per_sweep.append((time.perf_counter() - started) * 1000)
    return statistics.median(per_series), statistics.median(per_sweep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweeps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-backtest", action="store_true")
    args = parser.parse_args()
    series = demo_like(args.seed)
    print(f"{len(series)} series of {MONTHS} months, {args.sweeps} sweeps")
    for label, options in [("default (AICc of 3 trends)", {}), ("damped only", {"trends": ("damped",)}),
                           ("ses only", {"trends": ("ses",)})]:
        one, sweep = timed(series, args.sweeps, **options)
        print(f"{label}: {one:.1f} ms a series (median), {sweep:.0f} ms a sweep")
    methods = {}
    for values in series.values():
        methods[forecast(values).method] = methods.get(forecast(values).method, 0) + 1
    print("methods chosen on the full series:", methods)
    if args.no_backtest:
        return
    for label, method in CANDIDATES.items():
        rows = backtest(series, method=method)
        print(f"\n{label}: overall MAPE {rows[-1]['model_mape']:.2f}% vs naive {rows[-1]['naive_mape']:.2f}%")
        print(format_table(rows))


if __name__ == "__main__":
    main()
