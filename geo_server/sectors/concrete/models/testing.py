"""Tests of the concrete itself: specimen groups (试块组, 3 cubes) and chloride tests."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from geo_server.sectors.concrete.models.plants import PLANT
from geo_server.sectors.concrete.models.production import Batch, MixDesign


def _mpa(label):
    return models.DecimalField(label, max_digits=5, decimal_places=1, null=True, blank=True)


class SpecimenGroup(models.Model):
    """Three cubes cast from one batch. `group_value_mpa` follows GB/T 50081 (specimens.group_value):
    empty until tested, and when the group is invalid (`invalid`)."""

    class Curing(models.TextChoices):
        STANDARD = "standard", _("Standard curing")
        SAME_CONDITION = "same-condition", _("Same-condition curing")

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="+",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    source_id = models.CharField(_("group no."), max_length=64)
    batch = models.ForeignKey(Batch, models.CASCADE, related_name="specimen_groups", verbose_name=_("batch"))
    cast_date = models.DateField(_("cast on"))
    curing = models.CharField(_("curing"), max_length=16, choices=Curing.choices, default=Curing.STANDARD)
    age_days = models.PositiveSmallIntegerField(_("age at test (days)"), default=28)
    test_date = models.DateField(_("tested on"), null=True, blank=True)
    strength_1_mpa = _mpa(_("cube 1 (MPa)"))
    strength_2_mpa = _mpa(_("cube 2 (MPa)"))
    strength_3_mpa = _mpa(_("cube 3 (MPa)"))
    group_value_mpa = _mpa(_("group value (MPa)"))
    invalid = models.BooleanField(_("invalid group"), default=False)

    class Meta:
        verbose_name = _("specimen group")
        verbose_name_plural = _("specimen groups")
        constraints = [models.UniqueConstraint(fields=["plant", "source_id"], name="concrete_specimen_source")]
        indexes = [models.Index(fields=["plant", "cast_date"], name="concrete_specimen_plant_cast")]


class ChlorideTest(models.Model):
    """A chloride content (% of cement mass) measured on a batch or computed for a mix (rule 14)."""

    class Method(models.TextChoices):
        MEASURED = "measured", _("Measured")
        COMPUTED = "computed", _("Computed")

    plant = models.ForeignKey("features.Feature", models.CASCADE, db_index=False, related_name="+",
                              limit_choices_to=PLANT, verbose_name=_("plant"))
    source_id = models.CharField(max_length=64)
    batch = models.ForeignKey(Batch, models.CASCADE, null=True, blank=True, related_name="chloride_tests",
                              verbose_name=_("batch"))
    mix = models.ForeignKey(MixDesign, models.CASCADE, null=True, blank=True, related_name="chloride_tests",
                            verbose_name=_("mix design"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.MEASURED)
    chloride_pct = models.DecimalField(_("chloride (%)"), max_digits=5, decimal_places=3)
    tested_at = models.DateTimeField(_("tested at"))

    class Meta:
        verbose_name = _("chloride test")
        verbose_name_plural = _("chloride tests")
        constraints = [
            models.UniqueConstraint(fields=["plant", "source_id"], name="concrete_chloride_source"),
            models.CheckConstraint(condition=Q(batch__isnull=False) | Q(mix__isnull=False),
                                   name="concrete_chloride_batch_or_mix"),
        ]
