"""Production: mix designs (配合比), orders, batches (盘/车, by serial 流水号), their batching records
(投料) and delivery tickets (batch -> construction site)."""

from django.contrib.postgres.indexes import BrinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.sectors.concrete.models.materials import MaterialLot
from geo_server.sectors.concrete.models.plants import PLANT, MixingLine
from geo_server.sectors.concrete.models.vocabulary import EnvironmentCategory, ExposureClass, Grade, MaterialType

SITE = {"kind": "construction_site"}


def _kg(label):
    return models.DecimalField(label, max_digits=7, decimal_places=2, default=0)


class MixDesign(models.Model):
    """A mix design: grade, exposure class and the proportions of one m³ (rules 11, 14, 16)."""

    class Approval(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="mix_designs",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    code = models.CharField(_("code"), max_length=40)
    grade = models.CharField(_("strength grade"), max_length=3, choices=Grade.choices)
    exposure_class = models.CharField(_("exposure class (chloride)"), max_length=16, choices=ExposureClass.choices)
    environment_category = models.CharField(_("environment category"), max_length=2, blank=True,
                                            choices=EnvironmentCategory.choices)
    cement_kg = _kg(_("cement (kg/m³)"))
    fly_ash_kg = _kg(_("fly ash (kg/m³)"))
    slag_kg = _kg(_("slag (kg/m³)"))
    water_kg = _kg(_("water (kg/m³)"))
    sand_kg = _kg(_("sand (kg/m³)"))
    stone_kg = _kg(_("stone (kg/m³)"))
    admixture_kg = _kg(_("admixture (kg/m³)"))
    water_binder_ratio = models.DecimalField(_("water-binder ratio"), max_digits=4, decimal_places=3)
    binder_kg = models.DecimalField(_("binder content (kg/m³)"), max_digits=7, decimal_places=2)
    # Computed chloride of the mix (% of cement mass), when the plant declares one (rule 14).
    chloride_pct = models.DecimalField(_("computed chloride (%)"), max_digits=5, decimal_places=3, null=True,
                                       blank=True)
    approval_state = models.CharField(_("approval"), max_length=10, choices=Approval.choices,
                                      default=Approval.DRAFT)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mix design")
        verbose_name_plural = _("mix designs")
        constraints = [models.UniqueConstraint(fields=["plant", "code"], name="concrete_mix_plant_code")]

    def __str__(self):
        return f"{self.code} {self.grade}"


class Order(models.Model):
    """A customer's order: where the concrete goes (a construction site feature) and for which part."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="concrete_orders",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    source_id = models.CharField(_("order no."), max_length=64)
    customer = models.CharField(_("customer"), max_length=120)
    site = models.ForeignKey("features.Feature", models.SET_NULL, null=True, blank=True,
                             related_name="concrete_orders_received", limit_choices_to=SITE,
                             verbose_name=_("construction site"))
    part_poured = models.CharField(_("part poured"), max_length=120, blank=True)
    grade = models.CharField(_("strength grade"), max_length=3, choices=Grade.choices)
    mix = models.ForeignKey(MixDesign, models.PROTECT, null=True, blank=True, related_name="orders",
                            verbose_name=_("mix design"))
    volume_m3 = models.DecimalField(_("volume (m³)"), max_digits=9, decimal_places=2)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [models.UniqueConstraint(fields=["plant", "source_id"], name="concrete_order_source")]


class Batch(models.Model):
    """One batch (盘/车) as the plant's control system numbered it. Grade and volume may arrive
    empty: rule 12 reports them rather than ingestion refusing the row.

    The feeds' merge is the only writer of batches, tickets and batching records, and resolves every
    reference by a join: the database keeps the constraints a delete must cascade along (plant,
    batch) and drops the others, whose triggers cost ~2/3 of a batch's merge (bench/README.md).
    Django still applies on_delete (SET_NULL) for them."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="concrete_batches",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    # The (line, produced_at) and (mix, produced_at) indexes lead with them: no index of their own.
    # Line, mix and order carry no constraint in the database (see the class's docstring).
    line = models.ForeignKey(MixingLine, models.SET_NULL, null=True, blank=True, db_index=False,
                             db_constraint=False, related_name="batches", verbose_name=_("mixing line"))
    serial = models.CharField(_("serial"), max_length=40)
    produced_at = models.DateTimeField(_("produced at"))
    mix = models.ForeignKey(MixDesign, models.SET_NULL, null=True, blank=True, db_index=False,
                            db_constraint=False, related_name="batches", verbose_name=_("mix design"))
    grade = models.CharField(_("strength grade"), max_length=3, blank=True, choices=Grade.choices)
    volume_m3 = models.DecimalField(_("volume (m³)"), max_digits=6, decimal_places=2, null=True, blank=True)
    order = models.ForeignKey(Order, models.SET_NULL, null=True, blank=True, db_constraint=False,
                              related_name="batches", verbose_name=_("order"))
    shift = models.CharField(_("shift"), max_length=20, blank=True)  # e.g. 2026-12-01/day
    received_at = models.DateTimeField(_("received by the server"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [models.UniqueConstraint(fields=["plant", "serial"], name="concrete_batch_serial")]
        indexes = [
            models.Index(fields=["plant", "produced_at"], name="concrete_batch_plant_time"),
            models.Index(fields=["line", "produced_at"], name="concrete_batch_line_time"),
            models.Index(fields=["mix", "produced_at"], name="concrete_batch_mix_time"),
            BrinIndex(fields=["produced_at"], name="concrete_batch_time_brin"),
        ]

    def __str__(self):
        return self.serial


class BatchingRecord(models.Model):
    """One material's target and actual mass in one batch (投料). It names its batch by serial; the
    serial may match no batch (rule 17), so `batch` is filled when it does, now or when it comes.

    The most numerous rows (7-10 a batch): no foreign-key constraints in the database, since the feeds'
    merge (ingest_sql.MERGE_BATCHING) is their only writer and resolves every id by a join, and four
    constraint triggers a row halved ingestion (bench/README.md). Django still applies on_delete.

    Partitioned by month of `batched_at` in the database (migration 0007; geo_server/partitions.py
    makes and retires the months), so the natural key holds the time: the merge refuses a record id
    sent again with another time, which keeps it one row per plant."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, db_constraint=False,
                              related_name="+", limit_choices_to=PLANT, verbose_name=_("plant"))
    source_id = models.CharField(max_length=64)
    batch = models.ForeignKey(Batch, models.SET_NULL, null=True, blank=True, db_constraint=False,
                              related_name="batching_records", verbose_name=_("batch"))
    serial = models.CharField(_("serial sent"), max_length=40)
    line = models.ForeignKey(MixingLine, models.SET_NULL, null=True, blank=True, db_index=False,
                             db_constraint=False, related_name="+", verbose_name=_("mixing line"))
    material_type = models.CharField(_("material type"), max_length=20, choices=MaterialType.choices)
    lot = models.ForeignKey(MaterialLot, models.SET_NULL, null=True, blank=True, db_constraint=False,
                            related_name="usages", verbose_name=_("lot"))
    target_kg = models.DecimalField(_("target (kg)"), max_digits=9, decimal_places=2)
    actual_kg = models.DecimalField(_("actual (kg)"), max_digits=9, decimal_places=2)
    batched_at = models.DateTimeField(_("batched at"))
    received_at = models.DateTimeField(_("received by the server"), auto_now_add=True)

    class Meta:
        verbose_name = _("batching record")
        verbose_name_plural = _("batching records")
        constraints = [models.UniqueConstraint(fields=["plant", "source_id", "batched_at"],
                                               name="concrete_batching_source")]
        indexes = [
            models.Index(fields=["plant", "serial"], name="concrete_batching_serial"),
            BrinIndex(fields=["batched_at"], name="concrete_batching_time_brin"),
            # serial rides along so rule 17 reads each line's records in time order from the index alone.
            models.Index(fields=["line", "batched_at"], include=["serial"], name="concrete_batching_line_serial"),
        ]


class DeliveryTicket(models.Model):
    """A delivery ticket (发货单): which batch went to which site, when, on which truck. Its plant and
    site carry no constraint in the database (see Batch); its batch does."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, db_constraint=False,
                              related_name="+", limit_choices_to=PLANT, verbose_name=_("plant"))
    source_id = models.CharField(_("ticket no."), max_length=64)
    batch = models.ForeignKey(Batch, models.CASCADE, related_name="tickets", verbose_name=_("batch"))
    site = models.ForeignKey("features.Feature", models.SET_NULL, null=True, blank=True, db_index=False,
                             db_constraint=False, related_name="+", limit_choices_to=SITE,
                             verbose_name=_("construction site"))
    truck = models.CharField(_("truck"), max_length=20, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"))

    class Meta:
        verbose_name = _("delivery ticket")
        verbose_name_plural = _("delivery tickets")
        constraints = [models.UniqueConstraint(fields=["plant", "source_id"], name="concrete_ticket_source")]
        indexes = [models.Index(fields=["site", "delivered_at"], name="concrete_ticket_site")]
