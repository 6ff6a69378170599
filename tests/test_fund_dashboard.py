"""The fund dashboard's panels as dicts: hand-checked sums over two centers, each panel scoped (a
center's staff see their own, the province both) and filtered by area and time."""

from datetime import date

import pytest

from geo_server.accounts.models import Organisation
from geo_server.sector import DashboardFilter, sector_for
from geo_server.sectors.funds.forecast_runs import refresh_forecasts
from geo_server.sectors.funds.models import CenterThresholds, LargeTransaction
from tests.conftest import area, make_user
from tests.fund_world import center, file_return

FUTIAN = (114.0579, 22.5431)  # 福田区, Shenzhen
PANELS = {p.id: p for p in sector_for("fund_center").dashboards[0].panels}
ALL = DashboardFilter(start=date(2026, 10, 1), end=date(2026, 11, 30))


@pytest.fixture
def world(db):
    own = Organisation.objects.create(name="广州住房公积金管理中心", type="enterprise", jurisdiction=area("440100"))
    gz, sz = center(organisation=own), center("HPF440300", FUTIAN)
    for month in ("2026-10", "2026-11"):
        file_return(gz, month)
        file_return(sz, month, loan_balance="8500000", withdrawal_rent="300000")
    file_return(gz, "2026-09", deposits_collected="999")  # outside the range
    CenterThresholds.objects.create(center=gz, loan_ratio_line="0.8100")
    LargeTransaction.objects.create(center=sz, txn_id="T1", occurred_at="2026-11-02T02:00:00Z", direction="in",
                                    amount="70000000", counterparty_masked="深*司")
    return gz, sz, make_user("carol", own, "enterprise_user")


def data(panel, user, filters=ALL):
    return PANELS[panel].data(user, filters)


def test_the_ranking_lists_each_centers_latest_month_highest_loan_ratio_first(world, alice):
    gz, sz, carol = world
    rows = data("ranking", alice)["rows"]
    assert [(r["name"], r["month"], r["loan_ratio"], r["area"]) for r in rows] == [
        ("HPF440300", "2026-11", 0.85, "440300"), ("HPF440100", "2026-11", 0.8, "440100")]
    assert rows[1]["net_flow"] == 10.0 and rows[0]["net_flow"] == -10.0  # +100,000 and -100,000 yuan
    assert [r["name"] for r in data("ranking", carol)["rows"]] == ["HPF440100"]
    assert [r["name"] for r in data("ranking", alice, DashboardFilter(area="440300"))["rows"]] == ["HPF440300"]


def test_flows_and_reasons_sum_the_centers_months_in_range(world, alice):
    chart = data("flows", alice)
    assert chart["categories"] == ["2026-10", "2026-11"]
    assert {s["key"]: s["data"] for s in chart["series"]} == {
        "deposits": [200.0, 200.0], "withdrawals": [140.0, 140.0], "loans": [100.0, 100.0]}
    pie = {i["key"]: i["value"] for i in data("withdrawal_reasons", alice)["items"]}
    assert pie == {"purchase": 120.0, "rent": 80.0, "repayment": 40.0, "retirement": 20.0, "other": 20.0}


def test_one_centers_line_has_its_own_threshold_and_its_forecast_band(world, alice):
    gz, sz, carol = world
    several = data("loan_ratio", alice)
    assert several["thresholds"][0]["value"] == 0.85 and several["bands"] == []
    assert several["series"][0]["data"] == [0.825, 0.825]  # 16,500,000 / 20,000,000
    refresh_forecasts()
    own = data("loan_ratio", carol)
    assert own["thresholds"][0]["value"] == 0.81
    assert own["categories"][:3] == ["2026-10", "2026-11", "2026-12"] and len(own["categories"]) == 8
    assert own["series"][0]["data"][2:] == [None] * 6
    band = own["bands"][0]
    assert band["lower"][:2] == [None, None] and len(band["upper"]) == 8
    assert band["lower"][2] <= own["series"][1]["data"][2] <= band["upper"][2]


def test_the_large_flows_and_the_map_are_scoped(world, alice):
    gz, sz, carol = world
    rows = data("large_flows", alice)["rows"]
    assert [(r["txn_id"], r["amount"], r["counterparty"], r["area"]) for r in rows] == [("T1", 7000.0, "深*司", "440300")]
    assert data("large_flows", carol)["rows"] == []
    assert data("loan_ratio_map", alice)["areas"] == [
        {"code": "440100", "name": "广州市", "value": 80.0}, {"code": "440300", "name": "深圳市", "value": 85.0}]
    assert [a["code"] for a in data("loan_ratio_map", carol)["areas"]] == ["440100"]


def test_the_panel_api_serves_the_fund_dashboard(client, world, alice):
    client.force_login(alice)
    response = client.get("/api/dashboards/funds/panels/ranking?start=2026-10&end=2026-11&area=440300")
    assert response.status_code == 200 and len(response.json()["rows"]) == 1
