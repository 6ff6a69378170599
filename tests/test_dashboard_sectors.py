"""The sector dashboards' panels (river chiefs, buildings, construction sites) on the small worlds of
tests/dashboard_worlds.py: hand-checked counts, scoping (bob, Tianhe's office, sees Tianhe only), and
the time and area filters."""

import json
from datetime import date, datetime
from datetime import timezone as dt_timezone
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation

from basins.quality import INDICATORS, indicator_level
from basins.quality_sql import SAMPLE_LEVEL_SQL
from geo_server.dashboards.timespan import moment_bounds, month_keys
from geo_server.sector import CHARTS, DashboardFilter, sector_for
from tests.dashboard_worlds import build_buildings, build_rivers, build_sites

F = DashboardFilter
YEAR_2026 = F(date(2026, 1, 1), date(2026, 12, 31))
TODAY = date(2026, 6, 1)
OWED_PER_DAY = Decimal("114.94")  # 2,500 / 21.75, rounded (DOMAIN.md §3)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def panel(kind: str, panel_id: str):
    [dashboard] = sector_for(kind).dashboards
    return next(p.data for p in dashboard.panels if p.id == panel_id)


def pie(data) -> dict:
    return {item["key"]: item["value"] for item in data["items"]}


def series(data) -> dict:
    return {s["key"]: s["data"] for s in data["series"]}


def test_every_sector_dashboard_declares_unique_panels_of_known_charts():
    for kind, dashboard_id in (("river_reach", "rivers"), ("building", "buildings"),
                               ("construction_site", "construction")):
        [dashboard] = sector_for(kind).dashboards
        assert dashboard.id == dashboard_id
        ids = [p.id for p in dashboard.panels]
        assert len(ids) == len(set(ids)) and all(p.chart in CHARTS for p in dashboard.panels)


@pytest.mark.parametrize("indicator", INDICATORS)
@pytest.mark.parametrize("depth", [None, 10.0, 24.9, 25.0, 40.0])
def test_the_sql_indicator_levels_agree_with_the_guideline_functions(db, indicator, depth):
    values = [-250, -200, -199.9, 0, 1.6, 3.9, 4.0, 5, 8, 9.96, 10, 15, 15.1, 20, 25, 25.1, 50, 50.1, 0.1, 0.2, 2.0,
              2.1, 7.99]
    columns = (*INDICATORS, "depth_cm")
    rows = ", ".join("(" + ", ".join(f"{v}::float8" if name in (indicator, "depth_cm") and v is not None
                                     else "NULL::float8" for name, v in zip(columns, (*[value] * 4, depth))) + ")"
                     for value in values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {SAMPLE_LEVEL_SQL[indicator]} FROM (VALUES {rows}) s({', '.join(columns)})")
        levels = [row[0] for row in cursor.fetchall()]
    assert levels == [int(indicator_level(indicator, float(v), depth)) for v in values]


def test_month_keys_fill_every_month_of_the_range_across_a_year_end():
    assert month_keys(F(date(2025, 11, 15), date(2026, 2, 1)), set()) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_keys(F(), {"2026-03", "2026-01"}) == ["2026-01", "2026-02", "2026-03"]
    assert month_keys(F(start=date(2026, 4, 1)), set()) == []


def test_moment_bounds_run_from_the_first_days_midnight_to_the_one_after_the_last_day_in_china():
    start, before = moment_bounds(F(date(2026, 3, 1), date(2026, 3, 31)))
    assert (start, before) == (datetime(2026, 2, 28, 16, tzinfo=dt_timezone.utc),
                               datetime(2026, 3, 31, 16, tzinfo=dt_timezone.utc))
    assert moment_bounds(F()) == (None, None)


# River chiefs

def test_it_classes_each_reach_by_its_samples_in_the_range(alice, bob, tianhe_office):
    build_rivers(tianhe_office)
    quality = panel("river_reach", "quality_classes")
    assert pie(quality(alice, YEAR_2026)) == {"severe": 1, "mild": 1, "no_samples": 1}
    assert pie(quality(alice, F())) == {"severe": 2, "no_samples": 1}  # H's 2025 samples make it severe
    assert pie(quality(bob, YEAR_2026)) == {"severe": 1, "no_samples": 1}
    assert pie(quality(alice, F(date(2026, 1, 1), date(2026, 12, 31), "440105"))) == {"mild": 1}
    by_district = panel("river_reach", "quality_by_district")(alice, YEAR_2026)
    assert by_district["categories"] == ["海珠区", "天河区"]
    assert by_district["category_areas"] == ["440105", "440106"]
    assert series(by_district) == {"severe": [0, 1], "mild": [1, 0], "none": [0, 0], "no_samples": [0, 1]}
    assert {s["key"]: s["color"] for s in by_district["series"]}["severe"] == "#c62828"  # a red warning's red


def test_it_counts_reaches_by_the_level_in_force_on_the_ranges_last_day(alice, bob, tianhe_office):
    build_rivers(tianhe_office)
    levels = panel("river_reach", "risk_levels")
    assert pie(levels(alice, YEAR_2026)) == {"orange": 1, "yellow": 1, "not_assessed": 1}
    assert pie(levels(alice, F(end=date(2026, 4, 30)))) == {"red": 1, "yellow": 1, "not_assessed": 1}
    # H's March level still holds in June: the level in force on the range's last day.
    assert pie(levels(alice, F(date(2026, 6, 1), date(2026, 6, 30)))) == {"orange": 1, "yellow": 1, "not_assessed": 1}
    assert pie(levels(alice, F(end=date(2026, 2, 28)))) == {"not_assessed": 3}
    assert pie(levels(bob, YEAR_2026)) == {"orange": 1, "not_assessed": 1}


def test_it_sums_patrol_compliance_per_district_in_the_period_of_the_ranges_end(alice, bob, tianhe_office):
    build_rivers(tianhe_office)
    march = F(date(2026, 3, 1), date(2026, 3, 15))  # the 旬 of 11-20 March: one patrol day due
    bars = panel("river_reach", "compliance_by_district")(alice, march)
    assert bars["categories"] == ["海珠区", "天河区"] and bars["category_areas"] == ["440105", "440106"]
    assert series(bars) == {"due": [1, 1], "done": [0, 1]}
    choropleth = panel("river_reach", "compliance_map")(alice, march)
    assert choropleth["level"] == "district"
    assert {a["code"]: a["value"] for a in choropleth["areas"]} == {"440105": 0.0, "440106": 100.0}
    assert series(panel("river_reach", "compliance_by_district")(bob, march)) == {"due": [1], "done": [1]}


def test_it_counts_patrols_per_month_counted_or_not(alice, bob, tianhe_office):
    build_rivers(tianhe_office)
    quarter = F(date(2026, 1, 1), date(2026, 3, 31))
    patrols = panel("river_reach", "patrols_per_month")
    data = patrols(alice, quarter)
    assert data["categories"] == ["2026-01", "2026-02", "2026-03"]
    assert series(data) == {"valid": [1, 0, 1], "invalid": [0, 1, 0]}
    assert series(patrols(bob, quarter)) == {"valid": [0, 0, 1], "invalid": [0, 1, 0]}
    assert series(patrols(alice, F(date(2026, 2, 1), date(2026, 3, 31), "440105"))) == {"valid": [0, 0],
                                                                                       "invalid": [0, 0]}


# Buildings

@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


def test_it_counts_buildings_by_grade_and_dangerous_ones_by_district(alice, bob):
    build_buildings()
    assert pie(panel("building", "grades")(alice, F())) == {"A": 1, "C": 1, "D": 1, "ungraded": 1}
    assert pie(panel("building", "grades")(bob, F())) == {"A": 1, "D": 1}
    assert [i["color"] for i in panel("building", "grades")(bob, F())["items"]] == ["#2e7d32", "#c62828"]
    stacked = panel("building", "grades_by_district")(alice, F())
    assert stacked["category_areas"] == ["440105", "440106"]
    assert series(stacked) == {"A": [0, 1], "B": [0, 0], "C": [1, 0], "D": [0, 1], "ungraded": [1, 0]}
    dangerous = panel("building", "dangerous_map")(alice, F(area="440106"))
    assert [(a["code"], a["value"]) for a in dangerous["areas"]] == [("440106", 1)]


def test_it_lists_curtain_walls_overdue_or_due_within_90_days(alice, bob, today):
    b = build_buildings()
    tiles = {t["key"]: t["value"] for t in panel("building", "curtain_wall_tiles")(alice, F())["tiles"]}
    assert tiles == {"overdue": 1, "due_soon": 1}
    assert {t["key"]: t["value"] for t in panel("building", "curtain_wall_tiles")(bob, F())["tiles"]} == {
        "overdue": 1, "due_soon": 0}
    rows = panel("building", "curtain_wall_table")(alice, F())["rows"]
    assert [(r["code"], r["due"], r["days_left"], r["area"]) for r in rows] == [
        ("T-A", "2024-01-01", -882, "440106"), ("H-C", "2026-07-01", 30, "440105")]
    assert rows[0]["href"] == f"/features/{b['T-A'].pk}/"


def test_it_counts_building_warnings_by_the_month_first_seen(alice, bob):
    build_buildings()
    spring = F(date(2026, 3, 1), date(2026, 4, 30))
    data = panel("building", "warnings_per_month")(alice, spring)
    assert data["categories"] == ["2026-03", "2026-04"]
    assert series(data) == {"building.curtain_wall_inspection": [1, 0], "building.dangerous_grade": [1, 1],
                            "still_open": [1, 1]}
    assert [s["name"] for s in data["series"]][:2] == ["玻璃幕墙检查逾期", "危险房屋等级 C/D"]
    assert series(panel("building", "warnings_per_month")(bob, spring)) == {
        "building.curtain_wall_inspection": [1, 0], "building.dangerous_grade": [1, 0], "still_open": [1, 0]}
    assert series(panel("building", "warnings_per_month")(alice, F(date(2026, 4, 1), date(2026, 4, 30)))) == {
        "building.dangerous_grade": [1], "still_open": [1]}


# Construction sites

def test_the_construction_tiles_count_sites_workers_and_what_the_open_warnings_owe(alice, bob):
    build_sites()
    tiles = panel("construction_site", "tiles")
    figures = lambda user, filters: {t["key"]: t["value"] for t in tiles(user, filters)["tiles"]}  # noqa: E731
    assert figures(alice, F()) == {"sites": 2, "workers": 3, "open_warnings": 4, "unpaid": 3,
                                   "owed": float(17 * OWED_PER_DAY)}
    assert figures(alice, F(date(2026, 3, 1), date(2026, 3, 31))) == {
        "sites": 2, "workers": 3, "open_warnings": 3, "unpaid": 2, "owed": float(12 * OWED_PER_DAY)}
    assert figures(bob, F()) == {"sites": 1, "workers": 2, "open_warnings": 3, "unpaid": 2,
                                 "owed": float(15 * OWED_PER_DAY)}


def test_it_counts_unpaid_worker_months_per_month_and_per_district(alice, bob):
    build_sites()
    per_month = panel("construction_site", "unpaid_per_month")(alice, F())
    assert per_month["categories"] == ["2026-03", "2026-04"] and series(per_month) == {"unpaid": [2, 1]}
    assert series(panel("construction_site", "unpaid_per_month")(bob, F(end=date(2026, 3, 31)))) == {"unpaid": [1]}
    bars = panel("construction_site", "unpaid_by_district")(alice, F())
    assert (bars["categories"], bars["category_areas"], series(bars)) == (
        ["天河区", "海珠区"], ["440106", "440105"], {"unpaid": [2, 1]})
    assert panel("construction_site", "unpaid_map")(alice, F(area="440105"))["areas"] == [
        {"code": "440105", "name": "海珠区", "value": 1}]


def test_it_stacks_open_wage_warnings_by_rule_and_month_named_in_the_page_language(alice):
    build_sites()
    bars = panel("construction_site", "open_wage_warnings")(alice, F(date(2026, 3, 1), date(2026, 3, 31)))
    assert bars["categories"] == bars["category_months"] == ["2026-03"]
    assert [(s["key"], s["name"], s["data"]) for s in bars["series"]] == [
        ("wage.unpaid", "有考勤无工资发放", [2]), ("wage.wrong_payee", "工资未发放至本人账户", [1])]
    with translation.override("en"):
        assert panel("construction_site", "open_wage_warnings")(alice, F())["series"][0]["name"] == (
            "Attendance but no wage payment")


def test_it_lists_enterprises_blacklisted_during_the_range_on_sites_in_scope(alice, bob):
    world = build_sites()
    blacklisted = panel("construction_site", "blacklisted")
    rows = blacklisted(alice, YEAR_2026)["rows"]
    assert [(r["enterprise"], r["starts_on"], r["until"], r["sites"]) for r in rows] == [
        ("乙建筑有限公司", "2026-02-01", "2026-12-31", 1)]
    assert rows[0]["href"] == f"/worksites/enterprises/{world['enterprises']['B'].pk}/"
    assert blacklisted(bob, YEAR_2026)["rows"] == []  # 乙建筑 works in Haizhu only
    assert [r["enterprise"] for r in blacklisted(alice, F(date(2025, 1, 1), date(2025, 12, 31)))["rows"]] == [
        "甲建筑有限公司"]


def test_every_panel_answers_json_for_a_user_who_sees_nothing(erin, tianhe_office, today):
    build_rivers(tianhe_office)
    build_buildings()
    for kind in ("river_reach", "building", "construction_site"):
        [dashboard] = sector_for(kind).dashboards
        for p in dashboard.panels:
            data = json.loads(json.dumps(p.data(erin, YEAR_2026)))
            values = [item["value"] for item in data.get("items", [])] + [
                v for s in data.get("series", []) for v in s["data"]] + [a["value"] for a in data.get("areas", [])]
            assert not any(values) and not data.get("rows"), (kind, p.id)
