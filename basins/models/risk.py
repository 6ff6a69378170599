from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import RiskLevel


class RiskModelRun(models.Model):
    """One run of the relapse model (basins/risk_runs.py), kept so runs can be compared."""

    model_version = models.CharField(_("model version"), max_length=40)
    basin_code = models.CharField(_("basin"), max_length=20, blank=True)  # empty: every basin
    parameters = models.JSONField(_("parameters"), default=dict)
    training_reach_ids = models.JSONField(_("training labels used (reach ids)"), default=list)
    metrics = models.JSONField(_("metrics on held-out reaches"), default=dict)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_s = models.FloatField(_("duration (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("risk model run")
        verbose_name_plural = _("risk model runs")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.model_version} #{self.pk}"


class RiskAssessment(models.Model):
    """One reach's relapse risk in one run."""

    class WarningType(models.TextChoices):
        WATER_QUALITY = "water_quality", _("Water-quality warning 水质预警")
        PROBLEM = "problem", _("Problem warning 问题预警")
        NOTICE = "notice", _("Notice warning 通报预警")

    run = models.ForeignKey(RiskModelRun, models.CASCADE, related_name="assessments", verbose_name=_("run"))
    reach = models.ForeignKey("features.Feature", models.CASCADE, related_name="risk_assessments",
                              limit_choices_to={"kind": "river_reach"}, verbose_name=_("river reach"))
    probability = models.FloatField(_("relapse probability"))
    level = models.PositiveSmallIntegerField(_("warning level"), choices=RiskLevel.choices)
    warning_type = models.CharField(_("warning type"), max_length=16, choices=WarningType.choices)
    factors = models.JSONField(_("top factors"), default=list)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        constraints = [models.UniqueConstraint(fields=["run", "reach"], name="assessment_run_reach_unique")]
        indexes = [models.Index(fields=["reach", "run"], name="assessment_reach_run")]
