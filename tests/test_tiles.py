"""Vector tiles: content decoded by GDAL (pyogrio and ogrinfo), codes, caching headers, jurisdiction.

Tile addresses are hand-checked from the slippy-map formulas: at zoom 14 the Tianhe Sports
Center (113.3240, 23.1380) lies in tile 13349/7109 and the Canton Tower (113.3245, 23.1065) in
13349/7110; at zoom 12 both lie in 3337/1777, at zoom 8 both in 208/111, in different cells
(cell rows 2 and 3 of 32).
"""

import json
import os
import subprocess

import pyogrio
import pytest
import shapely
from django.contrib.gis.geos import Point, Polygon
from django.db import connection

from geo_server.features.kinds import RiskLevel
from geo_server.features.models import Feature
from layers.catalogue import get_layer
from layers.tiles import TileAddress, empty_tile, refresh_cells, render_tile
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, ensure_areas, make_user, point_feature

MVT = "application/vnd.mapbox-vector-tile"


def read_tile(response, tmp_path, layer: str, z: int, x: int, y: int):
    """The tile's features as a GeoDataFrame in EPSG:3857, decoded by GDAL's MVT driver."""
    assert response.status_code == 200
    assert response["Content-Type"] == MVT
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{layer}-{z}-{x}-{y}.mvt"
    path.write_bytes(response.content)
    return pyogrio.read_dataframe(path, layer=layer, X=x, Y=y, Z=z, METADATA_FILE="")


def mercator(lon: float, lat: float) -> tuple[float, float]:
    point = Point(lon, lat, srid=4326)
    point.transform(3857)
    return point.x, point.y


@pytest.fixture
def tianhe_plant(db):
    return point_feature("CP-TH-001", *TIANHE_SPORTS_CENTER, name="天河体育中心搅拌站", risk_level=RiskLevel.RED)


@pytest.fixture
def haizhu_plant(db):
    return point_feature("CP-HZ-001", *CANTON_TOWER, name="广州塔搅拌站", risk_level=RiskLevel.YELLOW)


def test_it_carries_the_feature_id_and_popup_fields(client, alice, tianhe_plant, tmp_path):
    client.force_login(alice)
    response = client.get("/tiles/concrete_plant/14/13349/7109.mvt")

    tile = read_tile(response, tmp_path, "concrete_plant", 14, 13349, 7109)
    assert list(tile["mvt_id"]) == [tianhe_plant.pk]
    row = tile.iloc[0]
    assert (row["code"], row["name"], row["kind"]) == ("CP-TH-001", "天河体育中心搅拌站", "concrete_plant")
    assert (row["district_name"], row["risk"]) == ("天河区", "red")
    # One tile unit at zoom 14 is 2446 m / 4096, about 0.6 m.
    x, y = mercator(*TIANHE_SPORTS_CENTER)
    assert row.geometry.distance(shapely.Point(x, y)) < 1.0


def test_an_empty_tile_is_the_layer_with_no_features(client, alice, tianhe_plant, tmp_path):
    client.force_login(alice)
    response = client.get("/tiles/concrete_plant/14/13349/7110.mvt")
    assert response.status_code == 200  # a 204 or an empty body makes GDAL's MVT driver fail
    assert len(read_tile(response, tmp_path, "concrete_plant", 14, 13349, 7110)) == 0
    assert pyogrio.list_layers(tmp_path / "concrete_plant-14-13349-7110.mvt")[0][0] == "concrete_plant"


def test_it_revalidates_with_the_etag_until_the_data_changes(client, alice, tianhe_plant):
    client.force_login(alice)
    first = client.get("/tiles/concrete_plant/14/13349/7109.mvt")
    assert "private" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]

    again = client.get("/tiles/concrete_plant/14/13349/7109.mvt", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]

    Feature.objects.filter(pk=tianhe_plant.pk).update(risk_level=RiskLevel.NONE)
    changed = client.get("/tiles/concrete_plant/14/13349/7109.mvt", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert changed.content != first.content


@pytest.mark.parametrize("address, code", [
    ("a/1/1", "invalid_tile"),
    ("14/1.5/1", "invalid_tile"),
    ("23/0/0", "invalid_zoom"),
    ("-1/0/0", "invalid_zoom"),
    ("14/16384/0", "invalid_tile"),
    ("2/0/-1", "invalid_tile"),
])
def test_it_rejects_a_bad_tile_address_with_400(client, alice, address, code):
    client.force_login(alice)
    response = client.get(f"/tiles/concrete_plant/{address}.mvt")
    assert response.status_code == 400
    assert json.loads(response.content)["code"] == code


def test_it_answers_an_unknown_layer_with_404(client, alice):
    client.force_login(alice)
    response = client.get("/tiles/nonesuch/1/0/0.mvt")
    assert response.status_code == 404
    assert json.loads(response.content)["code"] == "unknown_layer"


def test_it_challenges_an_anonymous_client(client, db):
    response = client.get("/tiles/concrete_plant/14/13349/7109.mvt")
    assert response.status_code == 401


def test_it_keeps_haizhu_features_out_of_bobs_tile(client, alice, bob, tianhe_plant, haizhu_plant, tmp_path):
    client.force_login(alice)
    alice_response = client.get("/tiles/concrete_plant/12/3337/1777.mvt")
    client.force_login(bob)
    bob_response = client.get("/tiles/concrete_plant/12/3337/1777.mvt")

    alice_tile = read_tile(alice_response, tmp_path / "alice", "concrete_plant", 12, 3337, 1777)
    bob_tile = read_tile(bob_response, tmp_path / "bob", "concrete_plant", 12, 3337, 1777)
    assert sorted(alice_tile["mvt_id"]) == sorted([tianhe_plant.pk, haizhu_plant.pk])
    assert list(bob_tile["mvt_id"]) == [tianhe_plant.pk]
    assert alice_response["ETag"] != bob_response["ETag"]


def test_an_office_shares_one_compiled_source_and_a_moved_office_gets_its_own(client, bob, tianhe_plant,
                                                                            haizhu_plant, tmp_path):
    """tile_source keeps the compiled rows per layer and scope: a second officer of bob's office
    compiles nothing, and once the office's jurisdiction changes its officers see the new area's rows."""
    from unittest import mock

    from geo_server.accounts.models import Organisation
    from layers.catalogue import Layer
    colleague = make_user("bob2", bob.organisation, "district_officer")
    client.force_login(bob)
    assert list(read_tile(client.get("/tiles/concrete_plant/12/3337/1777.mvt"), tmp_path / "1", "concrete_plant",
                          12, 3337, 1777)["mvt_id"]) == [tianhe_plant.pk]
    client.force_login(colleague)
    with mock.patch.object(Layer, "rows", side_effect=AssertionError("compiled again")):
        shared = client.get("/tiles/concrete_plant/12/3337/1777.mvt")
    assert list(read_tile(shared, tmp_path / "2", "concrete_plant", 12, 3337, 1777)["mvt_id"]) == [tianhe_plant.pk]
    Organisation.objects.filter(pk=bob.organisation_id).update(jurisdiction=haizhu_plant.district)
    client.force_login(colleague)
    moved = client.get("/tiles/concrete_plant/12/3337/1777.mvt")
    assert list(read_tile(moved, tmp_path / "3", "concrete_plant", 12, 3337, 1777)["mvt_id"]) == [haizhu_plant.pk]


def test_it_counts_features_in_cells_below_the_detail_zoom(client, alice, bob, tianhe_plant, haizhu_plant,
                                                          tmp_path):
    lon, lat = TIANHE_SPORTS_CENTER
    point_feature("CP-TH-002", lon + 0.001, lat, risk_level=RiskLevel.NONE)
    refresh_cells()
    client.force_login(alice)
    alice_tile = read_tile(client.get("/tiles/concrete_plant/8/208/111.mvt"), tmp_path, "concrete_plant", 8, 208, 111)
    client.force_login(bob)
    bob_tile = read_tile(client.get("/tiles/concrete_plant/8/208/111.mvt"), tmp_path / "b", "concrete_plant", 8, 208,
                         111)

    cell = alice_tile[alice_tile["count"] == 2].iloc[0]
    assert cell["risk"] == "red"
    assert pytest.approx(cell.geometry.area, rel=0.01) == (2 * 20037508.342789244 / 2**13) ** 2
    single = alice_tile[alice_tile["count"] == 1].iloc[0]
    assert (single["mvt_id"], single["name"], single.geometry.geom_type) == (haizhu_plant.pk, "广州塔搅拌站", "Point")
    assert sorted(bob_tile["count"]) == [2]


def test_it_draws_small_buildings_as_cells_until_zoom_14(client, alice, tmp_path):
    lon, lat = TIANHE_SPORTS_CENTER
    for i in range(3):
        west = lon + i * 0.0003
        footprint = Polygon.from_bbox((west, lat, west + 0.0002, lat + 0.0002))
        footprint.srid = 4326
        Feature.objects.create(kind="building", code=f"B-{i}", name=f"楼{i}", geom=footprint)
    refresh_cells()
    client.force_login(alice)

    at_13 = read_tile(client.get("/tiles/building/13/6674/3554.mvt"), tmp_path, "building", 13, 6674, 3554)
    at_14 = read_tile(client.get("/tiles/building/14/13349/7109.mvt"), tmp_path, "building", 14, 13349, 7109)
    assert list(at_13["count"]) == [3]
    assert sorted(at_14["name"]) == ["楼0", "楼1", "楼2"]


def test_a_footprint_under_one_tile_unit_is_left_out_and_the_tile_still_reads(client, alice, tmp_path):
    # ST_AsMVTGeom answers NULL for a footprint that snaps to nothing (0.1 m here; a z14 tile unit
    # is ~0.6 m); ST_AsMVT must skip that row, since the tile query no longer filters it out.
    lon, lat = TIANHE_SPORTS_CENTER
    for code, size in (("B-BIG", 0.0002), ("B-SPECK", 0.000001)):
        footprint = Polygon.from_bbox((lon, lat, lon + size, lat + size))
        footprint.srid = 4326
        Feature.objects.create(kind="building", code=code, name=code, geom=footprint)
    client.force_login(alice)

    tile = read_tile(client.get("/tiles/building/14/13349/7109.mvt"), tmp_path, "building", 14, 13349, 7109)
    assert list(tile["name"]) == ["B-BIG"]
    assert tile.geometry.iloc[0].area > 100  # ~21 x 23 m in EPSG:3857 at this latitude


def test_the_tile_setting_ends_with_the_tile(live_areas, alice):
    # Tiles plan without parallel workers (SET LOCAL in the tile's own implicit transaction); the
    # pooled connection must come back with the server's setting for whatever runs next. (live_areas
    # before alice: an earlier transactional test's flush may have emptied the areas her office needs.)
    point_feature("CP-TH-001", *TIANHE_SPORTS_CENTER)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
        assert render_tile(get_layer("concrete_plant"), alice, TileAddress(14, 13349, 7109)) != empty_tile("concrete_plant")
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == before != "0"


def test_it_serves_area_layers_with_name_and_code(client, alice, tmp_path):
    client.force_login(alice)
    tile = read_tile(client.get("/tiles/district/8/208/111.mvt"), tmp_path, "district", 8, 208, 111)
    assert {"天河区", "海珠区", "越秀区"} <= set(tile["name"])
    assert set(tile["code"]) >= {"440106"}


@pytest.fixture
def live_areas(transactional_db):
    """A live-server test flushes every table after itself; areas must be back for it."""
    ensure_areas()


def test_it_reads_a_tile_with_gdal_ogrinfo_over_http_basic(live_areas, live_server, bob):
    point_feature("CP-TH-001", *TIANHE_SPORTS_CENTER)
    point_feature("CP-TH-002", TIANHE_SPORTS_CENTER[0] + 0.002, TIANHE_SPORTS_CENTER[1])
    point_feature("CP-HZ-001", *CANTON_TOWER)
    env = {**os.environ, "GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": "bob:bob-password"}
    url = f"MVT:{live_server.url}/tiles/concrete_plant/12/3337/1777.mvt"

    result = subprocess.run(["ogrinfo", "-ro", "-so", "-oo", "METADATA_FILE=", url, "concrete_plant"],
                            capture_output=True, text=True, env=env, timeout=60)

    assert result.returncode == 0, result.stderr
    assert "Layer name: concrete_plant" in result.stdout
    assert "Feature Count: 2" in result.stdout
    empty = subprocess.run(["ogrinfo", "-ro", "-so", "-oo", "METADATA_FILE=",
                            f"MVT:{live_server.url}/tiles/concrete_plant/12/3300/1700.mvt", "concrete_plant"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert empty.returncode == 0, empty.stderr
    assert "Feature Count: 0" in empty.stdout


def test_features_keep_a_web_mercator_copy_that_follows_their_geometry(client, alice, tianhe_plant, tmp_path):
    def mercator_of(feature) -> tuple | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT ST_X(geom_3857), ST_Y(geom_3857) FROM features_feature WHERE id = %s", [feature.pk])
            x, y = cursor.fetchone()
        return None if x is None else (round(x, 3), round(y, 3))

    assert mercator_of(tianhe_plant) == tuple(round(v, 3) for v in mercator(*TIANHE_SPORTS_CENTER))
    Feature.objects.filter(pk=tianhe_plant.pk).update(geom=Point(*CANTON_TOWER, srid=4326))
    assert mercator_of(tianhe_plant) == tuple(round(v, 3) for v in mercator(*CANTON_TOWER))
    client.force_login(alice)
    tile = read_tile(client.get("/tiles/concrete_plant/14/13349/7110.mvt"), tmp_path, "concrete_plant", 14, 13349, 7110)
    assert list(tile["mvt_id"]) == [tianhe_plant.pk]  # drawn where it now is
    # Web Mercator ends at ±85.06°: a feature beyond it is stored all the same, with no copy (no tile
    # reaches that far).
    assert mercator_of(point_feature("POLAR", 113.3245, 89.9)) is None
