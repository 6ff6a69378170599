"""The buildings' sub-layers (dangerous, historic, quarantine sites, curtain walls): catalogue
layers of their own, with their own fields, served as OGC items, tiles and exports within the
user's jurisdiction."""

import json
from datetime import date

import pyogrio

from layers.catalogue import LAYERS
from layers.map_config import map_config
from tests.building_world import building
from tests.conftest import CANTON_TOWER

SUBLAYERS = ("building_dangerous", "building_historic", "building_quarantine", "building_curtain_wall")


def world():
    return {
        "c": building("TH-C", grade="C"),
        "d": building("TH-D", where=(113.3250, 23.1380), grade="D"),
        "a": building("TH-A", where=(113.3260, 23.1385), grade="A", historic=True, protection_level="municipal"),
        "q": building("TH-Q", where=(113.3270, 23.1390), quarantine_capacity=120,
                      quarantine_from=date(2026, 1, 5), quarantine_until=date(2026, 3, 31)),
        "w": building("TH-W", where=(113.3280, 23.1395), curtain_wall="framed", curtain_wall_area_m2=5400,
                      last_curtain_wall_inspection=date(2022, 6, 1)),
        "hz": building("HZ-D", where=CANTON_TOWER, grade="D"),
    }


def items(client, user, layer):
    client.force_login(user)
    response = client.get(f"/ogc/collections/{layer}/items?limit=100")
    assert response.status_code == 200, response.content
    return {f["properties"]["code"]: f["properties"] for f in response.json()["features"]}


def test_the_catalogue_has_each_sub_layer_with_its_own_style_and_off_at_first():
    layers = {layer["id"]: layer for layer in map_config("zh-hans")["layers"]}
    assert [layers[i]["title"] for i in SUBLAYERS] == ["危房（C、D 级）", "历史建筑", "隔离场所", "玻璃幕墙"]
    assert len({layers[i]["outline"] for i in SUBLAYERS + ("building",)}) == 5
    assert not any(layers[i]["shown"] for i in SUBLAYERS)
    assert {"curtain_wall", "curtain_wall_area_m2", "curtain_wall_next_due"} <= {
        f.name for f in LAYERS["building_curtain_wall"].fields}


def test_the_dangerous_layer_holds_c_and_d_within_the_district(client, alice, bob):
    world()
    assert set(items(client, bob, "building_dangerous")) == {"TH-C", "TH-D"}
    assert set(items(client, alice, "building_dangerous")) == {"TH-C", "TH-D", "HZ-D"}


def test_each_sub_layer_publishes_its_own_fields(client, bob):
    world()  # the next inspection date is derived by PostgreSQL as the wall is written
    assert items(client, bob, "building_historic")["TH-A"]["protection_level"] == "municipal"
    quarantine = items(client, bob, "building_quarantine")
    assert list(quarantine) == ["TH-Q"]
    assert (quarantine["TH-Q"]["quarantine_capacity"], quarantine["TH-Q"]["quarantine_until"]) == (120, "2026-03-31")
    wall = items(client, bob, "building_curtain_wall")["TH-W"]
    # Completed 1995: the yearly regime (beyond 25 years) began 2020-01-01, before the 2022-06-01
    # inspection, so the next is due a year after it.
    assert (wall["curtain_wall_area_m2"], wall["curtain_wall_next_due"]) == (5400, "2023-06-01")


def test_a_sub_layer_exports_and_tiles_like_the_kinds_layer(client, bob, tmp_path):
    world()
    client.force_login(bob)
    response = client.get("/exports/?layer=building_dangerous&format=geojson")
    assert response.status_code == 200
    exported = json.loads(b"".join(response.streaming_content))
    assert sorted(f["properties"]["code"] for f in exported["features"]) == ["TH-C", "TH-D"]
    tile = client.get("/tiles/building_dangerous/16/53398/28436.mvt")
    assert tile.status_code == 200
    path = tmp_path / "t.mvt"
    path.write_bytes(tile.content)
    frame = pyogrio.read_dataframe(path, layer="building_dangerous", X=53398, Y=28436, Z=16, METADATA_FILE="")
    assert set(frame["code"]) <= {"TH-C", "TH-D"} and len(frame) >= 1
