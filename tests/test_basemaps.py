"""Basemaps by setting: parsing and the system check (pure), the CSP they open, the map config that
carries them in the page's language, the MBTiles endpoint and the context labels."""

import io
import json
import sqlite3

import pytest
from PIL import Image

from geo_server.basemaps import check_basemaps, image_sources, parse_basemaps
from layers.map_config import map_config

OSM = {"id": "osm", "title_zh": "开放街图", "title_en": "OpenStreetMap",
       "url": "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "© OpenStreetMap"}
TIANDITU = {"id": "tdt", "type": "tianditu", "key": "abc123", "layer": "img", "title_zh": "天地图影像",
            "title_en": "Tianditu imagery"}
WMTS = {"id": "wmts", "type": "wmts",
        "url": "https://maps.example.org/wmts/base/{TileMatrix}/{TileRow}/{TileCol}.png"}


def problems_of(*entries, legacy=""):
    return parse_basemaps(list(entries), legacy)[1]


def test_it_reads_each_kind_of_basemap():
    basemaps, problems = parse_basemaps([OSM, TIANDITU, WMTS, {"id": "offline", "type": "mbtiles", "path": "/x.mbtiles"}])

    assert problems == []
    assert [b.type for b in basemaps] == ["xyz", "tianditu", "wmts", "mbtiles"]
    assert basemaps[1].crs == "cgcs2000" and basemaps[1].subdomains == "01234567"
    assert basemaps[2].url == "https://maps.example.org/wmts/base/{z}/{y}/{x}.png"
    assert basemaps[0].title("en") == "OpenStreetMap" and basemaps[0].title("zh-hans") == "开放街图"


def test_it_keeps_basemap_url_as_a_one_entry_shorthand_first():
    basemaps, problems = parse_basemaps([OSM], "https://tiles.example.org/{z}/{x}/{y}.png", "© example")

    assert problems == []
    assert [(b.id, b.type, b.attribution) for b in basemaps][0] == ("basemap", "xyz", "© example")
    assert len(basemaps) == 2


def test_it_refuses_a_gcj02_source_and_says_why():
    refused = problems_of({**OSM, "id": "gaode", "crs": "gcj02"})

    assert len(refused) == 1 and "GCJ-02" in refused[0] and "500 m" in refused[0]


def test_it_refuses_amap_tiles_even_labelled_wgs84():
    refused = problems_of({"id": "amap", "url": "https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}"})

    assert len(refused) == 1 and "GCJ-02" in refused[0]


@pytest.mark.parametrize("entry, words", [
    ({"id": "Bad Id", "url": OSM["url"]}, "id must be"),
    ({"id": "a", "type": "wms", "url": OSM["url"]}, "type 'wms'"),
    ({"id": "a", "url": "https://example.org/tiles.png"}, "{z}, {x} and {y}"),
    ({"id": "a", "url": "ftp://example.org/{z}/{x}/{y}.png"}, "not http(s)"),
    ({"id": "a", "type": "tianditu"}, "needs its key"),
    ({"id": "a", "type": "tianditu", "key": "k", "layer": "ter"}, "vec or img"),
    ({"id": "a", "type": "mbtiles"}, "path of its file"),
    ({"id": "a", "url": OSM["url"], "crs": "epsg:3857"}, "crs 'epsg:3857'"),
    ({"id": "a", "url": OSM["url"], "colour": "red"}, "unknown option 'colour'"),
    ({"id": "a", "url": OSM["url"], "max_zoom": 30}, "max_zoom"),
    ("https://example.org/{z}/{x}/{y}.png", "must be an object"),
])
def test_it_refuses_a_bad_entry_with_a_clear_reason(entry, words):
    refused = problems_of(entry)

    assert len(refused) == 1 and words in refused[0]
    assert parse_basemaps([entry])[0] == []


def test_it_refuses_two_basemaps_with_one_id_and_a_setting_that_is_not_json():
    assert problems_of(OSM, OSM) == ["two basemaps have the id 'osm'"]
    assert "not JSON" in parse_basemaps("[{oops")[1][0]


def test_the_system_check_reports_bad_basemaps_and_a_missing_mbtiles_file(settings, tmp_path):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAP_URL": "", "BASEMAPS": [
        OSM, {**OSM, "id": "gcj", "crs": "gcj02"}, {"id": "offline", "type": "mbtiles", "path": str(tmp_path / "no")}]}

    errors = check_basemaps()

    assert [e.id for e in errors] == ["geo_server.E101"] * 2
    assert "GCJ-02" in errors[0].msg and "no MBTiles file" in errors[1].msg


def test_the_csp_allows_every_configured_tile_host(client, db, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAP_URL": "", "BASEMAPS": [OSM, TIANDITU, WMTS]}

    images = client.get("/health")["Content-Security-Policy"].split("img-src ")[1].split(";")[0]

    assert images == ("'self' data: blob: https://*.tile.openstreetmap.org https://*.tianditu.gov.cn "
                      "https://maps.example.org")


def test_an_mbtiles_basemap_needs_no_foreign_host():
    assert image_sources(parse_basemaps([{"id": "o", "type": "mbtiles", "path": "/x"}])[0]) == []


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def mbtiles(tmp_path, settings):
    """A two-tile MBTiles file: XYZ 1/1/0 red (TMS row 1) and XYZ 1/0/1 blue (TMS row 0)."""
    path = tmp_path / "offline.mbtiles"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name text, value text)")
        db.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "offline"), ("format", "png")])
        db.executemany("INSERT INTO tiles VALUES (1, ?, ?, ?)", [(1, 1, png("red")), (0, 0, png("blue"))])
    db.close()
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAP_URL": "", "BASEMAPS": [
        {"id": "offline", "type": "mbtiles", "path": str(path), "title_zh": "离线底图", "title_en": "Offline"}]}
    return path


def colour_of(response) -> tuple:
    return Image.open(io.BytesIO(response.content)).getpixel((128, 128))


def test_it_serves_mbtiles_tiles_with_the_rows_flipped(client, alice, mbtiles):
    client.force_login(alice)

    red, blue = client.get("/basemaps/offline/1/1/0.png"), client.get("/basemaps/offline/1/0/1.png")

    assert (red.status_code, red["Content-Type"], colour_of(red)) == (200, "image/png", (255, 0, 0))
    assert colour_of(blue) == (0, 0, 255)
    assert red["Cache-Control"].startswith("private")


@pytest.mark.parametrize("url, code", [("/basemaps/offline/1/0/0.png", "no_tile"),
                                       ("/basemaps/offline/1/1/0.jpg", "no_tile"),
                                       ("/basemaps/elsewhere/1/1/0.png", "unknown_basemap")])
def test_it_answers_a_missing_tile_with_a_json_404(client, alice, mbtiles, url, code):
    client.force_login(alice)

    response = client.get(url)

    assert (response.status_code, response.json()["code"]) == (404, code)


def test_it_answers_a_tile_off_the_grid_with_a_400(client, alice, mbtiles):
    client.force_login(alice)
    assert client.get("/basemaps/offline/1/2/0.png").status_code == 400


def test_it_never_writes_to_the_mbtiles_file(client, alice, mbtiles):
    client.force_login(alice)
    before = mbtiles.stat().st_mtime_ns
    client.get("/basemaps/offline/1/1/0.png")
    assert mbtiles.stat().st_mtime_ns == before


def test_the_map_config_carries_the_basemaps_in_the_page_language(db, settings, mbtiles):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAPS": [*settings.GEO_SERVER["BASEMAPS"], TIANDITU]}

    chinese, english = map_config("zh-hans")["basemaps"], map_config("en")["basemaps"]

    assert [b["title"] for b in chinese] == ["离线底图", "天地图影像"]
    assert [b["title"] for b in english] == ["Offline", "Tianditu imagery"]
    assert chinese[0]["layers"][0]["url"] == "/basemaps/offline/{z}/{x}/{y}.png"
    imagery, notes = chinese[1]["layers"]
    assert "LAYER=img" in imagery["url"] and "tk=abc123" in imagery["url"] and "{s}" in imagery["url"]
    assert "LAYER=cia" in notes["url"] and "img_w" not in notes["url"]


def test_the_context_labels_name_each_district_inside_it(client, alice):
    from geo_server.features.models import AdminArea

    client.force_login(alice)
    labels = client.get("/basemaps/context/labels.json").json()["labels"]

    districts = [label for label in labels if label["level"] == "district"]
    assert len(districts) == 11 and all(label["minZoom"] == 8 for label in districts)
    tianhe = next(label for label in districts if label["name"] == "天河区")
    from django.contrib.gis.geos import Point
    assert AdminArea.objects.get(name="天河区", level="district").geom.contains(Point(tianhe["lng"], tianhe["lat"]))
    assert any(label["level"] == "street" and label["minZoom"] == 12 for label in labels)


def test_the_context_water_holds_the_real_estuary_and_rivers(client, alice):
    client.force_login(alice)

    response = client.get("/basemaps/context/water.json")

    kinds = [(f["properties"]["kind"], f["geometry"]["type"]) for f in response.json()["features"]]
    assert kinds.count(("water", "Polygon")) == 6
    assert len([k for k, geometry in kinds if k == "river" and "LineString" in geometry]) == 6 == len(kinds) - 6
    assert response["Cache-Control"].startswith("private")


def test_a_page_map_reads_the_basemaps_in_its_language(client, alice, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAP_URL": "", "BASEMAPS": [OSM]}
    client.force_login(alice)

    config = client.get("/basemaps/config.json", HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = client.get("/basemaps/config.json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert [b["title"] for b in config["basemaps"]] == ["OpenStreetMap"]
    assert (config["labels"]["noBasemap"], chinese["labels"]["noBasemap"]) == ("No basemap", "无底图")
    assert chinese["basemaps"][0]["title"] == "开放街图"
    assert config["context_labels_url"] == "/basemaps/context/labels.json"


def test_the_context_areas_are_the_eleven_districts_simplified(client, alice):
    from geo_server.features.models import AdminArea

    client.force_login(alice)
    features = client.get("/basemaps/context/areas.json").json()["features"]

    assert len(features) == 11
    tianhe = next(f for f in features if f["properties"]["code"] == AdminArea.objects.get(name="天河区").code)
    assert tianhe["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert len(json.dumps(features, separators=(",", ":"))) < 100_000  # 73 kB at 0.0003°
    assert "context_areas_url" not in map_config("zh-hans")  # the main map has them as vector tiles


def test_the_print_map_draws_the_first_internet_basemap_and_allows_its_host(db, settings, mbtiles):
    from layers.printmaps import district_map, print_map_policy

    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAPS": [*settings.GEO_SERVER["BASEMAPS"], TIANDITU]}

    html = district_map("440106")

    assert "LAYER=img" in html and "LAYER=cia" in html and "/basemaps/offline/" not in html
    assert print_map_policy().split("img-src ")[1].split(";")[0] == "data: blob: https://*.tianditu.gov.cn"
