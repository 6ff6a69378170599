"""A full sweep outside a transaction runs the set-based rules in lanes, each on a connection of its
own (supervision/evaluation.run_sql_rules), and finds exactly what they find one after the other."""

import threading
from datetime import date

import pytest

from geo_server.sectors.buildings.models import CensusRecord, CurtainWallInspection
from geo_server.supervision import evaluation, store
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Warning
from tests.building_world import building
from tests.conftest import ensure_areas

TODAY = date(2026, 6, 1)


def open_warnings() -> set[tuple]:
    return set(Warning.objects.filter(is_open=True).values_list("rule_code", "feature__code", "subject", "level"))


@pytest.mark.django_db(transaction=True)
def test_the_set_rules_run_in_lanes_and_find_what_they_find_in_turn(settings, monkeypatch):
    ensure_areas()  # a transactional test's flush empties every table, the reference areas too
    unsafe = building("LANE-1", curtain_wall="framed", last_curtain_wall_inspection=date(2026, 4, 1))
    CurtainWallInspection.objects.create(building=unsafe, inspected_on=date(2026, 4, 1), result="unsafe")
    surveyed = building("LANE-2", where=(113.3250, 23.1380))
    CensusRecord.objects.create(building=surveyed, surveyed_on=date(2026, 5, 10), surveyor="陈工", structure="frame",
                                floors=4, year_built=1978, use="residential", suggests_danger=True)
    threads, real = set(), store.upsert_sql_rule
    monkeypatch.setattr(store, "upsert_sql_rule",
                        lambda *args: threads.add(threading.current_thread().name) or real(*args))

    settings.GEO_SERVER = {**settings.GEO_SERVER, "SWEEP_LANES": 1}
    sweep("building", today=TODAY)
    in_turn = open_warnings()
    assert threads == {threading.current_thread().name}
    assert {(code, feature) for code, feature, _s, _l in in_turn} >= {
        ("building.curtain_wall_defects", "LANE-1"), ("building.census_unappraised", "LANE-2")}

    Warning.objects.all().delete()
    threads.clear()
    settings.GEO_SERVER = {**settings.GEO_SERVER, "SWEEP_LANES": 2}
    sweep("building", today=TODAY)
    assert open_warnings() == in_turn
    assert threads and all(name.startswith("sweep") for name in threads)


@pytest.mark.django_db
def test_inside_a_transaction_the_rules_run_in_turn_on_its_connection(settings, monkeypatch):
    """The test's own transaction holds rows no other connection sees: no lanes there."""
    settings.GEO_SERVER = {**settings.GEO_SERVER, "SWEEP_LANES": 2}
    unsafe = building("LANE-3", curtain_wall="framed", last_curtain_wall_inspection=date(2026, 4, 1))
    CurtainWallInspection.objects.create(building=unsafe, inspected_on=date(2026, 4, 1), result="unsafe")
    monkeypatch.setattr(evaluation, "ThreadPoolExecutor", None)  # would raise if used
    sweep("building", today=TODAY)
    assert ("building.curtain_wall_defects", "LANE-3") in {(c, f) for c, f, _s, _l in open_warnings()}
