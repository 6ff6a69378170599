from django.db import models
from django.utils.translation import gettext_lazy as _


class WaterProjectDetail(models.Model):
    class ProjectType(models.TextChoices):
        EMBANKMENT = "embankment", _("Embankment")
        PUMPING_STATION = "pumping_station", _("Pumping station")
        SLUICE = "sluice", _("Sluice")
        PIPE_NETWORK = "pipe_network", _("Drainage pipe network")
        TREATMENT_PLANT = "treatment_plant", _("Wastewater treatment plant")

    class Stage(models.TextChoices):
        FOUNDATION = "foundation", _("Foundation")
        MAIN_STRUCTURE = "main_structure", _("Main structure")
        INSTALLATION = "installation", _("Installation")
        COMPLETION = "completion", _("Completion acceptance")

    feature = models.OneToOneField(
        "features.Feature", models.CASCADE, primary_key=True, related_name="water_project_detail"
    )
    project_type = models.CharField(_("project type"), max_length=20, choices=ProjectType.choices)
    owner_unit = models.CharField(_("owner unit"), max_length=120)
    contractor = models.CharField(_("contractor"), max_length=120)
    # The contractor's account: it answers the rectification notices of the project's hazards.
    contractor_organisation = models.ForeignKey(
        "accounts.Organisation", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("contractor organisation"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    budget_wan = models.DecimalField(_("budget (10k yuan)"), max_digits=12, decimal_places=2)
    started_on = models.DateField(_("started on"))

    class Meta:
        verbose_name = _("water project details")
        verbose_name_plural = _("water project details")
