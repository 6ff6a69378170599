"""A specimen group's value (GB/T 50081-2019 5.0.4), without a database: hand-worked cases, with
the 15% boundary exact."""

from decimal import Decimal

import pytest

from geo_server.sectors.concrete.specimens import group_value


@pytest.mark.parametrize("cubes, value", [
    (("38.0", "40.0", "41.5"), "39.8"),   # all within 15% of 40.0: the mean 39.833 -> 39.8
    (("30.0", "30.0", "30.1"), "30.0"),   # 30.033 -> 30.0
    (("30.1", "30.1", "30.2"), "30.1"),   # 30.133 -> 30.1
    (("25.0", "25.1", "25.2"), "25.1"),
    (("34.0", "40.0", "46.0"), "40.0"),   # both exactly 15% (6.0 of 40.0) away: still the mean
    (("33.9", "40.0", "46.0"), "40.0"),   # the smallest just more than 15% below: the middle value
    (("34.0", "40.0", "46.1"), "40.0"),   # the largest just more than 15% above: the middle value
    ((40, 33.9, 41), "40"),               # any order, numbers as well as text
])
def test_it_gives_the_mean_or_the_middle_value(cubes, value):
    assert group_value(cubes) == Decimal(value)


def test_it_rounds_half_up_to_a_tenth():
    assert group_value(("30.0", "30.1", "30.05")) == Decimal("30.1")  # 30.05 -> 30.1, not banker's 30.0


def test_a_group_with_both_ends_out_is_invalid():
    assert group_value(("33.9", "40.0", "46.1")) is None
