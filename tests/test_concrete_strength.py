"""GB/T 50107-2010 strength evaluation and GB/T 50081 group values on hand-worked cases (no database).

Each case writes its arithmetic beside it; fcu,k is the grade's number (C30 -> 30 MPa).
"""

from decimal import Decimal

import pytest

from geo_server.sectors.concrete.strength import StrengthInputError, evaluate_strength, group_value


def criterion(result, name):
    return next(c for c in result.criteria if c.name == name)


# --- non-statistical (n < 10): mean >= λ3 fcu,k, min >= 0.95 fcu,k ---------------------------------

def test_it_passes_a_non_statistical_batch_exactly_at_both_limits():
    # C30: λ3 = 1.15 -> 34.5; 0.95 x 30 = 28.5. Sum 28.5 + 37.0 + 38.0 = 103.5, mean 34.5, min 28.5.
    result = evaluate_strength("C30", [28.5, 37.0, 38.0])
    assert result.method == "non-statistical"
    assert result.passed
    assert result.mean == Decimal("34.50") and result.minimum == Decimal("28.50") and result.sd is None
    assert [(c.name, c.limit, c.verdict) for c in result.criteria] == [
        ("mean", Decimal("34.50"), "pass"), ("minimum", Decimal("28.50"), "pass")]


def test_it_fails_a_non_statistical_mean_one_tenth_below():
    # Sum 28.5 + 37.0 + 37.9 = 103.4, mean 34.4667 < 34.5; the minimum 28.5 still passes.
    result = evaluate_strength("C30", [28.5, 37.0, 37.9])
    assert not result.passed
    assert criterion(result, "mean").verdict == "fail" and criterion(result, "minimum").verdict == "pass"


def test_it_fails_a_non_statistical_minimum_one_tenth_below():
    # Sum 28.4 + 37.1 + 38.0 = 103.5, mean 34.5 passes; min 28.4 < 28.5.
    result = evaluate_strength("C30", [28.4, 37.1, 38.0])
    assert not result.passed
    assert criterion(result, "mean").passed and not criterion(result, "minimum").passed


def test_it_uses_lambda3_1_15_at_c55():
    # C55: 1.15 x 55 = 63.25. [63.2, 63.3, 63.2, 63.3]: sum 253.0, mean 63.25 -> pass (min 63.2 >= 52.25).
    assert evaluate_strength("C55", [63.2, 63.3, 63.2, 63.3]).passed
    # [63.1, 63.3, 63.2, 63.3]: sum 252.9, mean 63.225 < 63.25 -> fail.
    assert not evaluate_strength("C55", [63.1, 63.3, 63.2, 63.3]).passed


def test_it_uses_lambda3_1_10_from_c60():
    # C60: 1.10 x 60 = 66.0 (1.15 would ask 69.0). [66.0, 66.0]: mean 66.0 -> pass; min 66.0 >= 57.0.
    result = evaluate_strength("C60", [66.0, 66.0])
    assert result.passed and criterion(result, "mean").limit == Decimal("66.00")
    # [65.9, 66.0]: mean 65.95 < 66.0 -> fail.
    assert not evaluate_strength("C60", [65.9, 66.0]).passed


def test_it_judges_nine_groups_without_statistics():
    # 9 x 34.4: n < 10, non-statistical, mean 34.4 < 1.15 x 30 = 34.5 -> fail; 9 x 34.5 passes.
    nine = evaluate_strength("C30", [34.4] * 9)
    assert nine.method == "non-statistical" and not nine.passed
    assert evaluate_strength("C30", [34.5] * 9).passed
    # 10 x 34.4: statistical, S = 0 floored to 2.5, limit 30 + 1.15 x 2.5 = 32.875 -> pass.
    ten = evaluate_strength("C30", [34.4] * 10)
    assert ten.method == "statistical" and ten.passed


# --- statistical, unknown sigma (n >= 10): mean >= fcu,k + λ1 S, min >= λ2 fcu,k --------------------

def test_it_passes_a_statistical_batch_exactly_at_its_limit_with_s_from_the_groups():
    # C30, n = 10: 40.6 40.6 28.6 28.6 and six 34.6. Mean 34.6; deviations ±6 four times:
    # S² = 4 x 36 / 9 = 16, S = 4.0 (above 2.5). λ1 = 1.15: limit 30 + 4.6 = 34.6 -> pass.
    # λ2 = 0.90: min 28.6 >= 27.0 -> pass.
    groups = [40.6, 40.6, 28.6, 28.6] + [34.6] * 6
    result = evaluate_strength("C30", groups)
    assert result.method == "statistical" and result.passed
    assert result.sd == Decimal("4.00") and result.mean == Decimal("34.60")
    assert criterion(result, "mean").limit == Decimal("34.60")
    assert criterion(result, "minimum").limit == Decimal("27.00")


def test_it_fails_a_statistical_batch_one_tenth_below_its_limit():
    # The same groups all 0.1 lower: S still 4.0, mean 34.5 < 34.6 -> fail.
    groups = [40.5, 40.5, 28.5, 28.5] + [34.5] * 6
    result = evaluate_strength("C30", groups)
    assert result.sd == Decimal("4.00") and not result.passed
    assert criterion(result, "mean").verdict == "fail"


def test_it_floors_s_at_2_5():
    # C30, n = 12: eleven 32.9 and one 32.6: sum 361.9 + 32.6 = 394.5, mean 32.875; S ≈ 0.087 -> 2.5.
    # λ1 = 1.15: limit 30 + 1.15 x 2.5 = 32.875 -> pass exactly (unfloored, the limit would be 30.10).
    result = evaluate_strength("C30", [32.9] * 11 + [32.6])
    assert result.sd == Decimal("2.50") and result.passed
    assert criterion(result, "mean").limit == Decimal("32.88")  # 32.875 shown to 0.01
    # One 32.5 instead: sum 394.4, mean 32.8667 < 32.875 -> fail.
    assert not evaluate_strength("C30", [32.9] * 11 + [32.5]).passed


def test_it_changes_lambda1_at_15_groups():
    # All 32.7 (S floored 2.5). n = 14: 30 + 1.15 x 2.5 = 32.875 -> fail; n = 15: 30 + 1.05 x 2.5 = 32.625 -> pass.
    assert not evaluate_strength("C30", [32.7] * 14).passed
    assert evaluate_strength("C30", [32.7] * 15).passed


def test_it_passes_exactly_at_the_limit_with_15_to_19_groups():
    # n = 16: fifteen 32.6 and one 33.0: sum 489.0 + 33.0 = 522.0, mean 32.625 = 30 + 1.05 x 2.5 -> pass.
    assert evaluate_strength("C30", [32.6] * 15 + [33.0]).passed
    # One 32.9 instead: sum 521.9, mean 32.61875 -> fail.
    assert not evaluate_strength("C30", [32.6] * 15 + [32.9]).passed


def test_it_changes_lambda1_at_20_groups():
    # All 32.5 (S floored 2.5). n = 19: limit 32.625 -> fail; n = 20: 30 + 0.95 x 2.5 = 32.375 -> pass.
    assert not evaluate_strength("C30", [32.5] * 19).passed
    assert evaluate_strength("C30", [32.5] * 20).passed


def test_it_passes_exactly_at_the_limit_with_20_groups():
    # n = 20: nineteen 32.4 and one 31.9: sum 615.6 + 31.9 = 647.5, mean 32.375 -> pass; 31.8 -> 32.37 fail.
    assert evaluate_strength("C30", [32.4] * 19 + [31.9]).passed
    assert not evaluate_strength("C30", [32.4] * 19 + [31.8]).passed


def test_it_changes_lambda2_at_15_groups():
    # λ2 x 30: n = 10-14 -> 0.90 x 30 = 27.0; n >= 15 -> 0.85 x 30 = 25.5.
    assert criterion(evaluate_strength("C30", [40.0] * 13 + [27.0]), "minimum").passed
    assert not criterion(evaluate_strength("C30", [40.0] * 13 + [26.9]), "minimum").passed
    fifteen = criterion(evaluate_strength("C30", [40.0] * 14 + [25.5]), "minimum")
    assert fifteen.passed and fifteen.limit == Decimal("25.50")
    assert not criterion(evaluate_strength("C30", [40.0] * 14 + [25.4]), "minimum").passed


# --- known sigma (3 consecutive groups) --------------------------------------------------------------

def test_it_passes_a_known_sigma_batch_exactly_at_its_limits():
    # C30, σ0 = 3.0: mean >= 30 + 2.1 = 32.1, min >= 30 - 2.1 = 27.9, min >= 0.90 x 30 = 27.0.
    # [27.9, 34.0, 34.4]: sum 96.3, mean 32.1; min 27.9 -> pass.
    result = evaluate_strength("C30", [27.9, 34.0, 34.4], sigma0_mpa=3.0)
    assert result.method == "known-sigma" and result.passed and result.sd == Decimal("3.00")
    assert [(c.name, c.limit) for c in result.criteria] == [
        ("mean", Decimal("32.10")), ("minimum", Decimal("27.90")), ("minimum_absolute", Decimal("27.00"))]


def test_it_fails_a_known_sigma_batch_one_tenth_below():
    # [27.9, 34.0, 34.3]: mean 32.0667 < 32.1 -> fail.  [27.8, 34.1, 34.4]: mean 32.1, min 27.8 < 27.9 -> fail.
    assert not evaluate_strength("C30", [27.9, 34.0, 34.3], sigma0_mpa=3.0).passed
    low_min = evaluate_strength("C30", [27.8, 34.1, 34.4], sigma0_mpa=3.0)
    assert not low_min.passed and not criterion(low_min, "minimum").passed and criterion(low_min, "mean").passed


def test_it_floors_sigma0_at_2_5():
    # C30, σ0 = 2.0 -> 2.5: mean >= 31.75 (2.0 would give 31.4). [29.0, 33.0, 33.2]: mean 31.7333 -> fail;
    # [29.0, 33.0, 33.3]: mean 31.7667 -> pass (min 29.0 >= 28.25).
    floored = evaluate_strength("C30", [29.0, 33.0, 33.2], sigma0_mpa=2.0)
    assert floored.sd == Decimal("2.50") and not floored.passed
    assert evaluate_strength("C30", [29.0, 33.0, 33.3], sigma0_mpa=2.0).passed


def test_it_applies_0_85_up_to_c20():
    # C20, σ0 = 5.0: mean >= 23.5, min >= 16.5, min >= 0.85 x 20 = 17.0.
    # [17.0, 26.0, 27.5]: sum 70.5, mean 23.5, min 17.0 -> pass; [16.9, 26.1, 27.5]: min 16.9 < 17.0 -> fail.
    assert evaluate_strength("C20", [17.0, 26.0, 27.5], sigma0_mpa=5.0).passed
    failed = evaluate_strength("C20", [16.9, 26.1, 27.5], sigma0_mpa=5.0)
    assert not failed.passed and criterion(failed, "minimum").passed
    assert criterion(failed, "minimum_absolute").limit == Decimal("17.00")


def test_it_applies_0_90_above_c20():
    # C25, σ0 = 5.0: mean >= 28.5, min >= 21.5, min >= 0.90 x 25 = 22.5 (0.85 would give 21.25).
    # [22.5, 31.0, 32.0]: sum 85.5, mean 28.5 -> pass; [22.4, 31.0, 32.1]: min 22.4 < 22.5 -> fail.
    assert evaluate_strength("C25", [22.5, 31.0, 32.0], sigma0_mpa=5.0).passed
    failed = evaluate_strength("C25", [22.4, 31.0, 32.1], sigma0_mpa=5.0)
    assert not failed.passed and criterion(failed, "minimum").passed
    assert criterion(failed, "minimum_absolute").limit == Decimal("22.50")


def test_it_takes_decimal_and_string_inputs_alike():
    assert evaluate_strength("c30", [Decimal("28.5"), "37.0", 38]).passed


# --- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("grade, groups, sigma0, code", [
    ("C33", [30.0], None, "unknown_grade"),
    ("30", [30.0], None, "unknown_grade"),
    (None, [30.0], None, "unknown_grade"),
    ("C30", [], None, "no_groups"),
    ("C30", [30.0, 31.0], 3.0, "known_sigma_needs_three_groups"),
    ("C30", [30.0] * 4, 3.0, "known_sigma_needs_three_groups"),
    ("C30", [30.0, -1.0, 31.0], None, "negative_strength"),
    ("C30", [30.0, 31.0, 32.0], -2.0, "negative_strength"),
    ("C30", [float("nan")], None, "not_a_number"),
    ("C30", ["abc"], None, "not_a_number"),
])
def test_it_refuses_bad_input_with_a_stable_code(grade, groups, sigma0, code):
    with pytest.raises(StrengthInputError) as caught:
        evaluate_strength(grade, groups, sigma0)
    assert caught.value.code == code and isinstance(caught.value, ValueError)


# --- GB/T 50081 group value -----------------------------------------------------------------------

def test_it_takes_the_mean_of_three_cubes():
    # (30.0 + 31.0 + 32.0) / 3 = 31.0; (30.0 + 30.1 + 30.1) / 3 = 30.0667 -> 30.1 (to 0.1 MPa).
    assert group_value(30.0, 31.0, 32.0) == Decimal("31.0")
    assert group_value(30.0, 30.1, 30.1) == Decimal("30.1")


def test_it_keeps_the_mean_at_exactly_15_percent():
    # Middle 40.0, 15% = 6.0: 34.0 and 46.0 differ by exactly 6.0, not more -> mean 40.0.
    assert group_value(46.0, 34.0, 40.0) == Decimal("40.0")


def test_it_takes_the_middle_when_one_cube_is_off():
    # 46.1 - 40.0 = 6.1 > 6.0 -> the middle, 40.0 (the mean would be 40.03).
    assert group_value(34.0, 40.0, 46.1) == Decimal("40.0")
    # 40.0 - 33.9 = 6.1 > 6.0 -> 40.0 (the mean would be 38.3).
    assert group_value(33.9, 40.0, 41.0) == Decimal("40.0")


def test_it_invalidates_a_group_with_both_cubes_off():
    assert group_value(33.9, 40.0, 46.1) is None


def test_it_refuses_a_negative_cube():
    with pytest.raises(StrengthInputError) as caught:
        group_value(30.0, -30.0, 30.0)
    assert caught.value.code == "negative_strength"
