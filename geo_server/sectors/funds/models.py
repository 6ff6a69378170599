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
