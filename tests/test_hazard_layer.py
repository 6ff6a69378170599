"""The hazards layer through the shared machinery: OGC API items, exports, vector tiles.

Two hazards from a real sweep: a red one on a grade-D building at the Tianhe Sports Center and an
orange one on a grade-C building at the Canton Tower (Haizhu). At zoom 14 the Tianhe Sports Center
lies in tile 13349/7109 (tests/test_tiles.py).
"""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pyogrio
import pytest
from django.core.cache import cache
from django.utils import timezone

from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature
from tests.test_tiles import read_tile
from layers.tiles import empty_tile

ITEMS = "/ogc/collections/hazards/items"


def building(code, name, where, grade, organisation=None):
    feature = point_feature(code, *where, kind="building", name=name, organisation=organisation)
    BuildingDetail.objects.create(feature=feature, address="天河路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade=grade)
    return feature


@pytest.fixture(autouse=True)
def fresh_extents():
    cache.clear()  # OGC extents are cached per user id; ids repeat across rolled-back tests.


@pytest.fixture
def hazards(tianhe_office, enterprise):
    tianhe = building("B-TH", "天河危房甲", TIANHE_SPORTS_CENTER, "D", organisation=enterprise)
    haizhu = building("B-HZ", "海珠危房乙", CANTON_TOWER, "C")
    sweep("building")
    return Hazard.objects.get(feature=tianhe), Hazard.objects.get(feature=haizhu)


def make_overdue(hazard):
    Hazard.objects.filter(pk=hazard.pk).update(state="dispatched", deadline=timezone.localdate() - timedelta(days=3))


def items(client, user, query=""):
    client.force_login(user)
    response = client.get(f"{ITEMS}?{query}")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def export(client, user, query):
    client.force_login(user)
    response = client.get(f"/exports/?layer=hazards&{query}")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_ogc_items_are_scoped_like_the_hazard_list(client, alice, bob, hazards):
    tianhe, haizhu = hazards
    everything = items(client, alice)
    assert [f["id"] for f in everything["features"]] == [tianhe.pk, haizhu.pk]
    assert everything["numberMatched"] == 2

    bobs = items(client, bob)
    assert [f["id"] for f in bobs["features"]] == [tianhe.pk]
    props = bobs["features"][0]["properties"]
    assert (props["feature_name"], props["feature_code"], props["district_name"]) == ("天河危房甲", "B-TH", "天河区")
    assert (props["risk"], props["risk_level"], props["state"], props["kind"]) == ("red", 3, "new", "building")
    assert (props["rule"], props["overdue"], props["age_days"]) == ("building.dangerous_grade", False, 0)
    assert props["organisation_name"] == "广州穗建混凝土有限公司"
    assert bobs["features"][0]["geometry"] == {"type": "Point", "coordinates": list(TIANHE_SPORTS_CENTER)}
    # Bob may not fetch the Haizhu hazard by id either.
    assert client.get(f"{ITEMS}/{haizhu.pk}").status_code == 404


def test_ogc_items_page_filter_by_bbox_and_show_open_hazards_unless_a_state_is_asked(client, alice, hazards):
    tianhe, haizhu = hazards
    first = items(client, alice, "limit=1")
    following = next(link["href"] for link in first["links"] if link["rel"] == "next" and link["type"].endswith("json"))
    assert [f["id"] for f in first["features"]] == [tianhe.pk]
    assert [f["id"] for f in json.loads(client.get(following).content)["features"]] == [haizhu.pk]
    # Around the Tianhe Sports Center only.
    assert [f["id"] for f in items(client, alice, "bbox=113.30,23.13,113.35,23.15")["features"]] == [tianhe.pk]

    Hazard.objects.filter(pk=haizhu.pk).update(state="closed")
    assert [f["id"] for f in items(client, alice)["features"]] == [tianhe.pk]
    closed = items(client, alice, "state=closed")["features"]
    assert [(f["id"], f["properties"]["state"]) for f in closed] == [(haizhu.pk, "closed")]
    assert client.get(f"{ITEMS}/{haizhu.pk}").status_code == 200
    make_overdue(tianhe)
    assert [f["id"] for f in items(client, alice, "overdue=true")["features"]] == [tianhe.pk]


def test_geojson_export_carries_chinese_names_and_the_overdue_flag(client, alice, hazards):
    tianhe, haizhu = hazards
    make_overdue(tianhe)
    document = json.loads(export(client, alice, "format=geojson"))
    by_id = {f["id"]: f["properties"] for f in document["features"]}
    assert by_id[tianhe.pk]["feature_name"] == "天河危房甲" and by_id[tianhe.pk]["overdue"] is True
    assert by_id[tianhe.pk]["deadline"] == (timezone.localdate() - timedelta(days=3)).isoformat()
    assert by_id[haizhu.pk]["feature_name"] == "海珠危房乙" and by_id[haizhu.pk]["overdue"] is False
    assert by_id[haizhu.pk]["risk"] == "orange" and by_id[haizhu.pk]["layer"] == "hazards"

    only_overdue = json.loads(export(client, alice, "format=geojson&overdue=true"))
    assert [f["id"] for f in only_overdue["features"]] == [tianhe.pk]
    orange = json.loads(export(client, alice, "format=geojson&risk=orange&kind=building"))
    assert [f["id"] for f in orange["features"]] == [haizhu.pk]


def test_csv_export_carries_chinese_names_and_the_overdue_flag(client, bob, hazards):
    tianhe, _haizhu = hazards
    make_overdue(tianhe)
    content = export(client, bob, "format=csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(r["id"], r["feature_name"], r["overdue"], r["state"]) for r in rows] == [
        (str(tianhe.pk), "天河危房甲", "true", "dispatched")]
    assert rows[0]["wkt"] == "POINT(113.324 23.138)"


def test_exports_show_open_hazards_unless_states_are_named(client, alice, hazards):
    tianhe, haizhu = hazards
    Hazard.objects.filter(pk=haizhu.pk).update(state="closed_not_fixed")
    assert [f["id"] for f in json.loads(export(client, alice, "format=geojson"))["features"]] == [tianhe.pk]
    named = json.loads(export(client, alice, "format=geojson&state=new,closed_not_fixed"))
    assert [f["id"] for f in named["features"]] == [tianhe.pk, haizhu.pk]
    client.force_login(alice)
    refused = client.get("/exports/?layer=hazards&state=lost")
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_state")


def test_shapefile_and_geopackage_exports_open_in_gdal(client, alice, hazards, tmp_path):
    make_overdue(hazards[0])
    content = export(client, alice, "format=shp&crs=4547")
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.read("hazards.cpg").decode().strip().upper() in ("UTF-8", "UTF8")
    assert "feat_name\tfeature_name\t对象名称" in archive.read("hazards_fields.txt").decode()
    (tmp_path / "h.zip").write_bytes(content)
    frame = pyogrio.read_dataframe(tmp_path / "h.zip")
    assert set(frame["feat_name"]) == {"海珠危房乙", "天河危房甲"}
    assert sorted(frame["overdue"]) == [False, True]

    (tmp_path / "h.gpkg").write_bytes(export(client, alice, "format=gpkg"))
    frame = pyogrio.read_dataframe(tmp_path / "h.gpkg", layer="hazards")
    tianhe = frame[frame["feature_name"] == "天河危房甲"].iloc[0]
    assert (tianhe["organisation_name"], tianhe["overdue"]) == ("广州穗建混凝土有限公司", True)
    # A Date field in the GeoPackage, not text.
    assert tianhe["deadline"].date() == timezone.localdate() - timedelta(days=3)


def test_a_tile_over_a_hazard_holds_it_and_follows_its_transitions(client, bob, hazards, tmp_path):
    tianhe, _haizhu = hazards
    client.force_login(bob)
    response = client.get("/tiles/hazards/14/13349/7109.mvt")
    tile = read_tile(response, tmp_path, "hazards", 14, 13349, 7109)
    assert list(tile["mvt_id"]) == [tianhe.pk]
    row = tile.iloc[0]
    assert (row["feature_name"], row["risk"], row["state"], row["district_name"]) == ("天河危房甲", "red", "new", "天河区")

    # A hazard write replaces the data version (layers migration 0004), so the ETag changes.
    Hazard.objects.filter(pk=tianhe.pk).update(state="dispatched")
    again = client.get("/tiles/hazards/14/13349/7109.mvt", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 200
    assert read_tile(again, tmp_path / "again", "hazards", 14, 13349, 7109).iloc[0]["state"] == "dispatched"
    # Closed hazards leave the map.
    Hazard.objects.filter(pk=tianhe.pk).update(state="closed")
    assert client.get("/tiles/hazards/14/13349/7109.mvt").content == empty_tile("hazards")


def test_a_sweep_that_changes_no_hazard_keeps_the_tile_etag(client, bob, hazards):
    client.force_login(bob)
    first = client.get("/tiles/hazards/14/13349/7109.mvt")
    sweep("building")
    assert client.get("/tiles/hazards/14/13349/7109.mvt", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_below_z13_nearby_hazards_are_grouped_in_cells_a_lone_one_stays_itself(client, alice, bob, hazards,
                                                                                 tmp_path):
    # Two more red hazards ~100 m east of the first: one z10 cell (~1.2 km) holds all three, z14 shows each.
    # The Haizhu one (orange, C) is ~3.5 km south: its own cell, sent as itself with its id.
    tianhe, haizhu = hazards
    for n in (1, 2):
        building(f"B-TH{n}", f"天河危房{n}", (TIANHE_SPORTS_CENTER[0] + 0.001 * n, TIANHE_SPORTS_CENTER[1]), "D")
    sweep("building")
    client.force_login(bob)  # Tianhe only
    grouped = read_tile(client.get("/tiles/hazards/10/834/444.mvt"), tmp_path, "hazards", 10, 834, 444)
    assert list(grouped["count"]) == [3] and list(grouped["risk"]) == ["red"]
    assert grouped.geometry.iloc[0].geom_type == "Polygon"  # the cell, not a point

    detail = read_tile(client.get("/tiles/hazards/14/13349/7109.mvt"), tmp_path / "z14", "hazards", 14, 13349, 7109)
    assert len(detail) == 3 and tianhe.pk in set(detail["mvt_id"])

    client.force_login(alice)  # the province: the Haizhu hazard is alone in its cell, sent as itself
    lone = read_tile(client.get("/tiles/hazards/10/834/444.mvt"), tmp_path / "alice", "hazards", 10, 834, 444)
    single = lone[lone["count"] == 1]
    assert list(single["mvt_id"]) == [haizhu.pk] and single.iloc[0]["feature_name"] == "海珠危房乙"
