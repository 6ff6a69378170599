"""A hand-checked world for the trace (tests/test_concrete_trace.py): 2 plants, 5 batches, 3 sites.

Plant P1 (Haizhu, Canton Tower), mix M1 C30 humid; plant P2 (Yuexiu Park), mix M2 C30 humid.
Supplier 乙水泥 delivered cement lot SN-77 to both plants (P1: LC1, P2: LC2); sand from 甲建材 (LS1, LS2).
  B1 P1 06-02 08:00 LC1+LS1 -> CS1 (Tianhe) 3F 楼板     group 35.0 MPa
  B2 P1 06-02 09:00 LC1+LS1 -> CS2 (Haizhu) 基础承台   chloride 0.25 % (> 0.20)
  B3 P1 06-03 08:00 LC1+LS1 -> CS1 (Tianhe) 4F 柱
  B4 P2 06-02 08:00 LC2+LS2 -> CS3 (Conghua) 桩基       group 36.0 MPa
  B5 P2 06-03 08:00 LC2+LS2 -> CS1 (Tianhe) 5F 梁       group 38.0 MPa
P1's evaluation batch for M1, June 2026, closed and failed: B1, B2, B3 are failed, B4 and B5 passed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from geo_server.accounts.models import Organisation
from geo_server.sectors.concrete.models import (ChlorideTest, DeliveryTicket, EvaluationBatch, MixDesign,
                                               MixingLine, Order, SpecimenGroup, Supplier)
from tests.concrete_world import at, batch, lot
from tests.conftest import CANTON_TOWER, CONGHUA_CENTER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, area, point_feature

HAIZHU_SITE = (113.3300, 23.1000)


@dataclass
class TraceWorld:
    plants: dict
    sites: dict
    batches: dict
    lots: dict
    evaluation: EvaluationBatch
    chloride: ChlorideTest


def _plant(code, where, enterprise_name, name):
    enterprise = Organisation.objects.create(name=enterprise_name, type="enterprise", jurisdiction=area("440100"))
    plant = point_feature(code, *where, kind="concrete_plant", organisation=enterprise, name=name)
    line = MixingLine.objects.create(plant=plant, code="L1", last_verified_on=date(2026, 1, 10))
    mix = MixDesign.objects.create(plant=plant, code="M" + code[-1], grade="C30", exposure_class="humid",
                                   environment_category="2a", cement_kg=380, water_kg=171, sand_kg=700,
                                   stone_kg=1000, water_binder_ratio=Decimal("0.45"), binder_kg=Decimal("380"),
                                   approval_state="approved", approved_at=at(1, 0, month=5))
    return plant, line, mix


def build_trace_world() -> TraceWorld:
    p1, line1, m1 = _plant("P1", CANTON_TOWER, "丙混凝土有限公司", "丙混凝土一厂")
    p2, line2, m2 = _plant("P2", YUEXIU_PARK, "丁混凝土有限公司", "丁混凝土二厂")
    cement = Supplier.objects.create(credit_code="91440101MA0000S002", name="乙水泥")
    sand = Supplier.objects.create(credit_code="91440101MA0000S001", name="甲建材")
    lots = {"LC1": lot(p1, "LC1", "cement", cement, supplier_lot_no="SN-77"),
            "LS1": lot(p1, "LS1", "sand", sand),
            "LC2": lot(p2, "LC2", "cement", cement, supplier_lot_no="SN-77"),
            "LS2": lot(p2, "LS2", "sand", sand)}
    sites = {code: point_feature(code, *where, kind="construction_site", name=name) for code, where, name in (
        ("CS1", TIANHE_SPORTS_CENTER, "天河工地"), ("CS2", HAIZHU_SITE, "海珠工地"), ("CS3", CONGHUA_CENTER, "从化工地"))}
    plan = (("B1", p1, line1, m1, at(2, 8), "CS1", "3F 楼板"), ("B2", p1, line1, m1, at(2, 9), "CS2", "基础承台"),
            ("B3", p1, line1, m1, at(3, 8), "CS1", "4F 柱"), ("B4", p2, line2, m2, at(2, 8), "CS3", "桩基"),
            ("B5", p2, line2, m2, at(3, 8), "CS1", "5F 梁"))
    batches = {}
    for serial, plant, line, mix, when, site, part in plan:
        order = Order.objects.create(plant=plant, source_id="O-" + serial, customer="乙建筑", site=sites[site],
                                     part_poured=part, grade="C30", mix=mix, volume_m3=Decimal("10"),
                                     approved_at=at(10, 0, month=5))
        n = plant.code[-1]
        batches[serial] = batch(plant, serial, when, line, mix, order,
                                {"cement": lots["LC" + n], "sand": lots["LS" + n]})
        DeliveryTicket.objects.create(plant=plant, source_id="T-" + serial, batch=batches[serial], site=sites[site],
                                      truck="粤A1234" + serial[-1], delivered_at=when)
    for serial, value in (("B1", "35.0"), ("B4", "36.0"), ("B5", "38.0")):
        SpecimenGroup.objects.create(plant=batches[serial].plant, source_id="G-" + serial, batch=batches[serial],
                                     cast_date=batches[serial].produced_at.date(), test_date=date(2026, 6, 30),
                                     group_value_mpa=Decimal(value))
    chloride = ChlorideTest.objects.create(plant=p1, source_id="CL-B2", batch=batches["B2"],
                                           chloride_pct=Decimal("0.25"), tested_at=at(2, 10))
    evaluation = EvaluationBatch.objects.create(plant=p1, mix=m1, grade="C30", period_start=date(2026, 6, 1),
                                                period_end=date(2026, 6, 30), groups=1, values_mpa=["35.0"],
                                                method="non-statistical", passed=False, mean_mpa=Decimal("35.0"),
                                                minimum_mpa=Decimal("35.0"), closed_at=timezone.now())
    return TraceWorld({"P1": p1, "P2": p2}, sites, batches, lots, evaluation, chloride)
