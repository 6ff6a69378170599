"""Panel data shared for DASHBOARD_CACHE_SECONDS by users of one scope (dashboards/panel_cache.py):
a second officer of the same office reads it without a query, another office or language computes
its own, the Age header tells how old it is, and a user who has just written gets fresh data."""

import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo_server.dashboards import panel_cache
from geo_server.db_router import STICKY_COOKIE
from geo_server.features import scoping
from geo_server.sector import DashboardFilter
from geo_server.supervision.models import Hazard
from tests.conftest import make_user
from tests.dashboards_world import make_world
from tests.loop import city_bureau

PANEL = "/api/dashboards/hazards/panels/by_state?start=2026-01&end=2026-12"


@pytest.fixture
def world(db, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "DASHBOARD_CACHE_SECONDS": 30}
    return make_world()


def states(response) -> dict:
    return {item["key"]: item["value"] for item in response.json()["items"]}


def panel_queries(client) -> tuple[dict, int, str]:
    """The panel's states, the number of hazard queries it ran and its Age header."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PANEL)
    assert response.status_code == 200
    hazard_queries = sum("supervision_hazard" in q["sql"] for q in queries.captured_queries)
    return states(response), hazard_queries, response["Age"]


def test_a_second_officer_of_the_office_reads_the_panel_without_a_query(client, world, bob, tianhe_office):
    client.force_login(bob)
    first, ran, age = panel_queries(client)
    assert first == {"new": 1, "closed": 1, "dispatched": 1} and ran == 1 and age == "0"
    Hazard.objects.filter(state="new").delete()  # not seen for the cache's lifetime: a lag-tolerant read
    client.force_login(make_user("bob2", tianhe_office, "inspector"))
    again, ran, age = panel_queries(client)
    assert again == first and ran == 0 and int(age) <= 1


def test_another_scope_or_language_computes_its_own(client, world, bob, alice):
    client.force_login(bob)
    assert panel_queries(client)[:2] == ({"new": 1, "closed": 1, "dispatched": 1}, 1)  # Tianhe's
    client.force_login(alice)  # the province: every city
    province, ran, _age = panel_queries(client)
    assert ran == 1 and province["new"] == 2
    client.force_login(bob)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PANEL, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert any("supervision_hazard" in q["sql"] for q in queries.captured_queries)
    assert panel_queries(client)[1] == 0  # its own language again: cached


def test_the_scope_key_changes_with_the_jurisdiction(world, bob):
    before = scoping.scope_key(bob)
    bob.organisation.jurisdiction_id = city_bureau().jurisdiction_id
    assert scoping.scope_key(bob) != before


def test_a_user_who_has_just_written_gets_fresh_data(client, world, bob):
    client.force_login(bob)
    assert panel_queries(client)[0]["new"] == 1
    hazard = Hazard.objects.get(state="new", feature__code="T-1")
    Hazard.objects.filter(pk=hazard.pk).update(state="dispatched")
    assert panel_queries(client)[0]["new"] == 1  # cached
    # Any successful write through the site sets the sticky cookie (here: switching the language).
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and STICKY_COOKIE in response.cookies
    fresh, ran, age = panel_queries(client)
    assert fresh == {"closed": 1, "dispatched": 2} and ran == 1 and age == "0"


def test_the_cache_is_off_at_zero(client, world, bob, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "DASHBOARD_CACHE_SECONDS": 0}
    client.force_login(bob)
    assert panel_queries(client)[1] == 1
    assert panel_queries(client)[1] == 1


def test_users_asking_at_once_for_a_missing_entry_wait_for_one_computation(world, bob):
    calls = []

    def slow(user, filters):
        calls.append(1)
        time.sleep(0.3)
        return {"n": len(calls)}

    dashboard = SimpleNamespace(id="test")
    panel = SimpleNamespace(id="slow", data=slow)
    filters = DashboardFilter(start=None, end=None, area=None)
    scoping.scope_key(bob)  # loads bob's organisation before the threads share him
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _i: panel_cache.panel_data(bob, dashboard, panel, filters), range(4)))
    assert len(calls) == 1
    assert [data for data, _age in answers] == [{"n": 1}] * 4
    assert panel_cache.panel_data(bob, dashboard, panel, filters, fresh=True) == ({"n": 2}, 0)
