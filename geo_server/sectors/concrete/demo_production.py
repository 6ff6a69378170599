"""A year of synthetic production at the demo concrete plants, deterministic per seed and labelled
synthetic (the lines and suppliers carry `synthetic`, every row a 'DEMO-' id or the plant's code):
lines, suppliers and their approvals, three mix designs per plant, then the set-based statements of
demo_production_sql.py, then one defect on each of twenty plants, the enterprises' own first
(demo_defects.py), so that each of the 20 warnings fires somewhere while most batches stay clean;
finally every month before `today` is closed into evaluation batches (acceptance.close_month).

`scale` multiplies the batches a plant makes a day (3 at scale 1: about 65,000 batches a year over
60 plants; scale 80 reaches about 5,000,000). A plant with demo mixes is loaded already and left
alone, so a second run adds nothing."""

import json
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from geo_server.features.models import Feature
from geo_server.partitions import ensure_months
from geo_server.sectors.concrete import demo_defects
from geo_server.sectors.concrete import demo_production_sql as sql
from geo_server.sectors.concrete.acceptance import close_month, month_bounds
from geo_server.sectors.concrete.models import MixDesign, MixingLine, Supplier, SupplierApproval
from geo_server.demo.credit_codes import credit_code

BATCHES_PER_DAY = 3
NEAREST_SITES = 8
SUPPLIERS = {  # two synthetic suppliers per material
    "cement": ("广州越秀水泥厂", "英德海螺水泥有限公司"), "fly_ash": ("黄埔电厂粉煤灰公司", "珠江电厂粉煤灰公司"),
    "sand": ("西江砂石有限公司", "北江河砂有限公司"), "machine_sand": ("清远机制砂有限公司", "从化石场机制砂公司"),
    "stone": ("花都石场", "增城碎石有限公司"), "admixture": ("华南外加剂有限公司", "穗建化工外加剂厂"),
}
# code, grade, exposure class, environment category, cement, fly ash, water, sand, stone, admixture, w/b, binder
MIXES = (("DM1", "C25", "dry", "1", 280, 60, 170, 800, 1050, 6, "0.50", 340),
         ("DM2", "C30", "humid", "2a", 320, 60, 171, 760, 1060, 7, "0.45", 380),
         ("DM3", "C40", "humid", "2a", 390, 60, 171, 700, 1080, 9, "0.38", 450))


def load_concrete(seed: int = 20260101, scale: int = 1, log=print, today: date | None = None, days: int = 365,
                  plants=None) -> dict[str, int]:
    """Load production onto `plants` (default every concrete plant) not loaded yet; returns counts added."""
    today = today or timezone.localdate()
    plants = plants if plants is not None else Feature.objects.filter(kind="concrete_plant")
    todo = list(plants.exclude(mix_designs__code="DM1").order_by("code"))
    counts: dict[str, int] = {}
    sites = Feature.objects.filter(kind="construction_site").count()
    if not todo or not sites:
        log("concrete production: nothing to load" + ("" if sites else " (no construction sites)"))
        return counts
    first, last = today - timedelta(days=days), today - timedelta(days=1)
    with transaction.atomic():
        # Batching records are stamped two minutes before their batch: a day's margin covers the months.
        ensure_months("concrete_batchingrecord", first - timedelta(days=1), last)
        suppliers = reference_data(todo, first, today)
        params = {"plants": [p.pk for p in todo], "seed": str(seed), "first": first, "last": last, "today": today,
                  "per_day": BATCHES_PER_DAY * scale, "tz": sql.TZ, "nearest": min(NEAREST_SITES, sites),
                  "suppliers": suppliers}
        with connection.cursor() as cursor:
            for label, statement in sql.STEPS:
                started = time.monotonic()
                cursor.execute(statement, params)
                counts[label] = cursor.rowcount
                log(f"concrete {label}: {cursor.rowcount} in {time.monotonic() - started:.1f} s")
        owned_first = sorted(todo, key=lambda plant: (plant.organisation_id is None, plant.code))
        counts["defects"] = demo_defects.apply(owned_first[:len(demo_defects.DEFECTS)], today)
        counts["evaluation_batches"] = close_months(first, today, [p.pk for p in todo])
    return counts


def reference_data(plants: list, first: date, today: date) -> str:
    """Suppliers, two lines, approvals and three mixes per plant; returns {material: [supplier ids]} as JSON."""
    ids = {}
    for material, names in SUPPLIERS.items():
        ids[material] = [Supplier.objects.get_or_create(credit_code=credit_code(f"concrete-supplier:{name}"),
                                                        defaults={"name": name, "synthetic": True})[0].pk
                         for name in names]
    verified, approved = today - timedelta(days=100), first - timedelta(days=60)
    approved_at = timezone.make_aware(datetime.combine(first - timedelta(days=30), datetime.min.time()))
    MixingLine.objects.bulk_create([MixingLine(plant=p, code=f"L{n}", metering_equipment=f"计量系统 {n}#",
                                               last_verified_on=verified, synthetic=True)
                                    for p in plants for n in (1, 2)], ignore_conflicts=True)
    SupplierApproval.objects.bulk_create([SupplierApproval(plant=p, supplier_id=s, material_type=m, approved_on=approved)
                                          for p in plants for m, pair in ids.items() for s in pair],
                                         ignore_conflicts=True)
    MixDesign.objects.bulk_create([
        MixDesign(plant=p, code=code, grade=grade, exposure_class=exposure, environment_category=env, cement_kg=cement,
                  fly_ash_kg=ash, water_kg=water, sand_kg=sand, stone_kg=stone, admixture_kg=admixture,
                  water_binder_ratio=Decimal(wb), binder_kg=binder, chloride_pct=Decimal("0.05"),
                  approval_state="approved", approved_at=approved_at)
        for p in plants for code, grade, exposure, env, cement, ash, water, sand, stone, admixture, wb, binder in MIXES],
        ignore_conflicts=True)
    return json.dumps(ids)


def close_months(first: date, today: date, plant_ids: list[int]) -> int:
    """Close every calendar month from `first` whose last day is before `today`; returns batches judged."""
    judged, day = 0, first.replace(day=1)
    while month_bounds(day)[1] < today:
        judged += len(close_month(day, plant_ids))
        day = month_bounds(day)[1] + timedelta(days=1)
    return judged
