"""Raw materials: lots entered at the weighbridge (进场), their self-tests (自检) and stock readings.
A lot's usage is the sum of the batching records that name it (production.BatchingRecord)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.sectors.concrete.models.plants import PLANT, Supplier
from geo_server.sectors.concrete.models.vocabulary import MaterialType


class MaterialLot(models.Model):
    """One delivery of one material, as the plant recorded it; `source_id` is the plant's own id."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="material_lots",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    source_id = models.CharField(_("plant's lot id"), max_length=64)
    supplier = models.ForeignKey(Supplier, models.PROTECT, null=True, blank=True, related_name="lots",
                                 verbose_name=_("supplier"))
    material_type = models.CharField(_("material type"), max_length=20, choices=MaterialType.choices)
    specification = models.CharField(_("specification"), max_length=60, blank=True)  # P·O 42.5, 5-25 mm...
    quantity_t = models.DecimalField(_("quantity (t)"), max_digits=10, decimal_places=3)
    # Rule 10: the same supplier lot or weighbridge ticket entered twice.
    supplier_lot_no = models.CharField(_("supplier lot no."), max_length=60, blank=True)
    weighbridge_ticket = models.CharField(_("weighbridge ticket"), max_length=60, blank=True)
    # Rule 8: recorded more than a day after the weighbridge; rule 7: validity from manufacture.
    arrived_at = models.DateTimeField(_("arrived (weighbridge)"))
    recorded_at = models.DateTimeField(_("recorded"))
    manufactured_at = models.DateField(_("manufactured on"), null=True, blank=True)
    # Rule 6: the supplier's certificate and test report delivered with the lot.
    has_certificate = models.BooleanField(_("certificate of conformity"), default=False)
    certificate_no = models.CharField(_("certificate no."), max_length=60, blank=True)
    has_test_report = models.BooleanField(_("supplier's test report"), default=False)
    # Rule 20 (machine-made sand only, GB/T 14684): product certificate, MB value, stone powder.
    sand_certificate_no = models.CharField(_("machine-made sand certificate no."), max_length=60, blank=True)
    sand_certificate_expires_on = models.DateField(_("sand certificate expires on"), null=True, blank=True)
    mb_value = models.DecimalField(_("MB value (g/kg)"), max_digits=4, decimal_places=2, null=True, blank=True)
    stone_powder_pct = models.DecimalField(_("stone powder (%)"), max_digits=4, decimal_places=1, null=True,
                                           blank=True)
    received_at = models.DateTimeField(_("received by the server"), auto_now_add=True)

    class Meta:
        verbose_name = _("material lot")
        verbose_name_plural = _("material lots")
        constraints = [models.UniqueConstraint(fields=["plant", "source_id"], name="concrete_lot_source")]
        indexes = [
            models.Index(fields=["plant", "arrived_at"], name="concrete_lot_plant_arrived"),
            models.Index(fields=["plant", "supplier_lot_no"], name="concrete_lot_supplier_lot"),
            models.Index(fields=["plant", "weighbridge_ticket"], name="concrete_lot_ticket"),
        ]

    def __str__(self):
        return self.source_id


class SelfTest(models.Model):
    """A plant's own test of a lot (自检): one item, its result against a limit (rules 4, 5, 7)."""

    class LimitKind(models.TextChoices):
        MAX = "max", _("at most")
        MIN = "min", _("at least")

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="+",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    source_id = models.CharField(max_length=64)
    lot = models.ForeignKey(MaterialLot, models.CASCADE, db_index=False, related_name="self_tests",
                            verbose_name=_("lot"))
    item = models.CharField(_("test item"), max_length=40)  # mud_content, fineness_modulus, strength_28d...
    result = models.DecimalField(_("result"), max_digits=10, decimal_places=3)
    limit_value = models.DecimalField(_("limit"), max_digits=10, decimal_places=3, null=True, blank=True)
    limit_kind = models.CharField(_("limit kind"), max_length=3, choices=LimitKind.choices, default=LimitKind.MAX)
    passed = models.BooleanField(_("passed"))
    tested_at = models.DateTimeField(_("tested at"))

    class Meta:
        verbose_name = _("self-test")
        verbose_name_plural = _("self-tests")
        constraints = [models.UniqueConstraint(fields=["plant", "source_id"], name="concrete_selftest_source")]
        indexes = [models.Index(fields=["lot", "tested_at"], name="concrete_selftest_lot")]


class StockReading(models.Model):
    """A stock count of one material at a plant (rule 9: entries minus usage against the count)."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="+",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    source_id = models.CharField(max_length=64)
    material_type = models.CharField(_("material type"), max_length=20, choices=MaterialType.choices)
    quantity_t = models.DecimalField(_("quantity (t)"), max_digits=10, decimal_places=3)
    measured_at = models.DateTimeField(_("measured at"))

    class Meta:
        verbose_name = _("stock reading")
        verbose_name_plural = _("stock readings")
        constraints = [models.UniqueConstraint(fields=["plant", "source_id"], name="concrete_stock_source")]
        indexes = [models.Index(fields=["plant", "material_type", "measured_at"], name="concrete_stock_plant")]
