from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class Basin(models.Model):
    """A river basin (流域). The demo basins are synthetic shapes drawn around real rivers."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("basin")
        verbose_name_plural = _("basins")

    def __str__(self):
        return self.name


class RiverReachDetail(models.Model):
    feature = models.OneToOneField(
        "features.Feature", models.CASCADE, primary_key=True, related_name="river_reach_detail"
    )
    river_name = models.CharField(_("river"), max_length=64)
    river_name_en = models.CharField(_("river (English)"), max_length=64, blank=True)
    main_stem = models.BooleanField(_("main stem"), default=False)
    length_m = models.PositiveIntegerField(_("length (m)"))
    width_m = models.PositiveIntegerField(_("width (m)"), null=True, blank=True)
    geometry_source = models.CharField(_("geometry source"), max_length=80)

    class Meta:
        verbose_name = _("river reach details")
        verbose_name_plural = _("river reach details")
