"""Structural-monitoring trends, pure: when does a point's series reach its limit?

The trend is a Theil-Sen line (scipy.stats.theilslopes): the median of the slopes between every
pair of readings. Field readings of tilt and crack gauges carry spikes (a bumped instrument, a
misread unit); least squares lets one such reading swing the line, while the median ignores up to
~29% of wild readings. The cost, n(n-1)/2 slopes, is nothing for one point's recent readings
(readings.py fits at most FIT_READINGS of them). Intercept: median(y) - slope * median(x)."""

from datetime import date, datetime


MIN_READINGS = 3
SECONDS_PER_DAY = 86_400.0


def as_days(moment) -> float:
    """A reading's time on a day scale: days since the epoch (datetimes, dates) or the number itself."""
    if isinstance(moment, datetime):
        return moment.timestamp() / SECONDS_PER_DAY
    if isinstance(moment, date):
        return float(moment.toordinal())
    return float(moment)


def fit(series) -> tuple[float, float] | None:
    """(slope per day, value fitted at the latest reading) of the Theil-Sen line, or None with fewer
    than MIN_READINGS readings at distinct times."""
    points = sorted((as_days(t), float(v)) for t, v in series)
    if len(points) < MIN_READINGS or points[0][0] == points[-1][0]:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    from scipy.stats import theilslopes  # ~90 MB: loaded by the first fit, not by every web process

    slope, intercept = theilslopes(ys, xs)[:2]
    return float(slope), float(intercept + slope * xs[-1])


def time_to_limit(series, limit: float) -> float | None:
    """Days from the latest reading until the fitted trend reaches `limit` (an upper bound): 0 when
    the fitted value is there already, None when the trend is flat or falling or there are too few
    readings. `series` is [(time, value)], time a datetime, a date or a number of days."""
    fitted = fit(series)
    if fitted is None:
        return None
    slope, last = fitted
    if last >= limit:
        return 0.0
    if slope <= 0:
        return None
    return (limit - last) / slope
