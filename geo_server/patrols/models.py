"""Patrol zones, the risk-driven frequency matrix, plans, their due tasks, and the one patrol record of
river chiefs (a reach) and zone inspectors (a zone)."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from geo_server.patrols.periods import Period
from geo_server.features.kinds import RiskLevel


class PatrolZone(models.Model):
    """A polygon drawn or imported by a supervisor; checked by patrols.zones before it is saved."""

    name = models.CharField(_("name"), max_length=120)
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="patrol_zones",
                                     verbose_name=_("organisation"))
    # Stored as MultiPolygon (ST_Multi) so the layer has one geometry type.
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("patrol zone")
        verbose_name_plural = _("patrol zones")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ZoneRequirement(models.Model):
    """One row of the zone matrix: the highest risk level inside a zone -> how often it is patrolled."""

    class Source(models.TextChoices):
        SOURCED = "S", _("Sourced (official rule)")
        DEFAULT = "D", _("Default (no official number found)")

    risk_level = models.PositiveSmallIntegerField(_("highest risk inside"), choices=RiskLevel.choices, unique=True)
    patrols = models.PositiveSmallIntegerField(_("minimum patrols per period"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    min_minutes = models.PositiveSmallIntegerField(_("minimum minutes per patrol"))
    min_km = models.FloatField(_("minimum km per patrol"))
    source = models.CharField(_("source"), max_length=1, choices=Source.choices, default=Source.DEFAULT)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("zone patrol requirement")
        verbose_name_plural = _("zone patrol frequency matrix")
        ordering = ["risk_level"]


class PatrolPlan(models.Model):
    """Who patrols a zone; generating tasks reads the zone's risk at that time."""

    zone = models.OneToOneField(PatrolZone, models.CASCADE, related_name="plan", verbose_name=_("zone"))
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="patrol_plans",
                                        verbose_name=_("inspectors"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol plan")
        verbose_name_plural = _("patrol plans")

    def __str__(self):
        return str(self.zone)


class PatrolTask(models.Model):
    """So many patrols of a zone due from one inspector in one period, frozen when generated."""

    plan = models.ForeignKey(PatrolPlan, models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="patrol_tasks",
                                  verbose_name=_("inspector"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    starts_on = models.DateField(_("starts"))
    ends_before = models.DateField(_("ends before"))
    risk_level = models.PositiveSmallIntegerField(_("highest risk inside"), choices=RiskLevel.choices)
    patrols = models.PositiveSmallIntegerField(_("patrols due"))
    min_minutes = models.PositiveSmallIntegerField(_("minimum minutes per patrol"))
    min_km = models.FloatField(_("minimum km per patrol"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol task")
        verbose_name_plural = _("patrol tasks")
        ordering = ["starts_on", "plan_id", "inspector_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "inspector", "starts_on", "ends_before"],
                                               name="patrol_task_once_per_period")]


class Patrol(models.Model):
    """A GPS track walked by a river chief along a reach or by an inspector in a zone: exactly one target.
    Measured in PostGIS and judged by patrols.judging; coverage is the share of the track along the reach
    (within its buffer) or inside the zone. Which rule set the minimums is the target's business: the
    chiefs' matrix (basins) for a reach, the zone matrix (patrols.plans) for a zone."""

    walker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="patrols",
                               verbose_name=_("walked by"))
    reach = models.ForeignKey("features.Feature", models.CASCADE, null=True, blank=True, related_name="patrols",
                              limit_choices_to={"kind": "river_reach"}, verbose_name=_("river reach"))
    zone = models.ForeignKey(PatrolZone, models.CASCADE, null=True, blank=True, related_name="patrols",
                             verbose_name=_("zone"))
    track = models.LineStringField(_("GPS track"), srid=4326)
    # One timestamp per track vertex, in vertex order (null for zone patrols recorded before they were kept).
    times = ArrayField(models.DateTimeField(), null=True, blank=True, verbose_name=_("vertex times"))
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"))
    length_m = models.FloatField(_("length (m)"), null=True)
    coverage = models.FloatField(_("share along the reach or inside the zone"), null=True)
    valid = models.BooleanField(_("counts"), default=False)
    reasons = models.JSONField(_("verdict reasons"), default=list)  # English, as the API gives them
    reasons_zh = models.JSONField(_("verdict reasons (Chinese)"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        constraints = [models.CheckConstraint(
            condition=Q(reach__isnull=False, zone__isnull=True) | Q(reach__isnull=True, zone__isnull=False),
            name="patrol_reach_xor_zone")]
        indexes = [models.Index(fields=["walker", "reach", "started_at"], name="patrol_walker_reach_time"),
                   models.Index(fields=["walker", "zone", "started_at"], name="patrol_walker_zone_time")]

    def __str__(self):
        return f"{self.walker_id} {self.started_at:%Y-%m-%d %H:%M}"


class PatrolSession(models.Model):
    """A patrol under way from the phone (/m/): started, GPS fixes appended as they sync, then finished
    into a zone Patrol judged like any other. client_id is the phone's UUID for it."""

    client_id = models.UUIDField(_("client id"), unique=True)
    zone = models.ForeignKey(PatrolZone, models.CASCADE, related_name="sessions", verbose_name=_("zone"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="patrol_sessions",
                                  verbose_name=_("inspector"))
    started_at = models.DateTimeField(_("started"))
    # [[longitude, latitude, ISO 8601 time], ...] in the order the phone recorded them.
    points = models.JSONField(_("GPS fixes"), default=list)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    patrol = models.OneToOneField(Patrol, models.SET_NULL, null=True, blank=True, related_name="session",
                                  verbose_name=_("patrol"))

    class Meta:
        verbose_name = _("patrol session")
        verbose_name_plural = _("patrol sessions")
