"""The concrete warnings about quality (DOMAIN.md §4, rules_quality.py: 15 specimen groups, 18 strength
evaluation, 19 past 28 days) at their limits: silent at the limit, firing just past it, over the
clean world of tests/concrete_world.py."""

from datetime import date
from decimal import Decimal

from geo_server.features.kinds import RiskLevel
from geo_server.sectors.concrete import acceptance
from geo_server.sectors.concrete.models import EvaluationBatch, SpecimenGroup
from tests.concrete_world import RULE, at, batch, fired_rows, subjects, with_strength, world  # noqa: F401 (fixture)


# 15. specimen groups -----------------------------------------------------------------------------

def test_specimen_groups_at_least_one_per_shift_judged_after_its_day(world):
    world.group.delete()
    assert subjects(RULE["concrete.specimen_groups"], today=date(2026, 6, 2)) == []
    assert subjects(RULE["concrete.specimen_groups"], today=date(2026, 6, 3)) == ["shift:2026-06-02/day:M1"]


def test_specimen_groups_one_per_hundred_cubic_metres(world):
    # The shift's two batches: 50 + 50 m³ = 100 m³ -> 1 group; 50.01 + 50 -> 2.
    world.batches["B0002"].volume_m3 = Decimal("90")
    world.batches["B0002"].save()
    world.batches["B0001"].volume_m3 = Decimal("10")
    world.batches["B0001"].save()
    assert subjects(RULE["concrete.specimen_groups"]) == []
    world.batches["B0002"].volume_m3 = Decimal("90.01")
    world.batches["B0002"].save()
    assert subjects(RULE["concrete.specimen_groups"]) == ["shift:2026-06-02/day:M1"]


def test_specimen_groups_one_per_so_many_batches(world):
    assert subjects(RULE["concrete.specimen_groups"], batches_per_group=2) == []  # 2 batches, 1 group
    batch(world.plant, "B0003", at(2, 10), world.line, world.mix, world.order, world.lots)
    rows = fired_rows(RULE["concrete.specimen_groups"], params={"batches_per_group": 2})
    assert rows[0]["evidence"] == {"shift": "2026-06-02/day", "mix": "M1", "batches": 3, "volume_m3": 30.0,
                                   "groups": 1, "required": 2}


# 18. strength evaluation -------------------------------------------------------------------------

def test_strength_evaluation_fires_on_a_failed_closed_batch(world):
    # One group of C30: non-statistical, mean >= 1.15 x 30 = 34.5 and min >= 28.5.
    with_strength(world.group, "34.5")
    [evaluation] = acceptance.close_month(date(2026, 6, 15))
    assert (evaluation.groups, evaluation.method, evaluation.passed) == (1, "non-statistical", True)
    assert subjects(RULE["concrete.strength_evaluation"]) == []
    with_strength(world.group, "34.4")
    acceptance.evaluate_period(date(2026, 6, 1), date(2026, 6, 30))  # re-judged, still closed
    rows = fired_rows(RULE["concrete.strength_evaluation"])
    assert [(r["subject"], r["level"]) for r in rows] == [("evaluation:M1:2026-06", RiskLevel.RED)]
    assert rows[0]["evidence"]["criteria"][0] == {"name": "mean", "value": "34.40", "limit": "34.50",
                                                  "verdict": "fail"}


def test_strength_evaluation_waits_for_the_period_to_close(world):
    with_strength(world.group, "30.0")
    [evaluation] = acceptance.evaluate_period(date(2026, 6, 1), date(2026, 6, 30))
    assert evaluation.passed is False and evaluation.closed_at is None
    assert subjects(RULE["concrete.strength_evaluation"]) == []


def test_evaluation_batches_leave_out_invalid_untested_and_same_condition_groups(world):
    with_strength(world.group, "40.0")
    second = SpecimenGroup.objects.create(plant=world.plant, source_id="G2", batch=world.batches["B0002"],
                                          cast_date=date(2026, 6, 2), invalid=True)
    SpecimenGroup.objects.create(plant=world.plant, source_id="G3", batch=world.batches["B0002"],
                                 cast_date=date(2026, 6, 2), curing="same-condition", group_value_mpa=Decimal("10"))
    with_strength(second, "10.0")
    acceptance.close_month(date(2026, 6, 1))
    assert EvaluationBatch.objects.get().values_mpa == ["40.0"]


# 19. past 28 days --------------------------------------------------------------------------------

def test_past_28_days_untested_after_cast_plus_29(world):
    # G1 cast 2026-06-02: due 2026-06-02 + 28 + 1 = 2026-07-01.
    assert subjects(RULE["concrete.past_28_days"], today=date(2026, 7, 1)) == []
    assert subjects(RULE["concrete.past_28_days"], today=date(2026, 7, 2)) == ["group:G1"]
    assert subjects(RULE["concrete.past_28_days"], today=date(2026, 7, 2), grace_days=2) == []


def test_past_28_days_tested_late(world):
    world.group.test_date = date(2026, 7, 1)
    world.group.save()
    assert subjects(RULE["concrete.past_28_days"], today=date(2026, 8, 1)) == []
    world.group.test_date = date(2026, 7, 2)
    world.group.save()
    assert subjects(RULE["concrete.past_28_days"], today=date(2026, 8, 1)) == ["group:G1"]


def test_past_28_days_not_for_same_condition_groups(world):
    world.group.curing = "same-condition"
    world.group.save()
    assert subjects(RULE["concrete.past_28_days"], today=date(2026, 8, 1)) == []
