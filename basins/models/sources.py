from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class PollutionSource(models.Model):
    """Outfalls and industrial sites. Construction sites are features of kind construction_site
    and are read from the feature table (basins/sources.py), never copied here."""

    class Kind(models.TextChoices):
        OUTFALL = "outfall", _("Outfall 排水口")
        INDUSTRIAL = "industrial", _("Industrial site")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    geom = models.PointField(_("location"), srid=4326)
    # Only outfalls discharge into a known reach; industrial sites are located, not attached.
    reach = models.ForeignKey("features.Feature", models.SET_NULL, null=True, blank=True, related_name="+",
                              limit_choices_to={"kind": "river_reach"}, verbose_name=_("receiving reach"))
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("pollution source")
        verbose_name_plural = _("pollution sources")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Rainfall(models.Model):
    basin = models.ForeignKey("basins.Basin", models.CASCADE, related_name="rainfall", verbose_name=_("basin"))
    day = models.DateField(_("day"))
    mm = models.FloatField(_("rainfall (mm)"))
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("daily rainfall")
        verbose_name_plural = _("daily rainfall")
        constraints = [models.UniqueConstraint(fields=["basin", "day"], name="rainfall_basin_day_unique")]
