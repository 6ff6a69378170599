"""Black-odorous classification on hand-computed cases (no database)."""

import pytest
from django.utils import translation

from basins.quality import (
    Level, PointResult, Sample, classify_point, classify_water_body, indicator_level, sample_level,
    transparency_limits,
)

N, M, S = Level.NONE, Level.MILD, Level.SEVERE
CLEAN = dict(transparency_cm=60, dissolved_oxygen_mg_l=5.0, orp_mv=150, ammonia_n_mg_l=1.0)


@pytest.mark.parametrize("value, expected", [(25.1, N), (25, M), (10, M), (9.99, S)])
def test_it_applies_the_transparency_limits_with_ends_in_the_mild_band(value, expected):
    assert indicator_level("transparency_cm", value) == expected


@pytest.mark.parametrize("value, expected", [(2.01, N), (2.0, M), (0.2, M), (0.19, S)])
def test_it_applies_the_dissolved_oxygen_limits(value, expected):
    assert indicator_level("dissolved_oxygen_mg_l", value) == expected


@pytest.mark.parametrize("value, expected", [(50.1, N), (50, M), (-200, M), (-200.1, S)])
def test_it_applies_the_orp_limits(value, expected):
    assert indicator_level("orp_mv", value) == expected


@pytest.mark.parametrize("value, expected", [(7.99, N), (8, M), (15, M), (15.01, S)])
def test_it_applies_the_ammonia_limits(value, expected):
    assert indicator_level("ammonia_n_mg_l", value) == expected


def test_it_uses_40_percent_of_depth_in_water_shallower_than_25_cm():
    # depth 20 cm: mild limit 0.4 x 20 = 8 cm, severe limit 8 x 10/25 = 3.2 cm
    assert transparency_limits(20) == pytest.approx((8.0, 3.2))
    assert indicator_level("transparency_cm", 8.1, depth_cm=20) == N
    assert indicator_level("transparency_cm", 8.0, depth_cm=20) == M
    assert indicator_level("transparency_cm", 3.2, depth_cm=20) == M
    assert indicator_level("transparency_cm", 3.1, depth_cm=20) == S


def test_it_keeps_the_normal_limits_at_exactly_25_cm_depth_or_unknown_depth():
    assert transparency_limits(25) == (25.0, 10.0)
    assert transparency_limits(None) == (25.0, 10.0)
    assert indicator_level("transparency_cm", 20, depth_cm=25) == M


def test_it_rates_a_sample_by_its_worst_indicator_and_ignores_missing_ones():
    assert sample_level(Sample(**CLEAN)) == N
    assert sample_level(Sample(**{**CLEAN, "orp_mv": -100})) == M
    assert sample_level(Sample(**{**CLEAN, "ammonia_n_mg_l": 16})) == S
    assert sample_level(Sample(transparency_cm=None, dissolved_oxygen_mg_l=3.0)) == N


def samples(n_severe_nh3: int, n_severe_do: int = 0, n: int = 10, mild_orp: bool = False) -> list[Sample]:
    rows = []
    for i in range(n):
        rows.append(Sample(**{**CLEAN, "ammonia_n_mg_l": 20.0 if i < n_severe_nh3 else 1.0,
                              "dissolved_oxygen_mg_l": 0.1 if i < n_severe_do else 5.0,
                              "orp_mv": -50 if mild_orp and i == n - 1 else 150}))
    return rows


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_it_makes_a_point_severe_when_one_indicator_is_severe_in_60_percent_of_results(english):
    result = classify_point("P1", samples(6))
    assert result.level == S
    assert result.severe_share["ammonia_n_mg_l"] == pytest.approx(0.6)
    assert "ammonia nitrogen: 60%" in result.reasons[0]


def test_it_keeps_a_point_mild_at_59_percent_of_one_indicator():
    result = classify_point("P1", samples(5))  # 50% severe ammonia, nothing else
    assert result.level == M


def test_it_makes_a_point_severe_when_two_indicators_are_each_severe_in_30_percent():
    assert classify_point("P1", samples(3, 3)).level == S
    assert classify_point("P1", samples(3, 2)).level == M  # 30% and 20%: only one at 30%


def test_it_makes_a_point_mild_on_a_single_mild_result_and_none_when_all_clean():
    assert classify_point("P1", samples(0, mild_orp=True)).level == M
    clean = classify_point("P1", samples(0))
    assert clean.level == N and clean.reasons == []


def point(code: str, level: Level, chainage: float) -> PointResult:
    return PointResult(code, level, {}, chainage_m=chainage)


def test_it_marks_the_stretch_between_three_consecutive_severe_points(english):
    points = [point("A", N, 0), point("B", S, 300), point("C", S, 700), point("D", S, 1000), point("E", M, 1400),
              point("F", N, 1800)]
    body = classify_water_body(points)
    assert body.level == M  # 3 of 6 severe = 50% < 60%
    assert body.severe_stretches == [(300, 1000, ["B", "C", "D"])]
    assert "severe stretch 300 m-1,000 m" in body.reasons[0]


def test_it_ignores_two_consecutive_severe_points():
    points = [point("A", S, 0), point("B", S, 300), point("C", N, 700), point("D", S, 1000), point("E", N, 1300),
              point("F", N, 1600)]
    body = classify_water_body(points)  # 3 of 6 severe, never 3 in a row
    assert body.severe_stretches == []
    assert body.level == M


def test_it_makes_the_whole_water_body_severe_at_60_percent_severe_points(english):
    points = [point("A", S, 0), point("B", N, 300), point("C", S, 600), point("D", N, 900), point("E", S, 1200)]
    body = classify_water_body(points)
    assert body.level == S
    assert body.reasons[0].startswith("3 of 5 points severe (60%")


def test_it_finds_a_water_body_clean_when_every_point_is():
    body = classify_water_body([point("A", N, 0), point("B", N, 300), point("C", N, 600)])
    assert body.level == N and body.severe_stretches == []


def test_it_gives_the_reasons_in_chinese_by_default_and_in_english_on_request():
    points = [point("A", S, 0), point("B", S, 300), point("C", S, 600), point("D", M, 900), point("E", N, 1200),
              point("F", N, 1500)]
    with translation.override("zh-hans"):
        body = classify_water_body(points)
        severe = classify_point("P1", samples(6))
        two = classify_point("P1", samples(3, 3))
        mild = classify_point("P1", samples(0, mild_orp=True))
        clean = classify_water_body([point("A", N, 0)])
    assert body.reasons == ["重度黑臭段 0 m-600 m（监测点 A, B, C：连续 3 个重度黑臭点）",
                            "6 个监测点中 4 个为轻度或重度黑臭：A（重度黑臭）, B（重度黑臭）, C（重度黑臭）, D（轻度黑臭）"]
    assert severe.reasons == ["氨氮：60% 的监测结果为重度黑臭（≥ 60%）"]
    assert two.reasons == ["溶解氧：30% 的监测结果为重度黑臭（≥ 30%，且另有一项指标如此）",
                           "氨氮：30% 的监测结果为重度黑臭（≥ 30%，且另有一项指标如此）"]
    assert mild.reasons == ["氧化还原电位：至少一次监测结果为轻度黑臭或更差"]
    assert clean.reasons == ["1 个监测点均非黑臭"]
    with translation.override("en"):
        body = classify_water_body(points)
        mild = classify_point("P1", samples(0, mild_orp=True))
    assert body.reasons == ["severe stretch 0 m-600 m (points A, B, C: 3 consecutive severe points)",
                            "4 of 6 points mild or severe: A (severe), B (severe), C (severe), D (mild)"]
    assert mild.reasons == ["ORP: at least one result mild or worse"]
