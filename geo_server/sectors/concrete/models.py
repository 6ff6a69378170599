from django.db import models
from django.utils.translation import gettext_lazy as _


class ConcretePlantDetail(models.Model):
    feature = models.OneToOneField(
        "features.Feature", models.CASCADE, primary_key=True, related_name="concrete_plant_detail"
    )
    enterprise = models.CharField(_("enterprise"), max_length=120)
    licence_no = models.CharField(_("qualification certificate no."), max_length=40)
    annual_capacity_m3 = models.PositiveIntegerField(_("annual capacity (m³)"))
    mixer_count = models.PositiveSmallIntegerField(_("mixing lines"))

    class Meta:
        verbose_name = _("concrete plant details")
        verbose_name_plural = _("concrete plant details")
