"""The hazards dashboard's chart dicts on a hand-counted world (tests/dashboards_world.py), scoped and
filtered, and the filters the panel API accepts or refuses."""

from datetime import date

import pytest

from geo_server.dashboards import hazards
from geo_server.dashboards.filters import default_range, month_range
from geo_server.dashboards.overview import hazard_figures, open_hazards_map, sector_figures
from geo_server.sector import DashboardFilter
from tests.dashboards_world import make_world
from tests.loop import city_bureau

ALL = DashboardFilter()


@pytest.fixture
def world(db):
    return make_world()


def states(user, filters=ALL):
    return {item["key"]: item["value"] for item in hazards.by_state(user, filters)["items"]}


def tiles(data):
    return {tile["key"]: tile["value"] for tile in data["tiles"]}


def test_it_counts_the_provinces_hazards_by_state_kind_and_district(world, alice):
    assert states(alice) == {"new": 2, "dispatched": 1, "replied": 1, "closed": 2, "closed_not_fixed": 1}
    kinds = hazards.by_kind(alice, ALL)
    assert kinds["series"][0]["data"] == [5, 2]
    assert len(kinds["categories"]) == 2
    bar = hazards.by_district_bar(alice, ALL)
    assert bar["category_areas"] == ["440106", "440104", "440105"]  # Shenzhen's hazard has no district
    assert bar["series"][0]["data"] == [3, 2, 1]
    choropleth = hazards.by_district_map(alice, ALL)
    assert choropleth["level"] == "district"
    assert {a["code"]: a["value"] for a in choropleth["areas"]} == {"440106": 3, "440104": 2, "440105": 1}


def test_it_counts_open_overdue_and_the_median_days_to_close(world, alice):
    # Open: T-1, T-3, H-1, F-1; overdue: those with a past deadline (F-1 has none). Closed after
    # 10 (T-2), 4 (Y-1) and 17 (Y-2) days: the median is 10.
    assert tiles(hazards.figures(alice, ALL)) == {"open": 4, "overdue": 3, "median_days_to_close": 10.0}


def test_it_counts_hazards_raised_and_closed_per_month(world, alice):
    line = hazards.opened_closed(alice, ALL)
    assert line["categories"] == ["2026-01", "2026-02", "2026-03"]
    assert {s["key"]: s["data"] for s in line["series"]} == {"opened": [2, 3, 2], "closed": [1, 1, 1]}


def test_a_district_officer_sees_only_its_districts_numbers(world, bob):
    assert states(bob) == {"new": 1, "dispatched": 1, "closed": 1}
    assert hazards.by_district_bar(bob, ALL)["category_areas"] == ["440106"]
    assert tiles(hazards.figures(bob, ALL)) == {"open": 2, "overdue": 2, "median_days_to_close": 10.0}
    # An area the officer names cannot widen what the scope allows.
    assert states(bob, DashboardFilter(area="440100")) == {"new": 1, "dispatched": 1, "closed": 1}


def test_it_filters_by_time_range(world, alice):
    february = DashboardFilter(start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert states(alice, february) == {"new": 1, "closed": 1, "closed_not_fixed": 1}
    line = hazards.opened_closed(alice, february)
    assert line["categories"] == ["2026-02"]
    assert {s["key"]: s["data"] for s in line["series"]} == {"opened": [3], "closed": [1]}
    assert tiles(hazards.figures(alice, DashboardFilter(start=date(2026, 3, 1)))) == {
        "open": 2, "overdue": 2, "median_days_to_close": None}


def test_it_filters_by_area(world, alice):
    guangzhou = DashboardFilter(area="440100")
    assert sum(states(alice, guangzhou).values()) == 6  # all but Shenzhen's
    assert states(alice, DashboardFilter(area="440104")) == {"closed": 1, "closed_not_fixed": 1}
    assert states(alice, DashboardFilter(area="440300")) == {"new": 1}
    assert states(alice, DashboardFilter(area="440000")) == states(alice)


def test_the_overview_gives_an_officer_its_jurisdictions_figures(world, bob):
    figures = tiles(sector_figures(bob, ALL))
    assert figures["building.features"] == 2 and figures["concrete_plant.features"] == 1
    assert figures["building.warnings"] == 0
    assert tiles(hazard_figures(bob, ALL)) == {"open_hazards": 2, "overdue_hazards": 2}
    assert open_hazards_map(bob, ALL)["areas"][0]["code"] == "440106"
    assert all(t["href"] for t in sector_figures(bob, ALL)["tiles"])


def test_the_overview_map_of_a_city_counts_open_hazards_by_district(world):
    from tests.conftest import make_user

    carol = make_user("carol", city_bureau(), "supervisor")
    assert {a["code"]: a["value"] for a in open_hazards_map(carol, ALL)["areas"]} == {"440106": 2, "440105": 1}


def test_month_helpers():
    assert default_range(12, date(2026, 3, 9)) == ("2025-04", "2026-03")
    assert month_range(date(2025, 11, 1), date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_the_declared_dashboards_pass_the_system_check():
    from geo_server.dashboards.checks import dashboard_errors
    from geo_server.dashboards.registry import all_dashboards

    assert dashboard_errors(all_dashboards()) == []


def test_the_system_check_names_bad_declarations():
    from geo_server.dashboards.checks import dashboard_errors
    from geo_server.sector import Dashboard, DashboardPanel

    panel = DashboardPanel("Bad Id", "t", "radar", lambda user, filters: {}, width=13)
    problems = dashboard_errors([Dashboard("x", "X", (panel, panel)), Dashboard("x", "X", ())])
    assert problems == ["x: panel id 'Bad Id' is not [a-z0-9_]+", "x.Bad Id: unknown chart 'radar'",
                        "x.Bad Id: width 13 is not 1..12", "x: panel id 'Bad Id' is not [a-z0-9_]+",
                        "x.Bad Id: unknown chart 'radar'", "x.Bad Id: width 13 is not 1..12",
                        "x: two panels share an id", "two dashboards have the id 'x'"]
