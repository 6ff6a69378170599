"""WMTS 1.0.0 on /ows (layers/ows/wmts.py): capabilities, KVP and RESTful GetTile, each tile a MapServer
WMS GetMap of the user's scoped map; read by OWSLib and QGIS 3.22 as a district office would."""

import io
import math
import xml.etree.ElementTree as ET

import pytest
from owslib.wmts import WebMapTileService
from PIL import Image

from layers.catalogue import LAYERS
from layers.ows import mapfile, wmts
from layers.ows.wmts_documents import OWS_NS, WMTS_NS
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER
from tests.test_ows import RED, areas, basic, plants  # noqa: F401 (fixtures)
from tests.test_qgis_clients import open_in_qgis, qgis_available, requests_seen  # noqa: F401 (fixture)

ZOOM = 16
REST = "/ows/wmts/1.0.0"


def tile_of(lon: float, lat: float, zoom: int = ZOOM) -> tuple[int, int]:
    """(row, col) of the WebMercatorQuad tile holding the point."""
    n = 2 ** zoom
    row = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int(row), int((lon + 180) / 360 * n)


def red_pixels(content: bytes) -> int:
    image = Image.open(io.BytesIO(content)).convert("RGBA")
    return sum(1 for pixel in image.get_flattened_data() if pixel[:3] == RED and pixel[3] == 255)


def rest_tile(client, user: str, lon: float, lat: float, layer: str = "concrete_plant"):
    row, col = tile_of(lon, lat)
    return client.get(f"{REST}/{layer}/default/WebMercatorQuad/{ZOOM}/{row}/{col}.png", **basic(user))


def test_the_tile_matrix_set_is_googlemapscompatible():
    matrices = wmts.tile_matrices()
    assert [m["id"] for m in matrices] == [str(z) for z in range(19)]
    assert matrices[0]["scale"] == 559082264.0287178 and matrices[18]["scale"] == 559082264.0287178 / 262144
    assert matrices[18]["size"] == 262144
    # Zoom 1, row 0, col 1: the north-east quarter of the world.
    assert wmts.tile_bbox(wmts.TileRequest("x", 1, 0, 1)) == (0.0, 0.0, 20037508.3427892, 20037508.3427892)


def test_it_rejects_bad_tile_parameters_naming_the_parameter():
    def code(**changes) -> tuple[str, str]:
        params = {"layer": "concrete_plant", "style": "default", "image_format": "image/png",
                  "matrix_set": "WebMercatorQuad", "matrix": "2", "row": "3", "col": "0", **changes}
        with pytest.raises(wmts.WmtsError) as raised:
            wmts.tile_request(**params, layers={"concrete_plant"})
        return raised.value.code, raised.value.locator

    assert code(row="4") == ("TileOutOfRange", "TILEROW")
    assert code(col="-1") == ("TileOutOfRange", "TILECOL")
    assert code(matrix="19") == ("InvalidParameterValue", "TILEMATRIX")
    assert code(matrix="") == ("MissingParameterValue", "TILEMATRIX")
    assert code(layer="no_such") == ("InvalidParameterValue", "LAYER")
    assert code(matrix_set="EPSG:4326") == ("InvalidParameterValue", "TILEMATRIXSET")
    assert code(image_format="image/jpeg") == ("InvalidParameterValue", "FORMAT")


def test_capabilities_list_every_layer_with_its_chinese_title_and_the_tile_template(client, plants):
    response = client.get("/ows", {"SERVICE": "WMTS", "REQUEST": "GetCapabilities"}, **basic("bob"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    layers = {layer.findtext(f"{{{OWS_NS}}}Identifier"): layer for layer in root.iter(f"{{{WMTS_NS}}}Layer")}
    assert set(layers) == set(LAYERS)
    plant = layers["concrete_plant"]
    assert plant.findtext(f"{{{OWS_NS}}}Title") == "预拌混凝土企业"
    assert plant.find(f"{{{WMTS_NS}}}ResourceURL").get("template") == (
        "http://testserver/ows/wmts/1.0.0/concrete_plant/{Style}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png")
    matrices = list(root.iter(f"{{{WMTS_NS}}}TileMatrix"))
    assert len(matrices) == 19
    assert matrices[3].findtext(f"{{{WMTS_NS}}}ScaleDenominator") == repr(559082264.0287178 / 8)
    assert matrices[3].findtext(f"{{{WMTS_NS}}}MatrixWidth") == "8"
    assert "private" in response["Cache-Control"]
    english = client.get(f"{REST}/WMTSCapabilities.xml", HTTP_ACCEPT_LANGUAGE="en", **basic("bob"))
    assert english.status_code == 200 and b"<ows:Title>Concrete plants</ows:Title>" in english.content


def test_capabilities_keep_wmts_as_the_default_namespace_whatever_else_registered_prefixes(client, plants,
                                                                                         monkeypatch):
    # ElementTree's prefix registry is one per process: another default namespace registered there by
    # other code (as happened within the full suite) made the document come out as `ns0:Contents`, which
    # QGIS's WMTS reader, matching tag names, took for no capabilities at all.
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))
    ET.register_namespace("", "urn:example:another-default")
    ET.register_namespace("o", OWS_NS)
    body = client.get("/ows/wmts/1.0.0/WMTSCapabilities.xml", **basic("bob")).content.decode()
    assert "ns0:" not in body and "<Contents>" in body and f'<Capabilities xmlns="{WMTS_NS}"' in body
    assert "<ows:Identifier>concrete_plant</ows:Identifier>" in body


def test_a_tile_draws_the_red_plant_of_the_district_and_not_the_other(client, plants, alice):
    tianhe = rest_tile(client, "bob", *TIANHE_SPORTS_CENTER)
    assert tianhe.status_code == 200 and tianhe["Content-Type"] == "image/png"
    assert red_pixels(tianhe.content) > 20
    assert red_pixels(rest_tile(client, "bob", *CANTON_TOWER).content) == 0
    assert red_pixels(rest_tile(client, "alice", *CANTON_TOWER).content) > 20
    assert "private" in tianhe["Cache-Control"]


def test_a_tile_builds_only_its_own_layer(client, plants, monkeypatch):
    """A tile compiles one layer's scoped SQL, not the whole catalogue's (the map is built per tile)."""
    built = []
    real = mapfile.add_layer
    monkeypatch.setattr(mapfile, "add_layer", lambda the_map, layer, *args: (built.append(layer.id),
                                                                              real(the_map, layer, *args)))
    assert rest_tile(client, "bob", *TIANHE_SPORTS_CENTER).status_code == 200
    assert built == ["concrete_plant"]
    built.clear()
    assert client.get(f"{REST}/WMTSCapabilities.xml", **basic("bob")).status_code == 200
    assert built == []  # the capabilities need the layers' names and titles, not their SQL


def test_a_kvp_gettile_is_the_same_tile(client, plants):
    row, col = tile_of(*TIANHE_SPORTS_CENTER)
    response = client.get("/ows", {"service": "WMTS", "request": "GetTile", "version": "1.0.0",
                                   "layer": "concrete_plant", "style": "default", "format": "image/png",
                                   "tilematrixset": "WebMercatorQuad", "tilematrix": ZOOM, "tilerow": row,
                                   "tilecol": col}, **basic("bob"))
    assert response.status_code == 200 and response.content == rest_tile(client, "bob", *TIANHE_SPORTS_CENTER).content


@pytest.mark.parametrize("path, locator", [
    (f"{REST}/concrete_plant/default/WebMercatorQuad/2/4/0.png", "TILEROW"),
    (f"{REST}/concrete_plant/default/WebMercatorQuad/19/0/0.png", "TILEMATRIX"),
    (f"{REST}/concrete_plant/default/WebMercatorQuad/2/0/x.png", "TILECOL"),
    (f"{REST}/nope/default/WebMercatorQuad/2/0/0.png", "LAYER"),
    ("/ows?SERVICE=WMTS&REQUEST=GetTile&LAYER=concrete_plant&STYLE=default&FORMAT=image/png"
     "&TILEMATRIXSET=WebMercatorQuad&TILEMATRIX=3&TILEROW=0&TILECOL=8", "TILECOL"),
])
def test_a_bad_tile_address_is_a_400_exception_report_with_a_code(client, plants, path, locator):
    response = client.get(path, **basic("bob"))
    assert response.status_code == 400
    exception = ET.fromstring(response.content).find(f"{{{OWS_NS}}}Exception")
    assert exception.get("locator") == locator and exception.get("exceptionCode")


def test_an_unknown_wmts_operation_is_an_exception_report(client, plants):
    missing = client.get("/ows", {"SERVICE": "WMTS"}, **basic("bob"))
    assert missing.status_code == 400 and b'exceptionCode="MissingParameterValue"' in missing.content
    assert "缺少 REQUEST 参数。" in missing.content.decode()  # in the request's language
    unknown = client.get("/ows", {"SERVICE": "WMTS", "REQUEST": "GetFeatureInfo"}, **basic("bob"))
    assert unknown.status_code == 501 and b'exceptionCode="OperationNotSupported"' in unknown.content


def test_without_credentials_a_tile_is_401(client, plants):
    response = client.get(f"{REST}/concrete_plant/default/WebMercatorQuad/0/0/0.png")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_owslib_reads_the_capabilities_and_a_tile(live_server, plants):
    service = WebMapTileService(f"{live_server.url}/ows", username="bob", password="bob-password")
    assert "concrete_plant" in service.contents and "hazards" in service.contents
    assert service["concrete_plant"].title == "预拌混凝土企业"
    assert "WebMercatorQuad" in service.tilematrixsets
    assert len(service.tilematrixsets["WebMercatorQuad"].tilematrix) == 19
    row, col = tile_of(*TIANHE_SPORTS_CENTER)
    tile = service.gettile(layer="concrete_plant", tilematrixset="WebMercatorQuad", tilematrix=str(ZOOM),
                           row=row, column=col, format="image/png", style="default")
    assert red_pixels(tile.read()) > 20


@pytest.mark.skipif(not qgis_available(), reason="python3-qgis is missing (bin/setup --browser installs it)")
def test_qgis_opens_the_wmts_layer_and_draws_the_red_plant(live_server, plants, tmp_path, requests_seen):
    url = f"{live_server.url}/ows/wmts/1.0.0/WMTSCapabilities.xml"
    uri = (f"contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&format=image/png&layers=concrete_plant&styles=default"
           f"&tileMatrixSet=WebMercatorQuad&url={url}")

    def around(lon, lat):
        return {"bbox": [lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002], "size": 128,
                "colours": {"red": "#" + "".join(f"{c:02x}" for c in RED)}}

    tianhe, haizhu = open_in_qgis(
        tmp_path,
        {"name": "tianhe", "provider": "wms", "uri": uri, "user": "bob", "password": "bob-password",
         "render": around(*TIANHE_SPORTS_CENTER)},
        {"name": "haizhu", "provider": "wms", "uri": uri, "user": "bob", "password": "bob-password",
         "render": around(*CANTON_TOWER)})
    assert tianhe["valid"], (tianhe, requests_seen)  # what QGIS asked the server, should it fail
    assert tianhe["pixels"]["red"] > 20
    assert haizhu["pixels"]["ink"] == 0  # nothing drawn where only another district's plant is
