"""A center's monthly return (月报), every version kept: a re-upload of a month is a restatement,
a new version that becomes current while the earlier ones stay with who sent them and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The figures a return carries, in upload column order (labels: the model fields'); amounts in yuan.
MONEY_FIGURES = ("deposits_collected", "withdrawal_purchase", "withdrawal_rent", "withdrawal_repayment",
                 "withdrawal_retirement", "withdrawal_other", "loans_issued_amount", "principal_recovered",
                 "interest_recovered", "deposit_balance", "loan_balance", "overdue_1_3", "overdue_3_6",
                 "overdue_6_12", "overdue_over_12", "value_added_income", "risk_reserve")
COUNT_FIGURES = ("accounts_opened", "accounts_closed", "loans_issued_count")
FIGURES = MONEY_FIGURES + COUNT_FIGURES
WITHDRAWAL_REASONS = ("purchase", "rent", "repayment", "retirement", "other")
OVERDUE_BANDS = ("overdue_1_3", "overdue_3_6", "overdue_6_12", "overdue_over_12")


def _money(label):
    return models.DecimalField(label, max_digits=18, decimal_places=2)


class MonthlyReturn(models.Model):
    """One version of a center's return for a month; exactly one version per (center, month) is current."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("file upload")
        API = "api", _("API")
        DEMO = "demo", _("synthetic demo")

    center = models.ForeignKey("features.Feature", models.CASCADE, related_name="fund_returns",
                               limit_choices_to={"kind": "fund_center"})
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    deposits_collected = _money(_("deposits collected"))
    accounts_opened = models.PositiveIntegerField(_("accounts opened"))
    accounts_closed = models.PositiveIntegerField(_("accounts closed"))
    withdrawal_purchase = _money(_("withdrawals: house purchase"))
    withdrawal_rent = _money(_("withdrawals: rent"))
    withdrawal_repayment = _money(_("withdrawals: loan repayment"))
    withdrawal_retirement = _money(_("withdrawals: retirement"))
    withdrawal_other = _money(_("withdrawals: other"))
    loans_issued_count = models.PositiveIntegerField(_("loans issued (count)"))
    loans_issued_amount = _money(_("loans issued (amount)"))
    principal_recovered = _money(_("principal recovered"))
    interest_recovered = _money(_("interest recovered"))
    deposit_balance = _money(_("deposit balance"))
    loan_balance = _money(_("loan balance"))
    overdue_1_3 = _money(_("overdue 1-3 months"))
    overdue_3_6 = _money(_("overdue 3-6 months"))
    overdue_6_12 = _money(_("overdue 6-12 months"))
    overdue_over_12 = _money(_("overdue over 12 months"))
    value_added_income = _money(_("value-added income"))
    risk_reserve = _money(_("risk reserve"))

    class Meta:
        verbose_name = _("monthly return")
        verbose_name_plural = _("monthly returns")
        constraints = [
            models.UniqueConstraint(fields=["center", "month", "version"], name="funds_return_version_unique"),
            models.UniqueConstraint(fields=["center", "month"], condition=models.Q(is_current=True),
                                    name="funds_return_one_current"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="funds_return_month_first_day"),
        ]
        indexes = [models.Index(fields=["month"], condition=models.Q(is_current=True), name="funds_return_month")]

    def __str__(self):
        return f"{self.center_id} {self.month:%Y-%m} v{self.version}"
