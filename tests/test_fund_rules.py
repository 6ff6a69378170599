"""The fund warnings at their lines, each center with its own thresholds; the month of the latest
return as subject, through the sweep to the center's own organisation."""

from datetime import datetime, timezone as tz
from decimal import Decimal

from geo_server.accounts.models import Organisation
from geo_server.features.kinds import Kind
from geo_server.sector import sector_for
from geo_server.sectors.funds.forecast_runs import refresh_forecasts
from geo_server.sectors.funds.models import CenterThresholds, Collateral, ForecastRun, LargeTransaction
from geo_server.sectors.funds.rules import RULES
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, Warning
from tests.conftest import area
from tests.fund_world import center, file_months, file_return, fired_rows, other_center, subjects

RULE = {rule.code: rule for rule in RULES}


def test_the_sector_registers_the_eight_rules():
    assert [r.code for r in sector_for(Kind.FUND_CENTER).rules] == [
        "fund.loan_ratio", "fund.overdue_rate", "fund.net_flow", "fund.liquidity", "fund.large_flow",
        "fund.collateral", "fund.forecast_loan_ratio", "fund.forecast_overdue_rate"]


def test_a_plain_month_fires_nothing(db):
    file_return(center(), "2026-11")
    assert all(fired_rows(rule) == [] for rule in RULES)


def test_loan_ratio_warns_just_over_each_centers_own_line(db):
    guangzhou, shenzhen = center(), other_center()
    file_return(guangzhou, "2026-11", loan_balance="8500000")  # exactly 85%
    file_return(shenzhen, "2026-11", loan_balance="8500001")  # 85.00001%
    assert [(r["feature_id"], r["subject"], r["level"]) for r in fired_rows(RULE["fund.loan_ratio"])] == [
        (shenzhen.pk, "2026-11", 2)]
    CenterThresholds.objects.create(center=shenzhen, loan_ratio_line=Decimal("0.9"))
    CenterThresholds.objects.create(center=guangzhou, loan_ratio_line=Decimal("0.84"))
    assert [r["feature_id"] for r in fired_rows(RULE["fund.loan_ratio"])] == [guangzhou.pk]


def test_loan_ratio_turns_red_ten_points_over_the_line(db):
    file_return(center(), "2026-11", loan_balance="9500001")
    assert fired_rows(RULE["fund.loan_ratio"])[0]["level"] == 3
    assert "95.00%" in fired_rows(RULE["fund.loan_ratio"])[0]["message_zh"]


def test_only_the_latest_month_up_to_the_day_is_judged(db):
    feature = center()
    file_return(feature, "2026-10", loan_balance="9000000")
    file_return(feature, "2026-11")
    file_return(feature, "2026-12", loan_balance="9000000")  # a month after the sweep's day: not yet
    assert subjects(RULE["fund.loan_ratio"], today=datetime(2026, 11, 30).date()) == []
    assert subjects(RULE["fund.loan_ratio"]) == ["2026-12"]
    assert subjects(RULE["fund.loan_ratio"], today=datetime(2026, 10, 31).date()) == ["2026-10"]


def test_a_restated_month_is_judged_on_its_current_version(db):
    feature = center()
    file_return(feature, "2026-11", loan_balance="9000000", current=False)
    file_return(feature, "2026-11", version=2)
    assert subjects(RULE["fund.loan_ratio"]) == []


def test_overdue_rate_over_the_centers_line(db):
    feature = center()
    file_return(feature, "2026-11", overdue_over_12="40000")  # 120,000 / 8,000,000 = 1.5%: at the line
    assert subjects(RULE["fund.overdue_rate"]) == []
    CenterThresholds.objects.create(center=feature, overdue_rate_line=Decimal("0.0149"))
    assert fired_rows(RULE["fund.overdue_rate"])[0]["evidence"]["overdue_rate"] == 0.015


def test_negative_net_flow_for_n_consecutive_months(db):
    feature = center()
    file_return(feature, "2026-07", loans_issued_amount="700000")
    file_return(feature, "2026-08")  # positive: the streak starts again
    file_months(feature, ["2026-09", "2026-10"], loans_issued_amount="700000")
    file_return(feature, "2026-11", loans_issued_amount="600000.01")
    assert subjects(RULE["fund.net_flow"]) == ["2026-11"]  # 3 months, the default
    assert fired_rows(RULE["fund.net_flow"])[0]["evidence"]["months"] == 3
    CenterThresholds.objects.create(center=feature, negative_flow_months=4)
    assert subjects(RULE["fund.net_flow"]) == []


def test_liquidity_below_the_floor(db):
    feature = center()
    file_return(feature, "2026-11", loan_balance="8200000")  # 1,800,000 / 600,000 = 3.0: at the floor
    assert subjects(RULE["fund.liquidity"]) == []
    CenterThresholds.objects.create(center=feature, liquidity_floor_months=Decimal("3.01"))
    assert subjects(RULE["fund.liquidity"]) == ["2026-11"]


def txn(feature, txn_id, when, amount, direction="out"):
    return LargeTransaction.objects.create(center=feature, txn_id=txn_id, occurred_at=when, direction=direction,
                                           amount=Decimal(amount))


def test_large_flows_over_the_centers_threshold_by_transaction_and_by_day(db):
    feature = center()
    CenterThresholds.objects.create(center=feature, large_transaction_yuan=Decimal("1000000"))
    txn(feature, "T1", datetime(2026, 12, 1, 2, tzinfo=tz.utc), "1000000")  # at the threshold
    txn(feature, "T2", datetime(2026, 12, 1, 3, tzinfo=tz.utc), "1000000.01")
    txn(feature, "T3", datetime(2026, 12, 2, 2, tzinfo=tz.utc), "600000", "in")
    txn(feature, "T4", datetime(2026, 12, 2, 3, tzinfo=tz.utc), "400000.01", "in")  # the day's inflow 1,000,000.01
    txn(feature, "T5", datetime(2026, 10, 1, 3, tzinfo=tz.utc), "9000000")  # before the 31 days looked back
    assert subjects(RULE["fund.large_flow"]) == ["day:2026-12-02:in", "txn:T2"]


def test_collateral_coverage_below_one_per_registered_loan(db):
    feature = center()
    for ref, appraised, state in (("L1", "1000000", "registered"), ("L2", "999999.99", "registered"),
                                  ("L3", "10", "released")):
        Collateral.objects.create(center=feature, loan_ref=ref, appraised_value=Decimal(appraised),
                                  appraised_on="2026-01-05", outstanding_loan=Decimal("1000000"), state=state)
    assert subjects(RULE["fund.collateral"]) == ["loan:L2"]


def test_the_sweep_raises_a_hazard_for_the_center_itself(db):
    own = Organisation.objects.create(name="广州住房公积金管理中心", type="enterprise", jurisdiction=area("440100"))
    Organisation.objects.create(name="广东省住房和城乡建设厅", type="province_bureau", jurisdiction=area("440000"))
    feature = center(organisation=own)
    file_return(feature, "2026-11", loan_balance="9000000")
    sweep(Kind.FUND_CENTER, today=datetime(2026, 12, 7).date())
    open_warnings = Warning.objects.filter(feature=feature, is_open=True)
    # 90% over 85%, and (10,000,000 - 9,000,000) / 600,000 = 1.67 months under the floor of 3
    assert sorted(open_warnings.values_list("rule_code", "subject", "level")) == [
        ("fund.liquidity", "2026-11", 2), ("fund.loan_ratio", "2026-11", 2)]
    assert {h.responsible_organisation for h in Hazard.objects.filter(feature=feature)} == {own}


def test_a_loan_ratio_built_to_cross_in_four_months_warns_and_a_flat_one_does_not(db):
    rising, flat = center(), other_center()
    months = [f"{2025 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}" for m in range(1, 24)]  # 2025-01 .. 2026-11
    for n, month in enumerate(months):
        # + 0.005 a month to 0.83 in 2026-11: 0.835, 0.84, 0.845 and 0.85 four months on
        file_return(rising, month, loan_balance=str(8_300_000 - 50_000 * (22 - n) + 1_000 * (n % 2)))
        file_return(flat, month, loan_balance=str(7_400_000 + 1_000 * (n % 2)))
    assert refresh_forecasts() == 4
    runs = {(r.center_id, r.indicator): r for r in ForecastRun.objects.all()}
    assert runs[(rising.pk, "loan_ratio")].months_to_cross in (4, 5)
    assert runs[(flat.pk, "loan_ratio")].months_to_cross is None
    rows = fired_rows(RULE["fund.forecast_loan_ratio"])
    assert [(r["feature_id"], r["subject"], r["level"]) for r in rows] == [(rising.pk, "2026-11", 1)]
    assert fired_rows(RULE["fund.forecast_overdue_rate"]) == []


def test_a_center_line_set_in_the_admin_is_the_one_the_rule_uses(client, db):
    from tests.conftest import make_user

    feature = center()
    file_return(feature, "2026-11", loan_balance="8400000")  # 84%
    root = make_user("root", None, "supervisor", is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.post("/admin/funds/centerthresholds/add/", {"center": feature.pk, "loan_ratio_line": "0.8300"})
    assert response.status_code == 302
    assert subjects(RULE["fund.loan_ratio"]) == ["2026-11"]
