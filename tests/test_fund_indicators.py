"""The fund indicators on hand-worked months (tests/fund_world.py's plain month), in Python
(indicators.py) and in SQL (indicators_sql.MONTHS) alike."""

from decimal import Decimal

from django.db import connection

from geo_server.sectors.funds import indicators
from geo_server.sectors.funds.indicators_sql import MONTHS
from tests.fund_world import center, file_return, month_figures


def test_loan_ratio_is_loan_balance_over_deposit_balance():
    assert indicators.loan_ratio(month_figures()) == Decimal("0.8")
    assert indicators.loan_ratio(month_figures(loan_balance="8500000.01")) == Decimal("0.850000001")
    assert indicators.loan_ratio(month_figures(deposit_balance="0")) is None


def test_overdue_rate_sums_every_age_band_over_the_loan_balance():
    assert indicators.overdue_balance(month_figures()) == Decimal("80000")
    assert indicators.overdue_rate(month_figures()) == Decimal("0.01")
    assert indicators.overdue_rate(month_figures(overdue_over_12="40000")) == Decimal("0.015")
    assert indicators.overdue_rate(month_figures(loan_balance="0")) is None


def test_net_flow_is_deposits_and_principal_less_withdrawals_and_loans():
    # 1,000,000 + 200,000 - 600,000 - 500,000
    assert indicators.withdrawals(month_figures()) == Decimal("600000")
    assert indicators.net_flow(month_figures()) == Decimal("100000")
    assert indicators.net_flow(month_figures(loans_issued_amount="700000.50")) == Decimal("-100000.50")


def test_liquidity_is_free_funds_over_the_average_of_the_last_twelve_months_withdrawals():
    # (10,000,000 - 8,000,000) / 500,000: the 13th-last month (9,999,999) is outside the window.
    history = [Decimal("9999999")] + [Decimal("400000"), Decimal("600000")] * 6
    assert indicators.liquidity_months(month_figures(), history) == Decimal("4")
    assert indicators.liquidity_months(month_figures(), [Decimal("600000")]) == Decimal("2000000") / 600000
    assert indicators.liquidity_months(month_figures(), []) is None
    assert indicators.liquidity_months(month_figures(), [0, 0]) is None


def test_collateral_coverage_is_appraised_over_outstanding():
    assert indicators.collateral_coverage([("900000", "1000000"), ("1300000", "1000000")]) == Decimal("1.1")
    assert indicators.collateral_coverage([(Decimal("999"), Decimal("1000"))]) == Decimal("0.999")
    assert indicators.collateral_coverage([]) is None


def test_the_sql_gives_the_same_figures_and_counts_the_negative_streak(db):
    feature = center()
    file_return(feature, "2026-08")
    file_return(feature, "2026-09", loans_issued_amount="700000")  # net flow -100,000
    # -200,000; withdrawals 700,000
    file_return(feature, "2026-10", loans_issued_amount="700000", withdrawal_other="150000")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT to_char(month, 'YYYY-MM'), loan_ratio, overdue_rate, net_flow, liquidity_months, "
                       f"negative_streak FROM ({MONTHS}) m ORDER BY month")
        rows = cursor.fetchall()
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in rows] == [
        ("2026-08", Decimal("0.8"), Decimal("0.01"), Decimal("100000"), 0),
        ("2026-09", Decimal("0.8"), Decimal("0.01"), Decimal("-100000"), 1),
        ("2026-10", Decimal("0.8"), Decimal("0.01"), Decimal("-200000"), 2),
    ]
    # October: 2,000,000 / mean(600,000, 600,000, 700,000)
    assert round(rows[2][4], 6) == round(indicators.liquidity_months(
        month_figures(), [600000, 600000, 700000]), 6) == Decimal("3.157895")
