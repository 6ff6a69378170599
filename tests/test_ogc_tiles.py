"""OGC API - Tiles metadata, TileJSON and the MapLibre style, read by what clients read: the template
they give resolves to the map's tiles (GDAL's MVT driver opens them), scoped like the tiles."""

import json

import pyogrio
import pytest

from geo_server.features.kinds import RISK_COLOURS, RiskLevel
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature


@pytest.fixture
def plants(db):
    return [point_feature("TH", *TIANHE_SPORTS_CENTER, risk_level=3), point_feature("HZ", *CANTON_TOWER)]


def get_json(client, user, url: str) -> dict:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_tilejson_gives_a_template_that_resolves_to_the_layers_tiles(client, alice, plants, tmp_path):
    document = get_json(client, alice, "/tiles/concrete_plant.json")
    assert document["tilejson"] == "3.0.0"
    assert document["tiles"] == ["http://testserver/tiles/concrete_plant/{z}/{x}/{y}.mvt"]
    assert document["vector_layers"][0]["id"] == "concrete_plant"
    assert document["vector_layers"][0]["fields"]["risk"] == "String"
    west, south, east, north = document["bounds"]
    assert west <= CANTON_TOWER[0] <= east and south <= TIANHE_SPORTS_CENTER[1] <= north
    url = document["tiles"][0].format(z=14, x=13349, y=7109).removeprefix("http://testserver")
    tile = client.get(url)
    path = tmp_path / "t.mvt"
    path.write_bytes(tile.content)
    frame = pyogrio.read_dataframe(path, layer="concrete_plant", X=13349, Y=7109, Z=14, METADATA_FILE="")
    assert list(frame["code"]) == ["TH"]


def test_the_bounds_are_those_the_user_may_see(client, bob, plants):
    # bob sees Tianhe only: the box is the Tianhe plant's point.
    west, south, east, north = get_json(client, bob, "/tiles/concrete_plant.json")["bounds"]
    assert (west, south) == pytest.approx(TIANHE_SPORTS_CENTER) and (east, north) == pytest.approx(TIANHE_SPORTS_CENTER)


def test_the_style_draws_the_maps_risk_colours_from_the_tilejson(client, alice, plants):
    style = get_json(client, alice, "/tiles/concrete_plant/style.json")
    assert style["version"] == 8
    assert style["sources"]["concrete_plant"] == {"type": "vector", "url": "http://testserver/tiles/concrete_plant.json"}
    circles = {layer["filter"][2]: layer for layer in style["layers"]}
    assert set(circles) == {"none", "yellow", "orange", "red"}
    red = circles["red"]
    assert red["type"] == "circle" and red["source-layer"] == "concrete_plant"
    assert red["filter"] == ["==", ["get", "risk"], "red"] and red["paint"]["circle-color"] == RISK_COLOURS[RiskLevel.RED]
    polygons = get_json(client, alice, "/tiles/building/style.json")
    assert [layer["type"] for layer in polygons["layers"]] == ["fill"] * 4 + ["line"]


def test_the_style_is_served_without_credentials_as_qgis_fetches_it(client):
    # QGIS 3.22 fetches a vector tile connection's style URL without its authentication.
    response = client.get("/tiles/building/style.json")
    assert response.status_code == 200 and response.json()["version"] == 8
    assert client.get("/tiles/building.json").status_code == 401


def test_ogc_api_tiles_links_a_collection_to_its_tiles(client, alice, plants, tmp_path):
    collection = get_json(client, alice, "/ogc/collections/concrete_plant?f=json")
    tiles_link = next(link["href"] for link in collection["links"] if link["rel"].endswith("tilesets-vector"))
    listing = get_json(client, alice, tiles_link.removeprefix("http://testserver"))
    tileset_url = listing["tilesets"][0]["links"][0]["href"].removeprefix("http://testserver")
    tileset = get_json(client, alice, tileset_url)
    assert tileset["dataType"] == "vector" and tileset["tileMatrixSetURI"].endswith("WebMercatorQuad")
    template = next(link["href"] for link in tileset["links"] if link["rel"] == "item")
    url = template.format(tileMatrix=14, tileRow=7109, tileCol=13349).removeprefix("http://testserver")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    assert response.content == client.get("/tiles/concrete_plant/14/13349/7109.mvt").content
    matrices = get_json(client, alice, "/ogc/tileMatrixSets/WebMercatorQuad")["tileMatrices"]
    assert (matrices[14]["matrixWidth"], matrices[0]["cellSize"]) == (2 ** 14, pytest.approx(156543.03392804097))
    conformance = get_json(client, alice, "/ogc/conformance?f=json")["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt" in conformance


@pytest.mark.parametrize("url, code", [
    ("/tiles/nothing.json", "collection_not_found"),
    ("/tiles/nothing/style.json", "collection_not_found"),
    ("/ogc/collections/concrete_plant/tiles/WorldCRS84Quad", "tile_matrix_set_not_found"),
    ("/ogc/tileMatrixSets/NZTM", "tile_matrix_set_not_found"),
])
def test_unknown_layers_and_matrix_sets_are_404(client, alice, url, code):
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 404
    body = json.loads(response.content)
    assert code in (body.get("code"), body.get("geo_server_code"))
