"""Structural monitoring: measuring points on a building and their readings (tilt, crack width,
settlement). Each point keeps its fitted trend (monitoring.py), refreshed when readings arrive, so
the warning rule reads a table instead of refitting every series."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Quantity(models.TextChoices):
    TILT = "tilt", _("Tilt")
    CRACK = "crack", _("Crack width")
    SETTLEMENT = "settlement", _("Settlement")


class MonitoringPoint(models.Model):
    building = models.ForeignKey("features.Feature", models.CASCADE, related_name="structural_points")
    code = models.CharField(_("point"), max_length=40)
    quantity = models.CharField(_("quantity"), max_length=10, choices=Quantity.choices)
    unit = models.CharField(_("unit"), max_length=10)
    limit = models.FloatField(_("limit"))
    # The fitted trend (Theil-Sen) over the recent readings: value per day, the value fitted at the
    # latest reading, and the date the trend reaches the limit (null: never, or too few readings).
    slope_per_day = models.FloatField(null=True, blank=True)
    fitted_last = models.FloatField(null=True, blank=True)
    last_value = models.FloatField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)
    reaches_limit_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring point")
        verbose_name_plural = _("monitoring points")
        constraints = [models.UniqueConstraint(fields=["building", "code"], name="buildings_point_unique")]

    def __str__(self):
        return self.code


class Reading(models.Model):
    point = models.ForeignKey(MonitoringPoint, models.CASCADE, related_name="readings")
    at = models.DateTimeField(_("measured at"))
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        constraints = [models.UniqueConstraint(fields=["point", "at"], name="buildings_reading_unique")]
