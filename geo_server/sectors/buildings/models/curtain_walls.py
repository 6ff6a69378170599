"""Curtain-wall inspections (玻璃幕墙安全检查) an inspector records on site: the latest one is the
wall's last inspection (BuildingDetail.last_curtain_wall_inspection), whence its next due date."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class CurtainWallInspection(models.Model):
    class Result(models.TextChoices):
        PASS = "pass", _("Safe (合格)")
        REPAIR = "repair", _("Defects to repair (需维修)")
        UNSAFE = "unsafe", _("Unsafe: cordon off (存在安全隐患)")

    building = models.ForeignKey("features.Feature", models.CASCADE, related_name="curtain_wall_inspections")
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                  verbose_name=_("inspector"))
    findings = models.TextField(_("findings"), blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    photos = ArrayField(models.CharField(max_length=200), default=list, blank=True, verbose_name=_("photos"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("curtain-wall inspection")
        verbose_name_plural = _("curtain-wall inspections")
        indexes = [models.Index(fields=["building", "-inspected_on"])]

    def __str__(self):
        return f"{self.building_id} {self.inspected_on} {self.result}"
