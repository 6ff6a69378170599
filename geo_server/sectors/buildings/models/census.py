"""Census (房屋普查) records: what a surveyor saw on site, set beside the appraisals."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.sectors.buildings.models.buildings import BuildingDetail


class CensusRecord(models.Model):
    building = models.ForeignKey("features.Feature", models.CASCADE, related_name="census_records")
    surveyed_on = models.DateField(_("surveyed on"))
    surveyor = models.CharField(_("surveyor"), max_length=100)
    structure = models.CharField(_("structure"), max_length=20, choices=BuildingDetail.Structure.choices)
    floors = models.PositiveSmallIntegerField(_("floors"))
    year_built = models.PositiveSmallIntegerField(_("year built"))
    use = models.CharField(_("use"), max_length=20, choices=BuildingDetail.Use.choices)
    visible_defects = models.TextField(_("visible defects"), blank=True)
    # The surveyor's judgement that the building may be dangerous: it calls for an appraisal.
    suggests_danger = models.BooleanField(_("suggests danger"), default=False)
    photos = ArrayField(models.CharField(max_length=200), default=list, blank=True, verbose_name=_("photos"))

    class Meta:
        verbose_name = _("census record")
        verbose_name_plural = _("census records")
        indexes = [models.Index(fields=["building", "-surveyed_on"])]
