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
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo_server.sectors.funds.forecast import Forecast, backtest, forecast, format_table  # noqa: E402

CENTERS = 21
MONTHS = 36


def demo_like(seed: int, turning: bool = False) -> dict[str, list[float]]:
    """Synthetic 个贷率 and 逾期率 per center: a local linear trend (the ratio of two balances moves
    slowly, its slope wanders), a small Spring Festival dip in February, noise; every 5th center
    drifts toward its line, from the first month, or with `turning` only from a month between 12
    and 24 (before that it is as flat as the others)."""
    rng = np.random.default_rng(seed)
    months = np.arange(MONTHS)
    february = (months % 12 == 1).astype(float)
    series = {}
    for center in range(CENTERS):
        drifting = center % 5 == 0
        start = rng.integers(12, 25) if turning else 0
        after = (months >= start) if drifting else np.zeros(MONTHS)
        slope = (rng.normal(0.0005, 0.001) + 0.0035 * after * drifting
                 + np.cumsum(rng.normal(0, 0.0003, MONTHS)))
        level = rng.normal(0.78, 0.05) + np.cumsum(slope) + np.cumsum(rng.normal(0, 0.002, MONTHS))
        series[f"{center:02d}.loan_ratio"] = list(level - 0.004 * february + rng.normal(0, 0.002, MONTHS))
        growth = rng.normal(0.0, 0.01) + 0.03 * after
        overdue = rng.uniform(0.0005, 0.002) * np.exp(np.cumsum(growth) + np.cumsum(rng.normal(0, 0.03, MONTHS)))
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
    "AICc of holt/damped (default)": forecast,
    "AICc of ses/holt/damped": lambda v, h: forecast(v, h, trends=("ses", "holt", "damped")),
    "damped trend only": lambda v, h: forecast(v, h, trends=("damped",)),
    "holt only": lambda v, h: forecast(v, h, trends=("holt",)),
    "ses only": lambda v, h: forecast(v, h, trends=("ses",)),
    "drift": drift,
    "damped holt-winters, period 12": seasonal,
}


def timed(series: dict[str, list[float]], sweeps: int, **options) -> tuple[float, float, float]:
    """Median wall ms per series and per sweep, and mean CPU ms per series (what the figure would be on
    an idle core: the machine is shared), over `sweeps` sweeps after one warm-up."""
    per_series, per_sweep, cpu = [], [], 0.0
    for sweep in range(sweeps + 1):
        started, cpu_started = time.perf_counter(), time.process_time()
        for values in series.values():
            one = time.perf_counter()
            forecast(values, **options)
            if sweep:
                per_series.append((time.perf_counter() - one) * 1000)
        if sweep:
            per_sweep.append((time.perf_counter() - started) * 1000)
            cpu += (time.process_time() - cpu_started) * 1000
    return statistics.median(per_series), statistics.median(per_sweep), cpu / sweeps / len(series)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweeps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-backtest", action="store_true")
    args = parser.parse_args()
    series = demo_like(args.seed)
    print(f"{len(series)} series of {MONTHS} months, {args.sweeps} sweeps")
    for label, options in [("default (AICc of holt/damped)", {}), ("damped only", {"trends": ("damped",)}),
                           ("AICc of ses/holt/damped", {"trends": ("ses", "holt", "damped")})]:
        one, sweep, cpu = timed(series, args.sweeps, **options)
        print(f"{label}: {one:.1f} ms a series (median wall), {sweep:.0f} ms a sweep, {cpu:.1f} ms CPU a series")
    chosen = Counter(forecast(values).method for values in series.values())
    print("methods chosen on the full series:", dict(chosen))
    if args.no_backtest:
        return
    sets = {"steady drift": series, "turning drift": demo_like(args.seed, turning=True)}
    summary = []
    for label, method in CANDIDATES.items():
        for name, values in sets.items():
            rows = {indicator: backtest({k: v for k, v in values.items() if k.endswith(indicator)}, method=method)
                    for indicator in ("loan_ratio", "overdue_rate")}
            overall = pooled(rows["loan_ratio"], rows["overdue_rate"])
            figures = [overall[-1]["model_mape"], overall[-1]["naive_mape"], rows["loan_ratio"][-1]["model_mape"],
                       rows["overdue_rate"][-1]["model_mape"]]
            summary.append(f"| {label} | {name} | " + " | ".join(f"{v:.2f}" for v in figures) + " | "
                           + " / ".join(f"{row['model_mape']:.2f}" for row in overall[:-1]) + " |")
            if method is forecast:
                print(f"\n{label}, {name}:\n{format_table(overall)}")
    print("\n| method | series | MAPE % | naive MAPE % | 个贷率 MAPE % | 逾期率 MAPE % | MAPE % by month 1-6 |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(summary))


def pooled(first: list[dict], second: list[dict]) -> list[dict]:
    """Two backtests' rows as one: MAPE weighted by their numbers of errors."""
    def mean(key, a, b):
        return (a[key] * a["n"] + b[key] * b["n"]) / (a["n"] + b["n"])
    return [{"horizon": a["horizon"], "model_mape": mean("model_mape", a, b), "naive_mape": mean("naive_mape", a, b),
             "n": a["n"] + b["n"]} for a, b in zip(first, second)]


if __name__ == "__main__":
    main()
