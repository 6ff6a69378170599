"""The concrete warnings about production (DOMAIN.md §4, rules_production.py: 11 mix design, 12
production info, 13 batching deviation, 14 chloride, 16 approval) at their limits: silent at the
limit, firing just past it, over the clean world of tests/concrete_world.py."""

from decimal import Decimal

import pytest

from geo_server.features.kinds import RiskLevel
from geo_server.sectors.concrete.models import BatchingRecord, ChlorideTest, DeliveryTicket, MixDesign
from tests.concrete_world import RULE, SECOND, at, batch, fired_rows, subjects, world  # noqa: F401 (world: the fixture)


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
    row = fired_rows(RULE["concrete.mix_design"])[0]
    assert (row["message_zh"], row["message_en"]) == ("使用未审批配合比 M2（已报审）生产 1 盘",
                                                      "1 batches produced with mix M2 (Submitted), not approved")


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
    # The exposure class by its label in each message's language, never the code "humid".
    assert rows[0]["message_zh"] == "生产记录 B0001 氯离子含量 0.201% 超过限值 0.20%（钢筋混凝土，潮湿但不含氯离子环境）"
    assert rows[0]["message_en"] == "Batch B0001: chloride 0.201% over the limit of 0.20% (Reinforced, humid without chlorides)"


def test_chloride_of_a_mix_computed_or_tested(world):
    MixDesign.objects.filter(pk=world.mix.pk).update(exposure_class="prestressed", chloride_pct=Decimal("0.060"))
    ChlorideTest.objects.filter(source_id="CL1").update(chloride_pct=Decimal("0.06"))
    assert subjects(RULE["concrete.chloride"]) == []
    ChlorideTest.objects.create(plant=world.plant, source_id="CL2", mix=world.mix, chloride_pct=Decimal("0.061"),
                                tested_at=at(3))
    assert subjects(RULE["concrete.chloride"]) == ["mix:M1"]
    row = fired_rows(RULE["concrete.chloride"])[0]
    assert (row["message_zh"], row["message_en"]) == ("配合比 M1 氯离子含量 0.061% 超过限值 0.06%（预应力混凝土）",
                                                      "Mix M1: chloride 0.061% over the limit of 0.06% (Prestressed)")


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
