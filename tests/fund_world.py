"""Fund centers and their returns for the fund tests, every figure given by hand.

`month_figures(...)` is a plain month: deposits 1,000,000 collected, withdrawals 600,000 (purchase
300,000, rent 100,000, repayment 100,000, retirement 50,000, other 50,000), loans 500,000 issued,
principal 200,000 recovered -> net flow +100,000; deposit balance 10,000,000, loan balance
8,000,000 (loan ratio 0.8), overdue 80,000 (1-3 months 50,000, 3-6 20,000, 6-12 10,000, >12 0) ->
overdue rate 0.01; liquidity (10,000,000 - 8,000,000) / 600,000 = 3.33 months."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from geo_server.sectors.funds.models import MonthlyReturn
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature
from tests.sql_rules import fired_rows as rule_rows

TODAY = date(2026, 12, 7)

PLAIN = {
    "deposits_collected": "1000000", "accounts_opened": 120, "accounts_closed": 30,
    "withdrawal_purchase": "300000", "withdrawal_rent": "100000", "withdrawal_repayment": "100000",
    "withdrawal_retirement": "50000", "withdrawal_other": "50000", "loans_issued_count": 5,
    "loans_issued_amount": "500000", "principal_recovered": "200000", "interest_recovered": "30000",
    "deposit_balance": "10000000", "loan_balance": "8000000", "overdue_1_3": "50000", "overdue_3_6": "20000",
    "overdue_6_12": "10000", "overdue_over_12": "0", "value_added_income": "40000", "risk_reserve": "90000",
}


def month_figures(**changes) -> dict:
    return {name: Decimal(str(value)) if isinstance(value, str) else value
            for name, value in {**PLAIN, **changes}.items()}


def center(code="HPF440100", where=TIANHE_SPORTS_CENTER, organisation=None):
    return point_feature(code, *where, kind="fund_center", organisation=organisation)


def other_center(organisation=None):
    return center("HPF440300", CANTON_TOWER, organisation)


def file_return(feature, month: str, version=1, current=True, **changes) -> MonthlyReturn:
    first = date.fromisoformat(month + "-01")
    return MonthlyReturn.objects.create(center=feature, month=first, version=version, is_current=current,
                                        submitted_at=timezone.now(), source="demo", **month_figures(**changes))


def file_months(feature, months: list[str], **changes) -> None:
    for month in months:
        file_return(feature, month, **changes)


def fired_rows(rule, today: date = TODAY, params: dict | None = None) -> list[dict]:
    """The rows `rule` yields for every center, its defaults merged with `params`; by feature and subject."""
    return rule_rows(rule, "fund_center", today, params)


def subjects(rule, today: date = TODAY, **params) -> list[str]:
    return [row["subject"] for row in fired_rows(rule, today, params)]
