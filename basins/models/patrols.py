from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from geo_server.accounts.models import User
from geo_server.features.kinds import RiskLevel
from geo_server.patrols.periods import Period


class ReachChief(models.Model):
    """The river chief (河长) responsible for a reach at one level: one per reach and level."""

    reach = models.ForeignKey("features.Feature", models.CASCADE, related_name="river_chiefs",
                              limit_choices_to={"kind": "river_reach"}, verbose_name=_("river reach"))
    level = models.CharField(_("level"), max_length=10, choices=User.ChiefLevel.choices)
    chief = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="chief_of_reaches",
                              limit_choices_to={"role": "river_chief"}, verbose_name=_("river chief"))

    class Meta:
        verbose_name = _("reach chief")
        verbose_name_plural = _("reach chiefs")
        constraints = [models.UniqueConstraint(fields=["reach", "level"], name="reach_chief_level_unique")]


class PatrolRequirement(models.Model):
    """One cell of the differentiated patrol-frequency matrix (chief level x warning colour)."""

    class Source(models.TextChoices):
        SOURCED = "S", _("Sourced (official rule)")
        DEFAULT = "D", _("Default (no official number found)")

    level = models.CharField(_("chief level"), max_length=10, choices=User.ChiefLevel.choices)
    colour = models.PositiveSmallIntegerField(_("warning colour"), choices=RiskLevel.choices)
    patrols = models.PositiveSmallIntegerField(_("minimum patrols per period"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    min_minutes = models.PositiveSmallIntegerField(_("minimum minutes per patrol"), default=10)
    min_km = models.FloatField(_("minimum km per patrol"), default=1.0)
    source = models.CharField(_("source"), max_length=1, choices=Source.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("patrol requirement")
        verbose_name_plural = _("patrol frequency matrix")
        constraints = [models.UniqueConstraint(fields=["level", "colour"], name="requirement_level_colour_unique")]
        ordering = ["level", "colour"]
