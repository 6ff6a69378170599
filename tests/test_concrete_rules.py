"""The 20 concrete warnings (DOMAIN.md §4) at their limits: silent at the limit, firing just past it,
over the clean world of tests/concrete_world.py (its docstring lists what is in it)."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.sector import sector_for
from geo_server.sectors.concrete import acceptance
from geo_server.sectors.concrete.models import (BatchingRecord, ChlorideTest, DeliveryTicket, EvaluationBatch,
                                               MaterialLot, MixDesign, SpecimenGroup, StockReading, SupplierApproval)
from geo_server.sectors.concrete.rules import RULE_TABLE, RULES
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, Warning
from geo_server.supervision.rules import SqlRule
from tests.concrete_world import (TODAY, at, batch, build_concrete_world, db_now, fired_rows, lot, record, self_test,
                                  subjects)

RULE = {rule.code: rule for rule in RULES}
SECOND = timedelta(seconds=1)


@pytest.fixture
def world(db):
    return build_concrete_world()


def test_the_table_lists_the_twenty_rules_the_sector_registers():
    assert [d.number for d in RULE_TABLE] == list(range(1, 21))
    assert [d.code for d in RULE_TABLE] == sorted(RULE, key=[d.code for d in RULE_TABLE].index)
    assert len(RULE) == 20 and {rule.kind for rule in RULES} == {Kind.CONCRETE_PLANT}
    assert all(rule.title_zh and rule.title_en for rule in RULES)
    assert [r.code for r in sector_for(Kind.CONCRETE_PLANT).rules] == [r.code for r in RULES]


def test_the_clean_world_fires_no_rule(world):
    for rule in RULES:
        if isinstance(rule, SqlRule):
            assert fired_rows(rule) == [], rule.code
    detail = {"licence_no": "D1", "licence_expires_on": date(2027, 12, 31), "lab_qualification_no": "L1",
              "lab_qualification_expires_on": date(2027, 12, 31)}
    assert RULE["concrete.basic"].evaluate(detail, today=TODAY) is None


# 1. basic (per-row, no database) ------------------------------------------------------------------

def basic(today=TODAY, **row):
    values = {"licence_no": "D1", "licence_expires_on": date(2027, 12, 31), "lab_qualification_no": "L1",
              "lab_qualification_expires_on": date(2027, 12, 31), **row}
    return RULE["concrete.basic"].evaluate(values, today=today)


def test_basic_warns_yellow_thirty_days_before_expiry_not_thirty_one():
    assert basic(licence_expires_on=TODAY + timedelta(days=31)) is None
    assert basic(licence_expires_on=TODAY + timedelta(days=30)).level == RiskLevel.YELLOW


def test_basic_turns_orange_the_day_after_expiry():
    assert basic(lab_qualification_expires_on=TODAY).level == RiskLevel.YELLOW
    finding = basic(lab_qualification_expires_on=TODAY - timedelta(days=1))
    assert finding.level == RiskLevel.ORANGE and finding.evidence == {"problems": ["lab_qualification_no"]}


def test_basic_warns_orange_without_a_certificate_number():
    assert basic(licence_no=" ").level == RiskLevel.ORANGE
    assert basic(lab_qualification_no="").message_zh == "试验室资质缺失"


# 2. equipment -------------------------------------------------------------------------------------

def test_equipment_due_twelve_months_after_verification(world):
    world.line.last_verified_on = date(2025, 6, 15)
    world.line.save()
    assert subjects(RULE["concrete.equipment"]) == []  # due on 2026-06-15 = today
    world.line.last_verified_on = date(2025, 6, 14)
    world.line.save()
    assert subjects(RULE["concrete.equipment"]) == ["line:L1"]
    assert subjects(RULE["concrete.equipment"], verification_months=13) == []


def test_equipment_without_a_verification_record(world):
    world.line.last_verified_on = None
    world.line.save()
    assert fired_rows(RULE["concrete.equipment"])[0]["message_en"] == \
        "Mixing line L1: no metering verification on record"


# 3. batching online --------------------------------------------------------------------------------

def test_batching_online_link_silent_more_than_thirty_minutes(world):
    now = db_now()
    batch(world.plant, "B0003", now - timedelta(minutes=10), world.line, world.mix, world.order, {}, records=False)
    last = record(world.plant, "B0003", "cement", 3800, 3800, now - timedelta(minutes=30), world.line)
    assert subjects(RULE["concrete.batching_online"]) == []
    BatchingRecord.objects.filter(pk=last.pk).update(batched_at=now - timedelta(minutes=30) - SECOND)
    assert subjects(RULE["concrete.batching_online"]) == ["line:L1:link"]


def test_batching_online_batch_without_records_after_thirty_minutes(world):
    now = db_now()
    made = batch(world.plant, "B0003", now - timedelta(minutes=30), world.line, world.mix, world.order, {},
                 records=False)
    assert "line:L1:unrecorded" not in subjects(RULE["concrete.batching_online"])
    made.produced_at = now - timedelta(minutes=30) - SECOND
    made.save()
    row = next(r for r in fired_rows(RULE["concrete.batching_online"]) if r["subject"] == "line:L1:unrecorded")
    assert row["evidence"]["serials"] == ["B0003"]


# 4. self-test abnormal ---------------------------------------------------------------------------

def test_selftest_abnormal_natural_sand_mud_above_three_percent(world):
    test = world.lots["sand"].self_tests.get()
    test.limit_value, test.result = None, Decimal("3.0")
    test.save()
    assert subjects(RULE["concrete.selftest_abnormal"]) == []
    test.result = Decimal("3.001")
    test.save()
    assert subjects(RULE["concrete.selftest_abnormal"]) == ["lot:LS1"]


@pytest.mark.parametrize("kind, limit, past", [("max", "600", "600.001"), ("min", "42.5", "42.499")])
def test_selftest_abnormal_against_the_tests_own_limit(world, kind, limit, past):
    test = self_test(world.lots["cement"], "strength", limit, limit, kind)
    assert subjects(RULE["concrete.selftest_abnormal"]) == []
    test.result = Decimal(past)
    test.save()
    assert subjects(RULE["concrete.selftest_abnormal"]) == ["lot:LC1"]


def test_selftest_abnormal_when_the_plant_says_failed(world):
    self_test(world.lots["cement"], "soundness", 0, passed=False)
    assert subjects(RULE["concrete.selftest_abnormal"]) == ["lot:LC1"]


# 5. self-test missing ----------------------------------------------------------------------------

def test_selftest_missing_when_used_before_the_first_test(world):
    cement = lot(world.plant, "LC2", "cement", world.supplier, manufactured_at=date(2026, 5, 25))
    record(world.plant, "B0002", "cement", 100, 100, at(3, 8), world.line, cement)
    assert subjects(RULE["concrete.selftest_missing"]) == ["lot:LC2"]
    test = self_test(cement, "setting_time", 180, 600, tested_at=at(3, 8) + SECOND)
    assert subjects(RULE["concrete.selftest_missing"]) == ["lot:LC2"]
    test.tested_at = at(3, 8)
    test.save()
    assert subjects(RULE["concrete.selftest_missing"]) == []


def test_selftest_missing_not_for_water(world):
    water = lot(world.plant, "LW1", "water")
    record(world.plant, "B0002", "water", 100, 100, at(3, 8), world.line, water)
    assert subjects(RULE["concrete.selftest_missing"]) == []


# 6. material entry -------------------------------------------------------------------------------

def test_material_entry_without_certificate_or_report(world):
    MaterialLot.objects.filter(source_id="LS1").update(has_test_report=False)
    rows = fired_rows(RULE["concrete.material_entry"])
    assert [r["subject"] for r in rows] == ["lot:LS1"] and rows[0]["evidence"]["problems"] == ["no test report"]


def test_material_entry_supplier_approved_through_the_arrival_day(world):
    approval = SupplierApproval.objects.get(material_type="cement")
    approval.expires_on = date(2026, 6, 1)  # the arrival day
    approval.save()
    assert subjects(RULE["concrete.material_entry"]) == []
    approval.expires_on = date(2026, 5, 31)
    approval.save()
    assert subjects(RULE["concrete.material_entry"]) == ["lot:LC1"]


def test_material_entry_supplier_approved_from_the_arrival_day(world):
    approval = SupplierApproval.objects.get(material_type="cement")
    approval.approved_on = date(2026, 6, 1)
    approval.save()
    assert subjects(RULE["concrete.material_entry"]) == []
    approval.approved_on = date(2026, 6, 2)
    approval.save()
    assert subjects(RULE["concrete.material_entry"]) == ["lot:LC1"]


def test_material_entry_without_supplier_but_not_water(world):
    lot(world.plant, "LW1", "water", has_certificate=False, has_test_report=False)
    lot(world.plant, "LA1", "admixture")
    assert subjects(RULE["concrete.material_entry"]) == ["lot:LA1"]


# 7. material timeout -----------------------------------------------------------------------------

def test_material_timeout_cement_used_after_three_months(world):
    cement = world.lots["cement"]  # made 2026-05-20: valid until 2026-08-20
    late = record(world.plant, "B0002", "cement", 10, 10, at(20, 23, 59, month=8), world.line, cement)
    assert subjects(RULE["concrete.material_timeout"]) == []
    late.batched_at = at(21, 0, 0, month=8)
    late.save()
    assert subjects(RULE["concrete.material_timeout"]) == ["lot:LC1"]
    self_test(cement, "setting_time", 200, 600, tested_at=at(21, 0, 0, month=8))  # the re-test
    assert subjects(RULE["concrete.material_timeout"]) == []


# 8. late entry -----------------------------------------------------------------------------------

def test_late_entry_more_than_twenty_four_hours(world):
    MaterialLot.objects.filter(source_id="LS1").update(recorded_at=at(2, 8))
    assert subjects(RULE["concrete.late_entry"]) == []
    MaterialLot.objects.filter(source_id="LS1").update(recorded_at=at(2, 8) + SECOND)
    rows = fired_rows(RULE["concrete.late_entry"])
    assert [r["subject"] for r in rows] == ["lot:LS1"] and rows[0]["level"] == RiskLevel.YELLOW


# 9. usage ----------------------------------------------------------------------------------------

def test_usage_more_than_the_lot_entered(world):
    # LM1: 50 t entered, 2 x 1000 kg used by the two batches.
    extra = record(world.plant, "B0002", "machine_sand", 48000, 48000, at(3), world.line, world.lots["machine_sand"])
    assert subjects(RULE["concrete.usage"]) == []
    extra.actual_kg = Decimal("48000.01")
    extra.save()
    assert subjects(RULE["concrete.usage"]) == ["lot:LM1"]


@pytest.mark.parametrize("counted, fires", [("97.020", False), ("97.021", True), ("87.780", False), ("87.779", True)])
def test_usage_stock_count_five_percent_off_the_book(world, counted, fires):
    # Cement book at 3 June: 100 t entered - 2 x 3.8 t used = 92.4 t; 5% = 4.62 t.
    StockReading.objects.create(plant=world.plant, source_id="S1", material_type="cement",
                                quantity_t=Decimal(counted), measured_at=at(3))
    assert subjects(RULE["concrete.usage"]) == (["stock:cement"] if fires else [])


# 10. duplicate -----------------------------------------------------------------------------------

def test_duplicate_weighbridge_ticket_warns_the_later_entry(world):
    lot(world.plant, "LC2", "cement", world.supplier, weighbridge_ticket="W-LC1", recorded_at=at(1, 10))
    rows = fired_rows(RULE["concrete.duplicate"])
    assert [r["subject"] for r in rows] == ["lot:LC2"] and rows[0]["evidence"]["repeats"] == "LC1"


def test_duplicate_supplier_lot_only_for_the_same_supplier_and_material(world):
    lot(world.plant, "LS2", "sand", world.supplier, supplier_lot_no="SL-LC1", recorded_at=at(1, 10))
    lot(world.plant, "LC3", "cement", None, supplier_lot_no="SL-LC1", recorded_at=at(1, 10))
    lot(world.plant, "LX1", "stone", world.supplier, supplier_lot_no="", weighbridge_ticket="")
    lot(world.plant, "LX2", "stone", world.supplier, supplier_lot_no="", weighbridge_ticket="", recorded_at=at(1, 11))
    assert subjects(RULE["concrete.duplicate"]) == []
    lot(world.plant, "LC2", "cement", world.supplier, supplier_lot_no="SL-LC1", recorded_at=at(1, 10))
    assert subjects(RULE["concrete.duplicate"]) == ["lot:LC2"]


# 11. mix design ----------------------------------------------------------------------------------

def test_mix_design_water_binder_ratio_over_its_category(world):
    MixDesign.objects.filter(pk=world.mix.pk).update(water_binder_ratio=Decimal("0.550"))  # 2a: <= 0.55
    assert subjects(RULE["concrete.mix_design"]) == []
    MixDesign.objects.filter(pk=world.mix.pk).update(water_binder_ratio=Decimal("0.551"))
    assert subjects(RULE["concrete.mix_design"]) == ["mix:M1"]


def test_mix_design_binder_below_the_least_for_its_ratio(world):
    MixDesign.objects.filter(pk=world.mix.pk).update(binder_kg=Decimal("330.00"))  # w/b 0.45: >= 330
    assert subjects(RULE["concrete.mix_design"]) == []
    MixDesign.objects.filter(pk=world.mix.pk).update(binder_kg=Decimal("329.99"))
    assert subjects(RULE["concrete.mix_design"]) == ["mix:M1"]
    # Plain concrete at w/b 0.60 needs only 250 kg/m³.
    MixDesign.objects.filter(pk=world.mix.pk).update(exposure_class="plain", environment_category="1",
                                                     water_binder_ratio=Decimal("0.60"), binder_kg=Decimal("250"))
    assert subjects(RULE["concrete.mix_design"]) == []


def test_mix_design_batches_with_an_unapproved_mix(world):
    draft = MixDesign.objects.create(plant=world.plant, code="M2", grade="C30", exposure_class="humid",
                                     water_binder_ratio=Decimal("0.45"), binder_kg=Decimal("380"),
                                     approval_state="submitted")
    assert subjects(RULE["concrete.mix_design"]) == []
    batch(world.plant, "B0003", at(3), world.line, draft, world.order, world.lots)
    assert subjects(RULE["concrete.mix_design"]) == ["mix:M2:unapproved"]


# 12. production info -----------------------------------------------------------------------------

def test_production_info_missing_grade_volume_or_destination(world):
    batch(world.plant, "B0003", at(3), world.line, world.mix, None, world.lots, grade="")
    rows = fired_rows(RULE["concrete.production_info"])
    assert [(r["subject"], r["level"]) for r in rows] == [("batch:B0003", RiskLevel.YELLOW)]
    assert rows[0]["evidence"]["problems"] == ["no grade", "no destination site"]


def test_production_info_a_ticket_names_the_destination(world):
    made = batch(world.plant, "B0003", at(3), world.line, world.mix, None, world.lots)
    DeliveryTicket.objects.create(plant=world.plant, source_id="T3", batch=made, site=world.site, delivered_at=at(3, 9))
    assert subjects(RULE["concrete.production_info"]) == []


def test_production_info_delivered_to_a_site_without_permit(world):
    world.site.construction_site_detail.permit_no = " "
    world.site.construction_site_detail.save()
    rows = fired_rows(RULE["concrete.production_info"])
    assert [(r["subject"], r["level"]) for r in rows] == [("batch:B0001", RiskLevel.ORANGE)]


# 13. batching deviation --------------------------------------------------------------------------

@pytest.mark.parametrize("material, at_limit, past", [
    ("cement", "3876.00", "3876.01"),  # 3800 kg +2%
    ("water", "1692.90", "1692.89"),  # 1710 kg -1%
    ("sand", "7210.00", "7210.01"),  # 7000 kg +3%
])
def test_batching_deviation_at_each_tolerance(world, material, at_limit, past):
    records = BatchingRecord.objects.filter(serial="B0002", material_type=material)
    records.update(actual_kg=Decimal(at_limit))
    assert subjects(RULE["concrete.batching_deviation"]) == []
    records.update(actual_kg=Decimal(past))
    assert subjects(RULE["concrete.batching_deviation"]) == ["batch:B0002"]


# 14. chloride ------------------------------------------------------------------------------------

def test_chloride_of_a_batch_over_its_exposure_class(world):
    ChlorideTest.objects.filter(source_id="CL1").update(chloride_pct=Decimal("0.200"))  # humid: <= 0.20
    assert subjects(RULE["concrete.chloride"]) == []
    ChlorideTest.objects.filter(source_id="CL1").update(chloride_pct=Decimal("0.201"))
    rows = fired_rows(RULE["concrete.chloride"])
    assert [(r["subject"], r["level"]) for r in rows] == [("batch:B0001", RiskLevel.RED)]


def test_chloride_of_a_mix_computed_or_tested(world):
    MixDesign.objects.filter(pk=world.mix.pk).update(exposure_class="prestressed", chloride_pct=Decimal("0.060"))
    ChlorideTest.objects.filter(source_id="CL1").update(chloride_pct=Decimal("0.06"))
    assert subjects(RULE["concrete.chloride"]) == []
    ChlorideTest.objects.create(plant=world.plant, source_id="CL2", mix=world.mix, chloride_pct=Decimal("0.061"),
                                tested_at=at(3))
    assert subjects(RULE["concrete.chloride"]) == ["mix:M1"]


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


# 16. approval ------------------------------------------------------------------------------------

def test_approval_order_approved_after_production(world):
    world.order.approved_at = at(2, 8)  # B0001 produced at 08:00
    world.order.save()
    assert subjects(RULE["concrete.approval"]) == []
    world.order.approved_at = at(2, 8) + SECOND
    world.order.save()
    assert subjects(RULE["concrete.approval"]) == ["batch:B0001"]
    world.order.approved_at = None
    world.order.save()
    assert subjects(RULE["concrete.approval"]) == ["batch:B0001", "batch:B0002"]


def test_approval_mix_approved_after_production(world):
    MixDesign.objects.filter(pk=world.mix.pk).update(approved_at=at(2, 9))
    assert subjects(RULE["concrete.approval"]) == ["batch:B0001"]


# 17. invalid serial ------------------------------------------------------------------------------

def test_invalid_serial_matching_no_batch_after_thirty_minutes(world):
    now = db_now()
    orphan = record(world.plant, "X0099", "cement", 10, 10, now - timedelta(minutes=30), world.line)
    assert subjects(RULE["concrete.invalid_serial"]) == []
    orphan.batched_at = now - timedelta(minutes=30) - SECOND
    orphan.save()
    assert subjects(RULE["concrete.invalid_serial"]) == ["line:L1:orphan"]


def test_invalid_serial_out_of_sequence_on_a_line(world):
    batch(world.plant, "B0003", at(2, 10), world.line, world.mix, world.order, world.lots)
    record(world.plant, "B0004", "cement", 10, 10, at(2, 11), world.line)
    batch(world.plant, "B0004", at(2, 11), world.line, world.mix, world.order, {}, records=False)
    assert subjects(RULE["concrete.invalid_serial"]) == []
    record(world.plant, "B0002", "cement", 10, 10, at(2, 12), world.line)  # B0004 -> B0002
    rows = fired_rows(RULE["concrete.invalid_serial"])
    assert [r["subject"] for r in rows] == ["line:L1:sequence"] and rows[0]["evidence"]["sample"] == ["B0004 → B0002"]


# 18. strength evaluation -------------------------------------------------------------------------

def with_strength(group: SpecimenGroup, value: str) -> None:
    group.test_date, group.group_value_mpa = date(2026, 6, 30), Decimal(value)
    group.strength_1_mpa = group.strength_2_mpa = group.strength_3_mpa = Decimal(value)
    group.save()


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


# 20. machine-made sand ---------------------------------------------------------------------------

@pytest.mark.parametrize("field, at_limit, past", [("mb_value", "1.40", "1.41"),
                                                   ("stone_powder_pct", "10.0", "10.1"),
                                                   ("sand_certificate_expires_on", date(2026, 6, 1),
                                                    date(2026, 5, 31))])
def test_machine_sand_limits(world, field, at_limit, past):
    MaterialLot.objects.filter(source_id="LM1").update(**{field: at_limit})
    assert subjects(RULE["concrete.machine_sand"]) == []
    MaterialLot.objects.filter(source_id="LM1").update(**{field: past})
    assert subjects(RULE["concrete.machine_sand"]) == ["lot:LM1"]


def test_machine_sand_without_certificate_or_mb_value(world):
    MaterialLot.objects.filter(source_id="LM1").update(sand_certificate_no="", mb_value=None)
    rows = fired_rows(RULE["concrete.machine_sand"])
    assert rows[0]["evidence"]["problems"] == ["certificate missing", "MB value missing"]


# The sweep: warnings upserted per subject, an orange one promoted to a hazard routed to the plant. -

def test_the_sweep_raises_a_hazard_for_the_plants_enterprise(world):
    world.line.last_verified_on = None
    world.line.save()
    sweep(Kind.CONCRETE_PLANT, today=TODAY)
    warning = Warning.objects.get(rule_code="concrete.equipment", is_open=True)
    assert (warning.feature_id, warning.subject, warning.level) == (world.plant.pk, "line:L1", RiskLevel.ORANGE)
    hazard = Hazard.objects.get(rule_code="concrete.equipment")
    assert hazard.responsible_organisation_id == world.plant.organisation_id
    assert Warning.objects.filter(is_open=True).count() == 1


def test_the_command_closes_a_month_and_warns_at_once(world):
    with_strength(world.group, "34.4")
    out = StringIO()
    call_command("evaluate_strength", "--month", "2026-06", "--close", stdout=out)
    assert out.getvalue().strip() == "2026-06: 1 evaluation batches at 1 plants, 1 failed, closed"
    warning = Warning.objects.get(rule_code="concrete.strength_evaluation", is_open=True)
    assert (warning.subject, warning.level) == ("evaluation:M1:2026-06", RiskLevel.RED)
    assert Hazard.objects.get(rule_code="concrete.strength_evaluation").feature_id == world.plant.pk
