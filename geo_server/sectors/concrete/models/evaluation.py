"""Evaluation batches (验收批, GB/T 50107-2010 §3.0.2): the standard-cured specimen groups of one plant,
one mix (so one grade) and one production period, judged together once the period closes (rule 18)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.sectors.concrete.models.plants import PLANT
from geo_server.sectors.concrete.models.production import MixDesign
from geo_server.sectors.concrete.models.vocabulary import Grade


class EvaluationBatch(models.Model):
    plant = models.ForeignKey("features.Feature", models.CASCADE, related_name="+", limit_choices_to=PLANT,
                              verbose_name=_("plant"))
    mix = models.ForeignKey(MixDesign, models.CASCADE, related_name="evaluation_batches",
                            verbose_name=_("mix design"))
    grade = models.CharField(_("strength grade"), max_length=3, choices=Grade.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    groups = models.PositiveIntegerField(_("specimen groups judged"), default=0)
    # The group values judged, in MPa (strings, as stored), so a verdict can be re-read later.
    values_mpa = models.JSONField(_("group values (MPa)"), default=list)
    # known-sigma, statistical or non-statistical (strength.evaluate_strength)
    method = models.CharField(_("evaluation method"), max_length=16, blank=True)
    passed = models.BooleanField(_("passed GB/T 50107"), null=True)
    mean_mpa = models.DecimalField(_("mean (MPa)"), max_digits=6, decimal_places=2, null=True)
    minimum_mpa = models.DecimalField(_("minimum (MPa)"), max_digits=6, decimal_places=2, null=True)
    sd_mpa = models.DecimalField(_("standard deviation used (MPa)"), max_digits=6, decimal_places=2, null=True)
    criteria = models.JSONField(_("criteria"), default=list)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True)
    # Rule 18 judges closed batches only: an open period may still receive groups.
    closed_at = models.DateTimeField(_("closed at"), null=True)

    class Meta:
        verbose_name = _("evaluation batch")
        verbose_name_plural = _("evaluation batches")
        constraints = [models.UniqueConstraint(fields=["plant", "mix", "period_start"],
                                               name="concrete_evaluation_period")]
        indexes = [models.Index(fields=["plant", "period_start"], name="concrete_evaluation_plant")]

    def __str__(self):
        return f"{self.grade} {self.period_start:%Y-%m}"


class StrengthSigma(models.Model):
    """A plant's recorded σ0 for one grade (GB/T 50107-2010 §5.1.2): the sample standard deviation of
    its standard-cured groups over one inspection period (60 to 90 days, at least 45 groups, every
    month judged statistically). The evaluation batches of the period that follows are judged by the
    known-sigma method, in consecutive groups of 3 (sigma.py)."""

    plant = models.ForeignKey("features.Feature", models.CASCADE, related_name="+", limit_choices_to=PLANT,
                              verbose_name=_("plant"))
    grade = models.CharField(_("strength grade"), max_length=3, choices=Grade.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    groups = models.PositiveIntegerField(_("specimen groups"))
    sigma0_mpa = models.DecimalField(_("σ0 (MPa)"), max_digits=6, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("recorded σ0")
        verbose_name_plural = _("recorded σ0")
        constraints = [models.UniqueConstraint(fields=["plant", "grade", "period_start"],
                                               name="concrete_sigma_period")]
        indexes = [models.Index(fields=["plant", "grade", "period_end"], name="concrete_sigma_plant_end")]

    def __str__(self):
        return f"{self.grade} σ0 {self.sigma0_mpa} ({self.period_start}–{self.period_end})"
