"""The plant itself: its detail row, mixing lines (拌台) and the suppliers it has approved.

The plant's enterprise is the feature's responsible organisation (`Feature.organisation`, an
organisation of type enterprise): scoping, hazard routing, inbox and webhooks already follow it, so
the detail row does not carry a second link.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.sectors.concrete.models.vocabulary import MaterialType

PLANT = {"kind": "concrete_plant"}


class ConcretePlantDetail(models.Model):
    feature = models.OneToOneField(
        "features.Feature", models.CASCADE, primary_key=True, related_name="concrete_plant_detail"
    )
    enterprise = models.CharField(_("enterprise"), max_length=120)
    licence_no = models.CharField(_("qualification certificate no."), max_length=40)
    annual_capacity_m3 = models.PositiveIntegerField(_("annual capacity (m³)"))
    mixer_count = models.PositiveSmallIntegerField(_("mixing lines"))
    # Rule 1 (基础预警): both qualifications, present and not expiring.
    licence_expires_on = models.DateField(_("qualification certificate expires on"), null=True, blank=True)
    lab_qualification_no = models.CharField(_("laboratory qualification no."), max_length=40, blank=True)
    lab_qualification_expires_on = models.DateField(_("laboratory qualification expires on"), null=True,
                                                    blank=True)

    class Meta:
        verbose_name = _("concrete plant details")
        verbose_name_plural = _("concrete plant details")


class MixingLine(models.Model):
    """A mixing line (拌台) with its metering equipment and the state of its data link."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="mixing_lines",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    code = models.CharField(_("code"), max_length=40)
    metering_equipment = models.CharField(_("metering equipment"), max_length=120, blank=True)
    # Rule 2: empty means no verification on record.
    last_verified_on = models.DateField(_("last metrological verification"), null=True, blank=True)
    # Rule 3 and 17, kept current by ingestion (heartbeats, batching records, batches).
    last_heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    last_batching_at = models.DateTimeField(_("last batching record received"), null=True, blank=True)
    last_serial = models.CharField(_("last batch serial"), max_length=40, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("mixing line")
        verbose_name_plural = _("mixing lines")
        constraints = [models.UniqueConstraint(fields=["plant", "code"], name="concrete_line_plant_code")]

    def __str__(self):
        return self.code


class Supplier(models.Model):
    """A raw-material supplier (cement works, quarry, fly-ash plant, admixture maker...)."""

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=120)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self):
        return self.name


class SupplierApproval(models.Model):
    """A supplier on a plant's approved list (合格供方名录) for one material type (rule 6)."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False,
                              related_name="supplier_approvals", limit_choices_to=PLANT, verbose_name=_("plant"))
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="approvals", verbose_name=_("supplier"))
    material_type = models.CharField(_("material type"), max_length=20, choices=MaterialType.choices)
    approved_on = models.DateField(_("approved on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("approved supplier")
        verbose_name_plural = _("approved suppliers")
        constraints = [models.UniqueConstraint(fields=["plant", "supplier", "material_type"],
                                               name="concrete_approval_unique")]
