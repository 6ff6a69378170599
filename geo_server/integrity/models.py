from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    RAISED_YELLOW = "raised_yellow", _("Hazard raised (yellow)")
    RAISED_ORANGE = "raised_orange", _("Hazard raised (orange)")
    RAISED_RED = "raised_red", _("Hazard raised (red)")
    OVERDUE = "overdue", _("Overdue")
    CLOSED_NOT_FIXED = "closed_not_fixed", _("Closed, not fixed")
    REPLY_REJECTED = "reply_rejected", _("Reply rejected")
    CLOSED_ON_TIME = "closed_on_time", _("Fixed on time")


# Reasons that can count only once per hazard (a reply can be rejected several times).
ONCE_PER_HAZARD = tuple(r for r in Reason.values if r != Reason.REPLY_REJECTED)


class ScoreWeight(models.Model):
    """How many points a reason moves an organisation's score; edited in the admin. `rule_code`
    empty: every rule; a rule's own row wins over it (a wage arrears hazard costs more than a
    late plant licence). A reason without a row uses the code default (weights.py)."""

    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    rule_code = models.CharField(_("rule"), max_length=60, blank=True, default="",
                                 help_text=_("Empty: every rule without a row of its own."))
    delta = models.DecimalField(_("points"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("score weight")
        verbose_name_plural = _("score weights")
        ordering = ["rule_code", "reason"]
        constraints = [models.UniqueConstraint(fields=["reason", "rule_code"], name="score_weight_reason_rule")]

    def __str__(self):
        return f"{self.rule_code or '*'} {self.get_reason_display()}: {self.delta:+}"


class IntegrityScore(models.Model):
    """An organisation's current score (诚信分); the history is its ScoreEvents."""

    organisation = models.OneToOneField("accounts.Organisation", models.CASCADE, primary_key=True,
                                        related_name="integrity", verbose_name=_("organisation"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=1)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("integrity score")
        verbose_name_plural = _("integrity scores")

    def __str__(self):
        return f"{self.organisation_id}: {self.score}"


class ScoreEvent(models.Model):
    """One change of a score: why, by how much, and the score after it."""

    organisation = models.ForeignKey("accounts.Organisation", models.CASCADE, related_name="score_events",
                                     verbose_name=_("organisation"))
    hazard = models.ForeignKey("supervision.Hazard", models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("hazard"))
    hazard_event = models.ForeignKey("supervision.HazardEvent", models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    delta = models.DecimalField(_("change"), max_digits=6, decimal_places=1)
    score = models.DecimalField(_("score after"), max_digits=7, decimal_places=1)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("score event")
        verbose_name_plural = _("score events")
        constraints = [
            models.UniqueConstraint(fields=["hazard_event"], name="score_once_per_event"),
            models.UniqueConstraint(fields=["hazard", "reason"], condition=models.Q(reason__in=ONCE_PER_HAZARD),
                                    name="score_once_per_hazard_reason"),
        ]
        indexes = [models.Index(fields=["organisation", "-id"], name="score_organisation_recent")]

    def __str__(self):
        return f"{self.organisation_id} {self.reason} {self.delta:+}"


class Blacklisting(models.Model):
    """A confirmed malicious arrears case (恶意欠薪) recorded on a closed hazard: the organisation is
    blacklisted from `starts_on` to `until` inclusive (no end when empty)."""

    organisation = models.ForeignKey("accounts.Organisation", models.CASCADE, related_name="blacklistings",
                                     verbose_name=_("organisation"))
    reason = models.TextField(_("reason"))
    starts_on = models.DateField(_("blacklisted from"))
    until = models.DateField(_("blacklisted until"), null=True, blank=True)
    hazard = models.ForeignKey("supervision.Hazard", models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("hazard"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blacklisting")
        verbose_name_plural = _("blacklistings")
        indexes = [models.Index(fields=["organisation", "starts_on"], name="blacklisting_org_from")]
        constraints = [models.CheckConstraint(condition=models.Q(until__isnull=True)
                                              | models.Q(until__gte=models.F("starts_on")),
                                              name="blacklisting_until_after_from")]

    def __str__(self):
        return f"{self.organisation_id} {self.starts_on}..{self.until or ''}"


ZERO = Decimal("0")
