"""A hand-made concrete world for the 20 rules (tests/test_concrete_rules.py), clean for every rule:
each test breaks one thing at a rule's limit and just past it. `fired_rows` runs one SqlRule's
statement the way the sweep does (rule_params over every plant).

Plant P1 (Haizhu, enterprise 丙混凝土): certificate and laboratory qualification valid to 2027-12-31;
line L1 verified 2026-01-10; supplier S1 approved for every material from 2026-01-01.
  mix M1: C30, humid (chloride <= 0.20%), environment 2a (w/b <= 0.55), w/b 0.45, binder 380 kg/m³,
          computed chloride 0.05%, approved 2026-05-01
  lots (arrived 2026-06-01 08:00, recorded 09:00, self-tested 10:00, passed):
          LC1 cement 100 t made 2026-05-20; LS1 natural sand 200 t (mud 2.0%);
          LM1 machine-made sand 50 t (certificate to 2027-01-01, MB 1.0, stone powder 8.0%)
  order O1 to site CS1 (permit P-001), approved 2026-05-10
  batches B0001 (08:00) and B0002 (09:00) on 2026-06-02, 10 m³ each, shift 2026-06-02/day; each batched
          exactly on target: cement 3800 kg (LC1), water 1710, sand 7000 (LS1), machine sand 1000 (LM1)
  ticket T1: B0001 to CS1; specimen group G1 from B0001 cast 2026-06-02, standard curing, untested;
  chloride test of B0001: 0.05%.
TODAY is 2026-06-15.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from geo_server.accounts.models import Organisation
from geo_server.sectors.concrete.models import (Batch, BatchingRecord, ChlorideTest, ConcretePlantDetail,
                                               DeliveryTicket, MaterialLot, MixDesign, MixingLine, Order, SelfTest,
                                               SpecimenGroup, Supplier, SupplierApproval)
from geo_server.sectors.concrete.rules import RULES
from geo_server.sectors.worksites.models import ConstructionSiteDetail
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area, point_feature
from tests.sql_rules import fired_rows as rule_rows

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 6, 15)
MATERIALS = ("cement", "water", "sand", "machine_sand")
PER_M3 = {"cement": 380, "water": 171, "sand": 700, "machine_sand": 100}


def at(day: int, hour: int = 8, minute: int = 0, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def fired_rows(rule, today: date = TODAY, params: dict | None = None) -> list[dict]:
    """The rows `rule` yields for every plant, its defaults merged with `params`; sorted by subject."""
    return rule_rows(rule, "concrete_plant", today, params)


def subjects(rule, today: date = TODAY, **params) -> list[str]:
    return [row["subject"] for row in fired_rows(rule, today, params)]


def db_now() -> datetime:
    """The transaction's now(), which rules 3 and 17 compare with."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


@dataclass
class ConcreteWorld:
    plant: object
    line: MixingLine
    supplier: Supplier
    mix: MixDesign
    order: Order
    site: object
    lots: dict
    batches: dict
    group: SpecimenGroup


def lot(plant, source_id: str, material: str, supplier=None, **fields) -> MaterialLot:
    values = {"quantity_t": Decimal("100"), "arrived_at": at(1, 8), "recorded_at": at(1, 9), "has_certificate": True,
              "has_test_report": True, "supplier_lot_no": f"SL-{source_id}", "weighbridge_ticket": f"W-{source_id}"}
    return MaterialLot.objects.create(plant=plant, source_id=source_id, material_type=material, supplier=supplier,
                                      **{**values, **fields})


def self_test(target: MaterialLot, item: str, result, limit=None, kind="max", passed=True, tested_at=None) -> SelfTest:
    return SelfTest.objects.create(plant=target.plant, source_id=f"T-{target.source_id}-{item}-{SelfTest.objects.count()}",
                                   lot=target, item=item, result=Decimal(str(result)),
                                   limit_value=None if limit is None else Decimal(str(limit)), limit_kind=kind,
                                   passed=passed, tested_at=tested_at or at(1, 10))


def record(plant, serial: str, material: str, target, actual, when: datetime, line=None, target_lot=None,
           batch=None) -> BatchingRecord:
    return BatchingRecord.objects.create(plant=plant, source_id=f"R-{serial}-{material}-{BatchingRecord.objects.count()}",
                                         batch=batch, serial=serial, line=line, material_type=material, lot=target_lot,
                                         target_kg=Decimal(str(target)), actual_kg=Decimal(str(actual)),
                                         batched_at=when)


def batch(plant, serial: str, when: datetime, line, mix, order, lots: dict, volume="10",
          records=True, **fields) -> Batch:
    made = Batch.objects.create(plant=plant, line=line, serial=serial, produced_at=when, mix=mix,
                                grade=fields.pop("grade", mix.grade if mix else "C30"),
                                volume_m3=None if volume is None else Decimal(volume), order=order,
                                shift=fields.pop("shift", when.strftime("%Y-%m-%d") + "/day"), **fields)
    if records:
        for material in MATERIALS:
            kg = PER_M3[material] * Decimal(volume or "10")
            record(plant, serial, material, kg, kg, when, line, lots.get(material), made)
    return made


def build_concrete_world() -> ConcreteWorld:
    enterprise = Organisation.objects.create(name="丙混凝土有限公司", type="enterprise", jurisdiction=area("440100"))
    plant = point_feature("P1", *CANTON_TOWER, kind="concrete_plant", organisation=enterprise, name="丙混凝土一厂")
    ConcretePlantDetail.objects.create(feature=plant, enterprise=enterprise.name, licence_no="D144010001",
                                       annual_capacity_m3=300_000, mixer_count=1,
                                       licence_expires_on=date(2027, 12, 31), lab_qualification_no="L144010001",
                                       lab_qualification_expires_on=date(2027, 12, 31))
    line = MixingLine.objects.create(plant=plant, code="L1", metering_equipment="称量系统 A",
                                     last_verified_on=date(2026, 1, 10))
    supplier = Supplier.objects.create(credit_code="91440101MA0000S001", name="甲建材")
    for material in ("cement", "sand", "machine_sand", "stone", "fly_ash", "slag", "admixture"):
        SupplierApproval.objects.create(plant=plant, supplier=supplier, material_type=material,
                                        approved_on=date(2026, 1, 1))
    site = point_feature("CS1", *TIANHE_SPORTS_CENTER, kind="construction_site", name="工地一")
    ConstructionSiteDetail.objects.create(feature=site, permit_no="P-001", general_contractor="乙建筑",
                                          started_on=date(2026, 1, 1), planned_completion=date(2027, 1, 1),
                                          registered_workers=10, wage_account_bank="工商银行")
    mix = MixDesign.objects.create(plant=plant, code="M1", grade="C30", exposure_class="humid",
                                   environment_category="2a", cement_kg=380, water_kg=171, sand_kg=700,
                                   stone_kg=1000, water_binder_ratio=Decimal("0.45"), binder_kg=Decimal("380"),
                                   chloride_pct=Decimal("0.05"), approval_state="approved", approved_at=at(1, 0, month=5))
    lots = {"cement": lot(plant, "LC1", "cement", supplier, manufactured_at=date(2026, 5, 20)),
            "sand": lot(plant, "LS1", "sand", supplier, quantity_t=Decimal("200")),
            "machine_sand": lot(plant, "LM1", "machine_sand", supplier, quantity_t=Decimal("50"),
                                sand_certificate_no="MS-1", sand_certificate_expires_on=date(2027, 1, 1),
                                mb_value=Decimal("1.0"), stone_powder_pct=Decimal("8.0"))}
    self_test(lots["cement"], "setting_time", 180, 600)
    self_test(lots["sand"], "mud_content", "2.0", "3.0")
    self_test(lots["machine_sand"], "mb_value", "1.0", "1.4")
    order = Order.objects.create(plant=plant, source_id="O1", customer="乙建筑", site=site, part_poured="3F 楼板",
                                 grade="C30", mix=mix, volume_m3=Decimal("100"), approved_at=at(10, 0, month=5))
    batches = {serial: batch(plant, serial, at(2, hour), line, mix, order, lots)
               for serial, hour in (("B0001", 8), ("B0002", 9))}
    DeliveryTicket.objects.create(plant=plant, source_id="T1", batch=batches["B0001"], site=site, truck="粤A12345",
                                  delivered_at=at(2, 9))
    group = SpecimenGroup.objects.create(plant=plant, source_id="G1", batch=batches["B0001"], cast_date=date(2026, 6, 2))
    ChlorideTest.objects.create(plant=plant, source_id="CL1", batch=batches["B0001"], chloride_pct=Decimal("0.05"),
                                tested_at=at(2, 10))
    return ConcreteWorld(plant, line, supplier, mix, order, site, lots, batches, group)


RULE = {rule.code: rule for rule in RULES}
SECOND = timedelta(seconds=1)


@pytest.fixture
def world(db):
    """The clean world, as the rule tests' fixture (imported by them)."""
    return build_concrete_world()


def with_strength(group: SpecimenGroup, value: str) -> None:
    group.test_date, group.group_value_mpa = date(2026, 6, 30), Decimal(value)
    group.strength_1_mpa = group.strength_2_mpa = group.strength_3_mpa = Decimal(value)
    group.save()
