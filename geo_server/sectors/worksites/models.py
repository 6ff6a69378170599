from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.features.personal import PersonalCharField


class ConstructionSiteDetail(models.Model):
    feature = models.OneToOneField(
        "features.Feature", models.CASCADE, primary_key=True, related_name="construction_site_detail"
    )
    permit_no = models.CharField(_("construction permit no."), max_length=40)
    general_contractor = models.CharField(_("general contractor"), max_length=120)
    started_on = models.DateField(_("started on"))
    planned_completion = models.DateField(_("planned completion"))
    registered_workers = models.PositiveIntegerField(_("registered workers"))
    wage_account_bank = models.CharField(_("wage account bank"), max_length=60)
    manager_phone = PersonalCharField(_("project manager phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("construction site details")
        verbose_name_plural = _("construction site details")
