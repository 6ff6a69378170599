"""The read replica, for real: bin/replica makes a streaming PostgreSQL standby of the primary on
port 5433, and the "replica" alias points at its copy of the test database (physical replication
copies pytest's CREATE DATABASE too). With replay paused on the standby, a row committed on the
primary is missing from what a lag-tolerant view returns: that is what proves the view read from
the replica, with pg_is_in_recovery() on the same connection. Then read-your-writes, writes to the
primary, and a stopped replica that costs nothing but a log line.
"""

import json
import logging
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.cache import cache
from django.db import connections, router
from django.test.utils import CaptureQueriesContext, override_settings

from geo_server import db_router
from geo_server.db_router import PRIMARY, REPLICA, STICKY_COOKIE
from geo_server.features.models import Feature
from geo_server.settings import replica_database
from layers.tiles import empty_tile
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, ensure_areas, point_feature

ROOT = Path(__file__).resolve().parent.parent
PORT = "5433"
ITEMS = "/ogc/collections/concrete_plant/items"
PANEL = "/api/dashboards/hazards/panels/by_state?start=2026-01&end=2026-12"
WAIT_SECONDS = 60  # the longest a standby may take to replay what the primary committed

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def replica_control() -> psycopg.Connection:
    """A connection to the standby's own postgres database, for pausing replay: not the alias under test."""
    default = connections["default"].settings_dict
    return psycopg.connect(host="127.0.0.1", port=PORT, user=default["USER"], password=default["PASSWORD"],
                           dbname="postgres", autocommit=True)


def replayed_up_to_primary(control: psycopg.Connection) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + WAIT_SECONDS
    while not control.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[0]:
        assert time.monotonic() < deadline, f"the replica did not replay up to {lsn} in {WAIT_SECONDS} s"
        time.sleep(0.05)


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup, django_db_blocker):
    """Start (or make) the standby, and point the "replica" alias at its copy of the test database."""
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.splitlines()
    was_running = any(line.split()[1:2] == ["replica"] and "online" in line for line in clusters)
    made = subprocess.run([str(ROOT / "bin" / "replica"), PORT], capture_output=True, text=True)
    if made.returncode:
        pytest.fail(f"bin/replica could not start the standby (it needs root):\n{made.stdout}{made.stderr}")
    default = connections["default"].settings_dict
    url = f"postgres://{default['USER']}:{default['PASSWORD']}@127.0.0.1:{PORT}/{default['NAME']}"
    entry = connections.configure_settings({PRIMARY: default, REPLICA: replica_database(url)})[REPLICA]
    connections.settings[REPLICA] = entry
    routers = override_settings(DATABASE_ROUTERS=["geo_server.db_router.ReplicaRouter"],
                                DATABASES={**settings.DATABASES, REPLICA: entry})
    routers.enable()
    control = replica_control()
    with django_db_blocker.unblock():
        replayed_up_to_primary(control)
    yield control
    connections[REPLICA].close()
    routers.disable()
    del connections[REPLICA]
    del connections.settings[REPLICA]
    control.close()
    if not was_running:  # as it was found: a standby replays every database of the machine
        subprocess.run([str(ROOT / "bin" / "replica"), "--stop"], check=True, capture_output=True)


@pytest.fixture(autouse=True)
def fresh(replica, transactional_db):
    ensure_areas()  # the previous test's flush emptied every table, the reference areas too
    replayed_up_to_primary(replica)
    cache.clear()  # tiles and extents are cached by data version; ids and versions repeat across tests
    db_router._replica_down_until = 0.0
    yield
    db_router._replica_down_until = 0.0


@contextmanager
def replay_paused(control: psycopg.Connection):
    """The standby stops applying what the primary writes (it still receives it) until the end."""
    replayed_up_to_primary(control)
    control.execute("SELECT pg_wal_replay_pause()")
    try:
        while control.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] != "paused":
            time.sleep(0.01)
        yield
    finally:
        control.execute("SELECT pg_wal_replay_resume()")


def item_codes(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {f["properties"]["code"] for f in json.loads(response.content)["features"]}


def test_ogc_items_come_from_the_replica_which_is_in_recovery(client, alice, replica):
    point_feature("OLD", *CANTON_TOWER)
    client.force_login(alice)
    with replay_paused(replica):
        point_feature("NEW", *TIANHE_SPORTS_CENTER)  # committed on the primary, not yet on the replica
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            codes = item_codes(client.get(ITEMS))
        assert codes == {"OLD"}
        assert any("ST_AsGeoJSON" in q["sql"] for q in on_replica.captured_queries)
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), current_setting('port')")
            assert cursor.fetchone() == (True, PORT)
    replayed_up_to_primary(replica)
    assert item_codes(client.get(ITEMS)) == {"OLD", "NEW"}


def test_a_tile_is_rendered_on_the_replica_and_not_on_the_primary(client, alice, replica):
    point_feature("TH", *TIANHE_SPORTS_CENTER)  # the only plant in tile 14/13349/7109
    client.force_login(alice)
    replayed_up_to_primary(replica)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections[PRIMARY]) as on_primary:
        response = client.get("/tiles/concrete_plant/14/13349/7109.mvt")
    assert response.status_code == 200 and response.content != empty_tile("concrete_plant")
    assert any("ST_AsMVT" in q["sql"] for q in on_replica.captured_queries)
    assert not any("ST_AsMVT" in q["sql"] for q in on_primary.captured_queries)
    assert not any("layers_data_version" in q["sql"] for q in on_primary.captured_queries)


def test_a_dashboard_panel_reads_from_the_replica_but_the_session_from_the_primary(client, alice):
    client.force_login(alice)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections[PRIMARY]) as on_primary:
        response = client.get(PANEL)
    assert response.status_code == 200, response.content[:300]
    assert any("supervision_hazard" in q["sql"] for q in on_replica.captured_queries)
    assert not any("supervision_hazard" in q["sql"] for q in on_primary.captured_queries)
    # A session made a moment ago is found: identity tables are always read on the primary.
    assert any("django_session" in q["sql"] for q in on_primary.captured_queries)
    assert not any("django_session" in q["sql"] or "accounts_user" in q["sql"] for q in on_replica.captured_queries)


def test_the_wage_ranking_reads_its_raw_sql_from_the_replica(client, alice):
    client.force_login(alice)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections[PRIMARY]) as on_primary:
        assert client.get("/worksites/ranking/").status_code == 200
    assert any("worksites_workermonth" in q["sql"] for q in on_replica.captured_queries)
    assert not any("worksites_workermonth" in q["sql"] for q in on_primary.captured_queries)


def test_a_page_that_is_not_marked_reads_from_the_primary(client, alice):
    client.force_login(alice)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get("/hazards/").status_code == 200
    assert on_replica.captured_queries == []


def test_writes_go_to_the_primary_even_inside_a_lag_tolerant_request(replica):
    token = db_router._reads_may_lag.set(True)
    try:
        assert router.db_for_read(Feature) == REPLICA
        assert router.db_for_write(Feature) == PRIMARY
        with replay_paused(replica):
            feature = Feature.objects.create(kind="concrete_plant", code="W1", name="W1",
                                             geom=GEOSGeometry("POINT(113.3245 23.1065)", srid=4326))
            assert Feature.objects.using(PRIMARY).filter(pk=feature.pk).exists()
            assert not Feature.objects.filter(pk=feature.pk).exists()  # routed to the paused replica
    finally:
        db_router._reads_may_lag.reset(token)
    assert router.db_for_read(Feature) == PRIMARY  # outside a marked request


def test_after_a_write_the_user_reads_from_the_primary_until_the_cookie_ends(client, alice, replica, settings):
    client.force_login(alice)
    with replay_paused(replica):
        point_feature("MINE", *CANTON_TOWER)
        response = client.post("/inbox/read-all")  # any successful write
        assert response.status_code == 302
        assert response.cookies[STICKY_COOKIE]["max-age"] == settings.GEO_SERVER["REPLICA_STICKY_SECONDS"]
        assert item_codes(client.get(ITEMS)) == {"MINE"}  # read-your-writes: from the primary
        # The cookie gone (expired), the user reads from the lagging replica again.
        del client.cookies[STICKY_COOKIE]
        assert item_codes(client.get(ITEMS)) == set()
        # A cookie that was not signed by the server, or whose time has passed, counts for nothing.
        client.cookies[STICKY_COOKIE] = str(time.time() + 60)
        assert item_codes(client.get(ITEMS)) == set()
        client.cookies[STICKY_COOKIE] = client_signed(str(time.time() - 1))
        assert item_codes(client.get(ITEMS)) == set()
        client.cookies[STICKY_COOKIE] = client_signed(str(time.time() + 60))
        assert item_codes(client.get(ITEMS)) == {"MINE"}


def client_signed(value: str) -> str:
    from django.core.signing import get_cookie_signer

    return get_cookie_signer(salt=STICKY_COOKIE + STICKY_COOKIE).sign(value)


def test_a_failed_write_or_a_lag_tolerant_post_does_not_pin_the_user_to_the_primary(client, alice, replica):
    point_feature("HZ", *CANTON_TOWER)
    client.force_login(alice)
    replayed_up_to_primary(replica)
    refused = client.post("/api/zones", "{", content_type="application/json")
    assert refused.status_code == 400 and STICKY_COOKIE not in refused.cookies
    # An export POSTs its polygon but only reads: it reads from the replica and pins nobody.
    box = {"type": "Polygon", "coordinates": [[[113.3, 23.1], [113.35, 23.1], [113.35, 23.12], [113.3, 23.12],
                                                [113.3, 23.1]]]}
    with replay_paused(replica):
        point_feature("NEW", 113.32, 23.11)  # inside the box, not yet on the replica
        export = client.post("/exports/?layer=concrete_plant&format=geojson", json.dumps(box),
                             content_type="application/json")
        assert export.status_code == 200
        features = json.loads(b"".join(export.streaming_content))["features"]
    assert [f["properties"]["code"] for f in features] == ["HZ"]  # read from the paused replica
    assert STICKY_COOKIE not in export.cookies
    assert router.db_for_read(Feature) == PRIMARY  # the streamed body has been sent: routing over


def test_a_stopped_replica_falls_back_to_the_primary_without_an_error(client, alice, replica, caplog):
    """Last in the file: it stops the standby, and starts it again for whatever runs after it."""
    point_feature("TH", *TIANHE_SPORTS_CENTER)
    client.force_login(alice)
    replayed_up_to_primary(replica)
    assert item_codes(client.get(ITEMS)) == {"TH"}  # the alias is connected to the live replica
    subprocess.run([str(ROOT / "bin" / "replica"), "--stop"], check=True, capture_output=True)
    try:
        with caplog.at_level(logging.WARNING, logger="geo_server.db"), \
                CaptureQueriesContext(connections[PRIMARY]) as on_primary:
            assert item_codes(client.get(ITEMS)) == {"TH"}
            tile = client.get("/tiles/concrete_plant/14/13349/7109.mvt")
            panel = client.get(PANEL)
        assert tile.status_code == 200 and tile.content != empty_tile("concrete_plant")
        assert panel.status_code == 200
        assert any("ST_AsGeoJSON" in q["sql"] for q in on_primary.captured_queries)
        assert any("ST_AsMVT" in q["sql"] for q in on_primary.captured_queries)
        # One log line, then the replica is skipped for the back-off instead of tried on every read.
        warnings = [r for r in caplog.records if r.name == "geo_server.db"]
        assert len(warnings) == 1 and "read replica unreachable" in warnings[0].getMessage()
        assert db_router._replica_down_until > time.monotonic()
    finally:
        connections[REPLICA].close()
        subprocess.run([str(ROOT / "bin" / "replica"), PORT], check=True, capture_output=True)
