from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundCenterDetail(models.Model):
    feature = models.OneToOneField(
        "features.Feature", models.CASCADE, primary_key=True, related_name="fund_center_detail"
    )
    city_adcode = models.CharField(_("city code"), max_length=6)
    deposit_balance_wan = models.DecimalField(_("deposit balance (10k yuan)"), max_digits=14, decimal_places=2)
    loan_balance_wan = models.DecimalField(_("personal loan balance (10k yuan)"), max_digits=14, decimal_places=2)
    # 个贷率 warning line, 85% by default; each center may set its own (seed).
    loan_ratio_line = models.DecimalField(
        _("loan ratio warning line"), max_digits=4, decimal_places=3, default=Decimal("0.850")
    )
    depositors = models.PositiveIntegerField(_("depositors"))

    class Meta:
        verbose_name = _("fund center details")
        verbose_name_plural = _("fund center details")


# The defaults every center's thresholds fall back to, all [D] (designed by us) but the 85% loan
# ratio line [S] (DOMAIN.md §5). They are the fund rules' defaults too, so RuleThreshold rows may
# override them per city or organisation; a CenterThresholds row overrides both for its center.
THRESHOLD_DEFAULTS = {
    "loan_ratio_line": "0.85",          # [S] 个贷率 warning line
    "overdue_rate_line": "0.015",       # [D] 逾期率 line: 1.5% of the loan balance
    "negative_flow_months": 3,          # [D] consecutive months of negative net flow
    "liquidity_floor_months": "3",      # [D] months of withdrawals the free funds must cover
    "large_transaction_yuan": "50000000",  # [D] 5,000万元 a transaction, or a day's total per direction
}


class CenterThresholds(models.Model):
    """The lines a center sets for itself (the seed: each center sets its own); empty = the default."""

    center = models.OneToOneField("features.Feature", models.CASCADE, primary_key=True,
                                  related_name="fund_thresholds", limit_choices_to={"kind": "fund_center"})
    loan_ratio_line = models.DecimalField(_("loan ratio line"), max_digits=5, decimal_places=4, null=True, blank=True)
    overdue_rate_line = models.DecimalField(_("overdue rate line"), max_digits=5, decimal_places=4, null=True,
                                            blank=True)
    negative_flow_months = models.PositiveSmallIntegerField(_("negative net flow months"), null=True, blank=True)
    liquidity_floor_months = models.DecimalField(_("liquidity floor (months)"), max_digits=5, decimal_places=2,
                                                 null=True, blank=True)
    large_transaction_yuan = models.DecimalField(_("large transaction threshold (yuan)"), max_digits=16,
                                                 decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fund center thresholds")
        verbose_name_plural = _("fund center thresholds")
