"""The demo's realistic failures: one defect on each of the first twenty plants (DEFECTS), each
breaking exactly one of the 20 warnings of rules.py on a few rows of an otherwise clean year, so that
every rule fires somewhere and most batches stay clean. Rules 3 and 17 compare with the database's
now(), so those two defects are placed relative to it."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from geo_server.sectors.concrete.models import (Batch, BatchingRecord, ChlorideTest, ConcretePlantDetail,
                                               MaterialLot, MixDesign, MixingLine, SelfTest, SpecimenGroup)


def _lot(plant, material: str, today: date) -> MaterialLot:
    """The plant's demo lot of `material` for the month before today's (fully used already)."""
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y%m")
    return MaterialLot.objects.get(plant=plant, source_id=f"DEMO-{plant.code}-{month}-{material}")


def _batch(plant, today: date, days_ago: int = 20) -> Batch:
    day = today - timedelta(days=days_ago)
    return Batch.objects.filter(plant=plant, serial__startswith=f"{plant.code}-{day:%Y%m%d}").order_by("serial").first()


def licence_expiring(plant, today):
    ConcretePlantDetail.objects.filter(feature=plant).update(licence_expires_on=today + timedelta(days=20))


def verification_overdue(plant, today):
    MixingLine.objects.filter(plant=plant, code="L1").update(last_verified_on=today - timedelta(days=400))


def batch_without_records(plant, today):
    made = _batch(plant, today, 1)
    Batch.objects.create(plant=plant, line=made.line, serial=f"{plant.code}-{today:%Y%m%d}9000",
                         produced_at=timezone.now() - timedelta(minutes=40), mix=made.mix, grade=made.grade,
                         volume_m3=Decimal("8"), order=made.order, shift=f"{today:%Y-%m-%d}/day")


def mud_over_limit(plant, today):
    lot = _lot(plant, "sand", today)
    SelfTest.objects.create(plant=plant, source_id=f"ST-RETEST-{lot.source_id}", lot=lot, item="mud_content",
                            result=Decimal("3.6"), limit_value=Decimal("3.0"), passed=False,
                            tested_at=lot.arrived_at + timedelta(days=3))


def used_untested(plant, today):
    SelfTest.objects.filter(lot=_lot(plant, "admixture", today)).delete()


def no_certificate(plant, today):
    MaterialLot.objects.filter(pk=_lot(plant, "stone", today).pk).update(has_certificate=False, certificate_no="")


def cement_expired(plant, today):
    lot = _lot(plant, "cement", today)
    MaterialLot.objects.filter(pk=lot.pk).update(manufactured_at=lot.arrived_at.date() - timedelta(days=80))


def recorded_late(plant, today):
    MaterialLot.objects.filter(pk=_lot(plant, "fly_ash", today).pk).update(recorded_at=F("arrived_at") + timedelta(hours=30))


def overused(plant, today):
    MaterialLot.objects.filter(pk=_lot(plant, "machine_sand", today).pk).update(quantity_t=Decimal("5"))


def duplicate_ticket(plant, today):
    lot = _lot(plant, "stone", today)
    twin = MaterialLot.objects.create(
        plant=plant, source_id=lot.source_id + "-2", supplier=lot.supplier, material_type="stone",
        specification=lot.specification, quantity_t=lot.quantity_t, supplier_lot_no=lot.supplier_lot_no + "-2",
        weighbridge_ticket=lot.weighbridge_ticket, arrived_at=lot.arrived_at + timedelta(days=1),
        recorded_at=lot.recorded_at + timedelta(days=1), has_certificate=True, certificate_no=lot.certificate_no,
        has_test_report=True)
    SelfTest.objects.create(plant=plant, source_id=f"ST-{twin.source_id}", lot=twin, item="crushing_value_pct",
                            result=10, limit_value=16, passed=True, tested_at=twin.arrived_at + timedelta(hours=2))


def water_binder_too_high(plant, today):
    mix = MixDesign.objects.get(plant=plant, code="DM2")
    mix.pk, mix.code, mix.water_kg, mix.water_binder_ratio = None, "DM2-W", Decimal("228"), Decimal("0.60")
    mix.save()


def volume_missing(plant, today):
    Batch.objects.filter(pk=_batch(plant, today).pk).update(volume_m3=None)


def cement_overdosed(plant, today):
    BatchingRecord.objects.filter(batch=_batch(plant, today), material_type="cement").update(
        actual_kg=F("target_kg") * Decimal("1.05"))


def chloride_over(plant, today):
    made = _batch(plant, today)
    ChlorideTest.objects.create(plant=plant, source_id=f"CL-RETEST-{made.serial}", batch=made,
                                chloride_pct=Decimal("0.35"), tested_at=made.produced_at + timedelta(hours=4))


def shift_without_specimens(plant, today):
    SpecimenGroup.objects.filter(batch__in=Batch.objects.filter(
        plant=plant, serial__startswith=f"{plant.code}-{today - timedelta(days=10):%Y%m%d}")).delete()


def order_approved_late(plant, today):
    order = _batch(plant, today).order
    order.approved_at = order.batches.order_by("produced_at").first().produced_at + timedelta(hours=1)
    order.save(update_fields=["approved_at"])


def orphan_serial(plant, today):
    made = _batch(plant, today, 1)
    BatchingRecord.objects.create(plant=plant, source_id=f"ORPHAN-{plant.code}", serial=f"{plant.code}-X9999",
                                  line=made.line, material_type="cement", target_kg=Decimal("3000"),
                                  actual_kg=Decimal("3000"), batched_at=timezone.now() - timedelta(hours=2))


def weak_month(plant, today):
    """A month of one mix 20 % under strength: its evaluation batch fails when the month closes."""
    day = today - timedelta(days=45)
    SpecimenGroup.objects.filter(plant=plant, batch__mix__code="DM2", cast_date__year=day.year,
                                 cast_date__month=day.month, group_value_mpa__isnull=False).update(
        group_value_mpa=F("group_value_mpa") * Decimal("0.8"), strength_1_mpa=F("strength_1_mpa") * Decimal("0.8"),
        strength_2_mpa=F("strength_2_mpa") * Decimal("0.8"), strength_3_mpa=F("strength_3_mpa") * Decimal("0.8"))


def untested_group(plant, today):
    SpecimenGroup.objects.filter(pk=SpecimenGroup.objects.filter(plant=plant, cast_date__lte=today - timedelta(days=40))
                                 .order_by("-cast_date").values("pk")[:1]).update(
        test_date=None, group_value_mpa=None, strength_1_mpa=None, strength_2_mpa=None, strength_3_mpa=None)


def sand_mb_high(plant, today):
    MaterialLot.objects.filter(pk=_lot(plant, "machine_sand", today).pk).update(mb_value=Decimal("1.8"))


# (rule code, defect): the plant at index i gets DEFECTS[i]. The demo enterprises' own plants come
# first (demo_production), so their accounts see a specimen group past 28 days, a failed evaluation
# batch and a chloride test over its limit, the warnings the district offices trace to sites.
DEFECTS = (
    ("concrete.past_28_days", untested_group), ("concrete.strength_evaluation", weak_month),
    ("concrete.chloride", chloride_over), ("concrete.basic", licence_expiring),
    ("concrete.equipment", verification_overdue), ("concrete.batching_online", batch_without_records),
    ("concrete.selftest_abnormal", mud_over_limit), ("concrete.selftest_missing", used_untested),
    ("concrete.material_entry", no_certificate), ("concrete.material_timeout", cement_expired),
    ("concrete.late_entry", recorded_late), ("concrete.usage", overused), ("concrete.duplicate", duplicate_ticket),
    ("concrete.mix_design", water_binder_too_high), ("concrete.production_info", volume_missing),
    ("concrete.batching_deviation", cement_overdosed), ("concrete.specimen_groups", shift_without_specimens),
    ("concrete.approval", order_approved_late), ("concrete.invalid_serial", orphan_serial),
    ("concrete.machine_sand", sand_mb_high),
)


def apply(plants: list, today: date) -> int:
    for plant, (_code, defect) in zip(plants, DEFECTS):
        defect(plant, today)
    return min(len(plants), len(DEFECTS))
