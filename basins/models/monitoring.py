from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class MonitoringPoint(models.Model):
    """A water-quality monitoring point on a reach. Its chainage (metres from the reach's first
    vertex, along the line) is set by a database trigger (migration 0003), so bulk loads get it too."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    reach = models.ForeignKey("features.Feature", models.CASCADE, related_name="monitoring_points",
                              limit_choices_to={"kind": "river_reach"}, verbose_name=_("river reach"))
    geom = models.PointField(_("location"), srid=4326)
    chainage_m = models.FloatField(_("chainage (m)"), null=True, blank=True, editable=False)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("monitoring point")
        verbose_name_plural = _("monitoring points")
        indexes = [models.Index(fields=["reach", "chainage_m"], name="point_reach_chainage")]

    def __str__(self):
        return self.code


class WaterSample(models.Model):
    """One sampling of a point. An indicator left empty was not measured."""

    point = models.ForeignKey(MonitoringPoint, models.CASCADE, related_name="samples", verbose_name=_("point"))
    taken_at = models.DateTimeField(_("taken at"))
    transparency_cm = models.FloatField(_("transparency (cm)"), null=True, blank=True)
    dissolved_oxygen_mg_l = models.FloatField(_("dissolved oxygen (mg/L)"), null=True, blank=True)
    orp_mv = models.FloatField(_("ORP (mV)"), null=True, blank=True)
    ammonia_n_mg_l = models.FloatField(_("ammonia nitrogen (mg/L)"), null=True, blank=True)
    depth_cm = models.FloatField(_("water depth (cm)"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("water sample")
        verbose_name_plural = _("water samples")
        constraints = [models.UniqueConstraint(fields=["point", "taken_at"], name="sample_point_time_unique")]
