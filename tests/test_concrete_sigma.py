"""The known-sigma method wired (geo_server/sectors/concrete/sigma.py): σ0 recorded from a stable
previous period, then a month judged in consecutive threes, on hand-worked numbers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from geo_server.sectors.concrete import acceptance
from geo_server.sectors.concrete.models import EvaluationBatch, SpecimenGroup, StrengthSigma
from geo_server.sectors.concrete.sigma import judge_in_threes, record_sigma0, sigma0, sigmas_for, triples
from tests.concrete_world import RULE, fired_rows, world  # noqa: F401 (the world fixture)

# 15 groups each of 30.0, 33.0 and 36.0 MPa: mean 33.0, Σ(v - m)² = 15 x 9 + 15 x 9 = 270,
# σ0 = sqrt(270 / 44) = 2.4772 -> 2.48 (below the 2.5 floor, which evaluate_strength applies).
HISTORY = ["30.0"] * 15 + ["33.0"] * 15 + ["36.0"] * 15
# 45 groups of 29.0 and 37.0 alternating (23 and 22): mean 32.91, S = 4.04.
WIDE = (["29.0", "37.0"] * 23)[:45]


def test_it_computes_sigma0_from_45_groups_or_more_and_not_from_fewer():
    assert sigma0(HISTORY) == Decimal("2.48")
    assert sigma0(HISTORY[:44]) is None
    assert sigma0(WIDE) == Decimal("4.04")


def test_it_splits_groups_into_consecutive_threes_judging_a_remainder_with_the_groups_before_it():
    assert triples([1, 2, 3, 4, 5, 6]) == [(0, [1, 2, 3]), (3, [4, 5, 6])]
    assert triples([1, 2, 3, 4, 5, 6, 7]) == [(0, [1, 2, 3]), (3, [4, 5, 6]), (4, [5, 6, 7])]
    assert triples([1, 2, 3, 4]) == [(0, [1, 2, 3]), (1, [2, 3, 4])]
    assert triples([1, 2]) == []


def test_it_judges_each_three_by_the_known_sigma_method():
    # C30, σ0 3.0: mean >= 30 + 0.7 x 3 = 32.1, min >= 30 - 2.1 = 27.9 and >= 0.9 x 30 = 27.0.
    judged = judge_in_threes("C30", ["32.0", "32.1", "32.2", "35.0", "35.0", "27.8"], "3.0")
    assert [start for start, _result in judged] == [0, 3]
    (_, first), (_, second) = judged
    assert (first.method, first.passed, first.mean) == ("known-sigma", True, Decimal("32.10"))
    assert second.passed is False
    assert [(c.name, c.passed) for c in second.criteria] == [("mean", True), ("minimum", False),
                                                             ("minimum_absolute", True)]


def _closed(world, month: int, values, method="statistical", grade="C30"):
    start = date(2026, month, 1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return EvaluationBatch.objects.create(plant=world.plant, mix=world.mix, grade=grade, period_start=start,
                                          period_end=end, groups=len(values), values_mpa=values, method=method,
                                          passed=True, closed_at=timezone.now())


def test_it_records_sigma0_from_a_stable_period_of_60_to_90_days(world):
    _closed(world, 4, HISTORY[:23])
    _closed(world, 5, HISTORY[23:])
    [record] = record_sigma0(date(2026, 4, 1), date(2026, 5, 31))
    assert (record.grade, record.groups, record.sigma0_mpa) == ("C30", 45, Decimal("2.48"))
    assert sigmas_for(date(2026, 6, 1), [world.plant.pk]) == {(world.plant.pk, "C30"): Decimal("2.48")}
    assert sigmas_for(date(2026, 7, 2), [world.plant.pk]) == {}  # more than 31 days after the period
    assert sigmas_for(date(2026, 5, 1), [world.plant.pk]) == {}  # not before the period's end
    with pytest.raises(ValueError):
        record_sigma0(date(2026, 4, 1), date(2026, 4, 30))  # 30 days


def test_it_records_no_sigma0_when_a_month_was_not_judged_statistically_or_too_few_groups(world):
    _closed(world, 4, HISTORY[:23], method="non-statistical")
    _closed(world, 5, HISTORY[23:])
    assert record_sigma0(date(2026, 4, 1), date(2026, 5, 31)) == []
    EvaluationBatch.objects.filter(period_start=date(2026, 4, 1)).update(method="statistical",
                                                                         values_mpa=HISTORY[:22])
    assert record_sigma0(date(2026, 4, 1), date(2026, 5, 31)) == []  # 44 groups
    assert not StrengthSigma.objects.exists()


def _june_groups(world, values):
    world.group.delete()
    for n, value in enumerate(values, start=1):
        SpecimenGroup.objects.create(plant=world.plant, source_id=f"J{n}", batch=world.batches["B0001"],
                                     cast_date=date(2026, 6, n), test_date=date(2026, 6, 28 + n % 3),
                                     group_value_mpa=Decimal(value))


def test_it_judges_a_month_after_a_recorded_sigma0_in_threes_and_fails_on_one_bad_three(world):
    _closed(world, 4, WIDE[:23])
    _closed(world, 5, WIDE[23:])
    record_sigma0(date(2026, 4, 1), date(2026, 5, 31))  # σ0 4.04: mean >= 32.83, min >= 27.17 and 27.0
    _june_groups(world, ["33.0", "32.9", "32.7", "33.0", "36.0", "36.0", "27.2"])
    [june] = acceptance.close_month(date(2026, 6, 15))
    assert (june.method, june.passed, june.sd_mpa) == ("known-sigma", True, Decimal("4.04"))
    assert [c["groups"] for c in june.criteria if c["name"] == "mean"] == [[1, 3], [4, 6], [5, 7]]
    # The remainder's three (36.0, 36.0, 27.1): mean 33.03 holds, min 27.1 < 27.17 does not.
    SpecimenGroup.objects.filter(source_id="J7").update(group_value_mpa=Decimal("27.1"))
    [june] = acceptance.close_month(date(2026, 6, 15))
    assert (june.method, june.passed, june.minimum_mpa) == ("known-sigma", False, Decimal("27.10"))
    rows = fired_rows(RULE["concrete.strength_evaluation"])
    assert rows[0]["evidence"]["method"] == "known-sigma"
    failing = [c for c in rows[0]["evidence"]["criteria"] if c["verdict"] == "fail"]
    assert failing == [{"name": "minimum", "value": "27.10", "limit": "27.17", "verdict": "fail", "groups": [5, 7]}]


def test_it_judges_a_month_without_a_recorded_sigma0_or_under_three_groups_as_before(world):
    _june_groups(world, ["33.0", "32.9", "32.7"])
    [june] = acceptance.close_month(date(2026, 6, 15))
    assert june.method == "non-statistical"
    _closed(world, 4, WIDE[:23])
    _closed(world, 5, WIDE[23:])
    record_sigma0(date(2026, 4, 1), date(2026, 5, 31))
    SpecimenGroup.objects.filter(source_id="J3").delete()
    [june] = acceptance.close_month(date(2026, 6, 15))
    assert (june.groups, june.method) == (2, "non-statistical")


def test_the_command_records_sigma0_then_judges_the_month_by_it(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    _closed(world, 4, WIDE[:23])
    _closed(world, 5, WIDE[23:])
    _june_groups(world, ["33.0", "32.9", "32.7"])
    out = StringIO()
    call_command("evaluate_strength", month="2026-06", sigma_period="2026-04-01:2026-05-31", close=True, stdout=out)
    assert "σ0 recorded for 1 plant grades" in out.getvalue()
    assert EvaluationBatch.objects.get(period_start=date(2026, 6, 1)).method == "known-sigma"
    with pytest.raises(CommandError):
        call_command("evaluate_strength", month="2026-06", sigma_period="2026-04-01:2026-04-30", stdout=out)
