"""The concrete warnings about material lots (DOMAIN.md §4, rules_materials.py: 4-10 and 20) at
their limits: silent at the limit, firing just past it, over the clean world of tests/concrete_world.py."""

from datetime import date
from decimal import Decimal

import pytest

from geo_server.features.kinds import RiskLevel
from geo_server.sectors.concrete.models import MaterialLot, StockReading, SupplierApproval
from tests.concrete_world import (RULE, SECOND, at, fired_rows, lot, record, self_test, subjects,  # noqa: F401
                                  world)  # world: the fixture


# 4. self-test abnormal ---------------------------------------------------------------------------

def test_selftest_abnormal_natural_sand_mud_above_three_percent(world):
    test = world.lots["sand"].self_tests.get()
    test.limit_value, test.result = None, Decimal("3.0")
    test.save()
    assert subjects(RULE["concrete.selftest_abnormal"]) == []
    test.result = Decimal("3.001")
    test.save()
    assert subjects(RULE["concrete.selftest_abnormal"]) == ["lot:LS1"]
    row = fired_rows(RULE["concrete.selftest_abnormal"])[0]  # the item by its name, not "mud_content"
    assert (row["message_zh"], row["message_en"]) == ("原材料 LS1 自检不合格：含泥量 3.001",
                                                      "Lot LS1 failed its self-test: Mud content 3.001")


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
    self_test(world.lots["cement"], "odour_test", 0, passed=False, tested_at=at(1, 11))  # not listed: shown as sent
    assert fired_rows(RULE["concrete.selftest_abnormal"])[0]["message_en"] == \
        "Lot LC1 failed its self-test: Soundness 0.000, odour_test 0.000"


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
    if fires:  # the material by its label, not its code
        row = next(r for r in fired_rows(RULE["concrete.usage"]) if r["subject"] == "stock:cement")
        assert row["message_zh"].startswith("水泥 库存盘点 ") and row["message_en"].startswith("Cement stock count ")


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
