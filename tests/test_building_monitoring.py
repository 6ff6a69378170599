"""time_to_limit on hand-worked series: a Theil-Sen line (median of the pairwise slopes, intercept
median(y) - slope * median(x)) and the days from the latest reading until it reaches the limit."""

from datetime import date, datetime, timezone

import pytest

from geo_server.sectors.buildings.monitoring import fit, time_to_limit


def test_it_extends_a_straight_series_to_its_limit():
    # slope 1 a day, fitted 5 at day 4: 5 more days to 10.
    assert time_to_limit([(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)], 10) == pytest.approx(5.0)


def test_one_wild_reading_does_not_swing_the_trend():
    # Pairwise slopes -26, -12.5, 1 (x6), 14.5, 28: median 1. Intercept median(y)=4 - 1*median(x)=2 -> 2,
    # fitted 6 at day 4: 4 days to 10. Least squares (slope 1, intercept 6.4) would fit 10.4 at day 4
    # and call the limit passed already: a false alarm from one spike.
    series = [(0, 1), (1, 2), (2, 30), (3, 4), (4, 5)]
    assert fit(series) == pytest.approx((1.0, 6.0))
    assert time_to_limit(series, 10) == pytest.approx(4.0)


def test_it_reads_datetimes_and_dates_in_days_in_any_order():
    at = [datetime(2026, 1, d, 4, tzinfo=timezone.utc) for d in (21, 1, 11)]
    # 0.5 per 10 days = 0.05 a day, fitted 2.0 on 1-21: (4 - 2) / 0.05 = 40 days.
    assert time_to_limit(list(zip(at, [2.0, 1.0, 1.5])), 4.0) == pytest.approx(40.0)
    assert time_to_limit([(date(2026, 1, 1), 1), (date(2026, 1, 3), 2), (date(2026, 1, 5), 3)], 4) == pytest.approx(2.0)


def test_it_is_zero_once_the_fitted_value_is_at_the_limit():
    assert time_to_limit([(0, 1), (1, 2), (2, 3)], 3) == 0.0
    assert time_to_limit([(0, 5), (1, 5), (2, 5)], 4) == 0.0


@pytest.mark.parametrize("series", [
    [(0, 3), (1, 2), (2, 1)],   # falling: never
    [(0, 2), (1, 2), (2, 2)],   # flat below the limit: never
    [(0, 1), (1, 2)],           # two readings are no trend
    [(5, 1), (5, 2), (5, 3)],   # one moment: no slope
])
def test_it_has_no_answer_for_a_series_that_never_reaches_the_limit(series):
    assert time_to_limit(series, 4) is None
