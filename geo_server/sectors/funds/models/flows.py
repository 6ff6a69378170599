"""Large transactions a center feeds daily, and the collateral behind its loans."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LargeTransaction(models.Model):
    """One transaction as the center's system reported it; the counterparty only masked and hashed."""

    class Direction(models.TextChoices):
        IN = "in", _("inflow")
        OUT = "out", _("outflow")

    center = models.ForeignKey("features.Feature", models.CASCADE, related_name="fund_transactions",
                               limit_choices_to={"kind": "fund_center"})
    txn_id = models.CharField(_("transaction id"), max_length=64)
    occurred_at = models.DateTimeField(_("time"))
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2)
    counterparty_masked = models.CharField(_("counterparty"), max_length=80, blank=True)
    counterparty_hash = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("large transaction")
        verbose_name_plural = _("large transactions")
        constraints = [models.UniqueConstraint(fields=["center", "txn_id"], name="funds_txn_unique")]
        indexes = [models.Index(fields=["center", "occurred_at"], name="funds_txn_center_time")]


class Collateral(models.Model):
    """A mortgage (抵押物) behind one loan: what it was appraised at and what the loan still owes."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        RELEASED = "released", _("released")
        DISPOSED = "disposed", _("disposed")

    center = models.ForeignKey("features.Feature", models.CASCADE, related_name="fund_collateral",
                               limit_choices_to={"kind": "fund_center"})
    loan_ref = models.CharField(_("loan reference"), max_length=64)
    appraised_value = models.DecimalField(_("appraised value (yuan)"), max_digits=16, decimal_places=2)
    appraised_on = models.DateField(_("appraised on"))
    outstanding_loan = models.DecimalField(_("outstanding loan (yuan)"), max_digits=16, decimal_places=2)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.REGISTERED)

    class Meta:
        verbose_name = _("collateral")
        verbose_name_plural = _("collateral")
        constraints = [models.UniqueConstraint(fields=["center", "loan_ref"], name="funds_collateral_unique")]


class ForecastRun(models.Model):
    """A center's latest forecast of one indicator (forecast.py over its current returns), stored so the
    rules stay set-based and the dashboard draws the band without refitting."""

    center = models.ForeignKey("features.Feature", models.CASCADE, related_name="fund_forecasts",
                               limit_choices_to={"kind": "fund_center"})
    indicator = models.CharField(max_length=20)
    last_month = models.DateField(_("last month"))
    last_value = models.FloatField()
    line = models.FloatField(_("line"))
    mean = models.JSONField()
    lower = models.JSONField()
    upper = models.JSONField()
    method = models.CharField(max_length=40)
    months_to_cross = models.PositiveSmallIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fund forecast")
        verbose_name_plural = _("fund forecasts")
        constraints = [models.UniqueConstraint(fields=["center", "indicator"], name="funds_forecast_unique")]
