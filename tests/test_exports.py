"""Exports read back by pyogrio (GDAL), the way QGIS opens them: counts, Chinese names, CRS."""

import csv
import io
import json
import os
import sqlite3
import zipfile

import openpyxl

import pyogrio
import pytest
import shapely
from django.contrib.gis.geos import Polygon
from django.core.exceptions import FieldDoesNotExist
from pyproj import Geod, Transformer

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.features.models import Feature
from layers.catalogue import LAYERS
from layers.models import ExportLog
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER

HUANGCUN = (113.3600, 23.1300)  # 天河区 黄村街道, away from the sports centre (冼村街道)
XIANCUN_STREET = "440106014"


def building(code: str, lon: float, lat: float, name: str, **fields) -> Feature:
    """A 100 m square footprint centred on a known coordinate."""
    square = Polygon.from_bbox((lon - 0.0005, lat - 0.0005, lon + 0.0005, lat + 0.0005))
    square.srid = 4326
    return Feature.objects.create(kind=Kind.BUILDING, code=code, name=name, geom=square, **fields)


@pytest.fixture
def buildings(db):
    return [
        building("TH-1", *TIANHE_SPORTS_CENTER, "天河体育中心大楼", name_en='Tower "A" \\ east',
                 risk_level=RiskLevel.RED),
        building("TH-2", *HUANGCUN, "黄村商住楼", risk_level=RiskLevel.NONE),
        building("HZ-1", *CANTON_TOWER, "广州塔附楼", risk_level=RiskLevel.YELLOW),
    ]


def export(client, user, query: str, **extra):
    client.force_login(user)
    response = client.get(f"/exports/?{query}", **extra)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content), response


def saved(tmp_path, content: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_it_writes_rfc7946_geojson_with_chinese_names(client, alice, buildings, tmp_path):
    content, response = export(client, alice, "layer=building&format=geojson")
    document = json.loads(content)

    assert response["Content-Type"] == "application/geo+json"
    assert document["type"] == "FeatureCollection" and "crs" not in document
    names = {f["properties"]["name"]: f for f in document["features"]}
    assert set(names) == {"天河体育中心大楼", "黄村商住楼", "广州塔附楼"}
    tower = names["天河体育中心大楼"]
    assert tower["properties"]["name_en"] == 'Tower "A" \\ east'
    assert tower["properties"]["risk"] == "red" and tower["properties"]["district_name"] == "天河区"
    ring = shapely.geometry.shape(tower["geometry"]).exterior
    assert ring.is_ccw  # RFC 7946 §3.1.6 right-hand rule
    lon, lat = ring.coords[0]
    assert abs(lon - TIANHE_SPORTS_CENTER[0]) < 0.001 and abs(lat - TIANHE_SPORTS_CENTER[1]) < 0.001
    path = saved(tmp_path, content, "out.geojson")
    assert pyogrio.read_info(path)["features"] == 3
    assert pyogrio.read_info(path)["crs"] == "EPSG:4326"


@pytest.mark.parametrize("srid", [4326, 4490, 4547])
def test_it_writes_a_geopackage_in_the_chosen_crs(client, alice, buildings, tmp_path, srid):
    content, _ = export(client, alice, f"layer=building&format=gpkg&crs={srid}")
    path = saved(tmp_path, content, "out.gpkg")

    assert pyogrio.read_info(path, layer="building")["crs"] == f"EPSG:{srid}"
    frame = pyogrio.read_dataframe(path, layer="building")
    assert sorted(frame["name"]) == sorted(["天河体育中心大楼", "黄村商住楼", "广州塔附楼"])
    centre = frame[frame["code"] == "TH-1"].geometry.iloc[0].centroid
    expected = Transformer.from_crs(4326, srid, always_xy=True).transform(*TIANHE_SPORTS_CENTER)
    assert centre.distance(shapely.Point(expected)) < (1e-6 if srid != 4547 else 0.1)
    if srid == 4547:
        assert 420_000 < centre.x < 440_000  # 69 km west of the 114°E central meridian


def test_it_zips_a_shapefile_with_cpg_prj_and_short_field_names(client, alice, buildings, tmp_path):
    content, response = export(client, alice, "layer=building&format=shp&crs=4547&district=440106")
    archive = zipfile.ZipFile(io.BytesIO(content))

    assert response["Content-Type"] == "application/zip"
    assert {"building.shp", "building.shx", "building.dbf", "building.prj", "building.cpg",
            "building_fields.txt"} <= set(archive.namelist())
    assert archive.read("building.cpg").decode().strip().upper() in ("UTF-8", "UTF8")
    assert "district\tdistrict_name\t行政区" in archive.read("building_fields.txt").decode()
    path = saved(tmp_path, content, "out.zip")
    assert pyogrio.read_info(path)["crs"] == "EPSG:4547"
    frame = pyogrio.read_dataframe(path)
    assert sorted(frame["name"]) == ["天河体育中心大楼", "黄村商住楼"]
    assert all(len(column) <= 10 for column in frame.columns)
    assert set(frame["district"]) == {"天河区"}


def test_it_writes_csv_for_excel_with_a_bom_and_wkt(client, alice, buildings):
    content, _ = export(client, alice, "layer=building&format=csv&risk=red,yellow")

    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert sorted(r["name"] for r in rows) == ["天河体育中心大楼", "广州塔附楼"]
    tower = next(r for r in rows if r["code"] == "TH-1")
    assert tower["layer"] == "building" and tower["name_en"] == 'Tower "A" \\ east'
    assert shapely.from_wkt(tower["wkt"]).contains(shapely.Point(TIANHE_SPORTS_CENTER))
    assert tower["wkt_simplified"] == "false"
    # A point on the footprint, and its area on the ellipsoid (pyproj's geodesic area of the square).
    assert shapely.from_wkt(tower["wkt"]).contains(shapely.Point(float(tower["longitude"]), float(tower["latitude"])))
    geodesic, _perimeter = Geod(ellps="WGS84").geometry_area_perimeter(shapely.from_wkt(tower["wkt"]))
    assert float(tower["area_m2"]) == pytest.approx(abs(geodesic), abs=1.0)
    assert 11_000 < float(tower["area_m2"]) < 11_600  # 102 m x 111 m


def test_csv_and_xlsx_name_their_crs_in_the_file_name(client, alice, buildings):
    _content, response = export(client, alice, "layer=building&format=csv&crs=4547")
    assert "_EPSG4547.csv" in response["Content-Disposition"]
    _content, response = export(client, alice, "layer=building&format=xlsx")
    assert "_EPSG4326.xlsx" in response["Content-Disposition"]


def test_a_csv_polygon_too_long_for_a_cell_is_simplified_to_fit_and_flagged(client, alice, db):
    # A 4,000-vertex circle around the sports centre: about 90,000 characters of exact WKT.
    circle = shapely.Point(TIANHE_SPORTS_CENTER).buffer(0.01, quad_segs=1000)
    Feature.objects.create(kind=Kind.BUILDING, code="ROUND", name="圆楼", geom=Polygon(list(circle.exterior.coords),
                                                                                    srid=4326))
    building("TH-1", *TIANHE_SPORTS_CENTER, "天河体育中心大楼")
    content, _ = export(client, alice, "layer=building&format=csv")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}

    assert len(shapely.to_wkt(circle, rounding_precision=6)) > 32_767
    assert len(rows["ROUND"]["wkt"]) <= 32_767 and rows["ROUND"]["wkt_simplified"] == "true"
    simplified = shapely.from_wkt(rows["ROUND"]["wkt"])
    assert simplified.symmetric_difference(circle).area / circle.area < 0.001
    assert rows["TH-1"]["wkt_simplified"] == "false"


def test_it_writes_an_xlsx_with_typed_cells_and_no_geometry_text(client, alice, buildings, tmp_path):
    content, response = export(client, alice, "layer=building&format=xlsx&crs=4547&district=440106",
                               HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(saved(tmp_path, content, "out.xlsx"), read_only=True)
    header, *rows = list(workbook["features"].values)
    records = {row[header.index("code")]: dict(zip(header, row)) for row in rows}

    assert set(records) == {"TH-1", "TH-2"} and "wkt" not in header
    tower = records["TH-1"]
    assert tower["name"] == "天河体育中心大楼" and tower["district_name"] == "天河区"
    assert isinstance(tower["id"], int) and isinstance(tower["area_m2"], float)
    expected = Transformer.from_crs(4326, 4547, always_xy=True).transform(*TIANHE_SPORTS_CENTER)
    assert abs(tower["x"] - expected[0]) < 60 and abs(tower["y"] - expected[1]) < 60
    meanings = dict(list(workbook["columns"].values)[1:len(header) + 1])
    assert meanings["district_name"] == "行政区" and meanings["x"] == "要素内点 X 坐标（EPSG:4547）"


def test_the_geopackage_is_version_1_2(client, alice, buildings, tmp_path):
    content, _ = export(client, alice, "layer=building&format=gpkg")
    with sqlite3.connect(saved(tmp_path, content, "out.gpkg")) as database:
        assert database.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47  # "GPKG"
        assert database.execute("PRAGMA user_version").fetchone()[0] == 10200


def test_it_writes_kml_with_placemark_names(client, alice, buildings, tmp_path):
    content, _ = export(client, alice, "layer=building&format=kml&district=440105")
    path = saved(tmp_path, content, "out.kml")

    frame = pyogrio.read_dataframe(path)
    assert list(frame["Name"]) == ["广州塔附楼"]
    assert pyogrio.read_info(path)["crs"] == "EPSG:4326"


def test_it_limits_to_a_street(client, alice, buildings):
    content, _ = export(client, alice, f"layer=building&street={XIANCUN_STREET}")
    assert [f["properties"]["code"] for f in json.loads(content)["features"]] == ["TH-1"]


def test_it_limits_to_a_posted_polygon(client, alice, buildings):
    lon, lat = CANTON_TOWER
    polygon = {"type": "Polygon", "coordinates": [[[lon - 0.01, lat - 0.01], [lon + 0.01, lat - 0.01],
                                                  [lon + 0.01, lat + 0.01], [lon - 0.01, lat - 0.01]]]}
    client.force_login(alice)
    response = client.post("/exports/?layer=building&format=geojson", json.dumps(polygon),
                           content_type="application/json")

    codes = [f["properties"]["code"] for f in json.loads(b"".join(response.streaming_content))["features"]]
    assert codes == ["HZ-1"]
    log = ExportLog.objects.get()
    assert log.area_kind == "polygon" and log.area_geom.contains(log.area_geom.centroid)


def test_it_limits_to_an_uploaded_kml_polygon(client, alice, buildings):
    lon, lat = TIANHE_SPORTS_CENTER
    kml = (f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>'
           f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{lon - 0.01},{lat - 0.01} {lon + 0.01},{lat - 0.01} "
           f"{lon + 0.01},{lat + 0.01} {lon - 0.01},{lat - 0.01}</coordinates></LinearRing></outerBoundaryIs>"
           f"</Polygon></Placemark></kml>")
    upload = io.BytesIO(kml.encode())
    upload.name = "area.kml"
    client.force_login(alice)
    response = client.post("/exports/", {"layer": "building", "format": "csv", "file": upload})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == ["TH-1"]


def test_it_gives_bob_only_tianhe(client, bob, buildings):
    content, _ = export(client, bob, "layer=building")
    assert sorted(f["properties"]["code"] for f in json.loads(content)["features"]) == ["TH-1", "TH-2"]


def test_it_answers_an_empty_area_with_a_valid_empty_file(client, bob, buildings, tmp_path):
    content, _ = export(client, bob, "layer=building&district=440105")
    assert json.loads(content) == {"type": "FeatureCollection", "features": []}
    gpkg, _ = export(client, bob, "layer=building&format=gpkg&district=440105")
    info = pyogrio.read_info(saved(tmp_path, gpkg, "empty.gpkg"), layer="building")
    assert info["features"] == 0 and "name" in list(info["fields"])


def test_it_names_the_file_after_layer_area_and_date(client, alice, buildings):
    _, response = export(client, alice, "layer=building&format=gpkg&district=440106")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="building_440106_')
    assert "filename*=UTF-8''building_%E5%A4%A9%E6%B2%B3%E5%8C%BA_" in disposition  # 天河区
    assert disposition.endswith('.gpkg')


def test_it_logs_every_export(client, bob, buildings):
    content, _ = export(client, bob, "layer=building&format=csv&district=440106&status=in_service")
    log = ExportLog.objects.get()
    assert (log.user, log.requested_by, log.layers, log.format, log.crs) == (bob, "bob", ["building"], "csv", 4326)
    assert (log.area_kind, log.area, log.feature_count, log.bytes) == ("district", "天河区", 2, len(content))
    assert log.filters == {"status": ["in_service"]} and log.complete
    assert log.area_geom is not None


@pytest.mark.parametrize("query, code", [
    ("layer=hazard", "invalid_layer"),
    ("format=geojson", "invalid_layer"),
    ("layer=building&format=xls", "invalid_format"),
    ("layer=building&format=gpkg&crs=3857", "invalid_crs"),
    ("layer=building&format=gpkg&crs=%2Bproj%3Dlonglat", "invalid_crs"),
    ("layer=building&crs=4547", "crs_not_supported_by_format"),
    ("layer=building&format=kml&crs=4490", "crs_not_supported_by_format"),
    ("layer=building&district=999999", "unknown_district"),
    ("layer=building&district=440106&street=440106014", "invalid_area"),
    ("layer=building&bbox=1,2,3", "invalid_bbox"),
    ("layer=building&risk=purple", "invalid_risk"),
    ("layer=district&risk=red", "filter_not_applicable"),
    ("layer=building&owner_phone=138", "unknown_parameter"),
])
def test_it_refuses_bad_requests_with_a_code(client, alice, query, code):
    client.force_login(alice)
    response = client.get(f"/exports/?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == code


@pytest.mark.parametrize("polygon", [
    {"type": "Point", "coordinates": [113.3, 23.1]},
    {"type": "Polygon", "coordinates": [[[113.3, 23.1], [113.4, 23.2], [113.4, 23.1], [113.3, 23.2], [113.3, 23.1]]]},
    {"type": "Polygon", "coordinates": [[[200, 23.1], [201, 23.1], [201, 24], [200, 23.1]]]},
    "not json",
])
def test_it_refuses_a_bad_polygon(client, alice, polygon):
    client.force_login(alice)
    body = polygon if isinstance(polygon, str) else json.dumps(polygon)
    response = client.post("/exports/?layer=building", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_polygon"


def test_it_refuses_too_large_an_upload(client, alice, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "EXPORT_MAX_UPLOAD_BYTES": 1000}
    client.force_login(alice)
    response = client.post("/exports/?layer=building", "x" * 2000, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "polygon_too_large"


def test_it_challenges_an_anonymous_client(client, db):
    response = client.get("/exports/?layer=building")
    assert response.status_code == 401


def model_field(model, path: str):
    """The model field an ORM path ends on; None for an annotation such as `risk`."""
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model or model
    return field


def test_it_publishes_no_personal_field(alice):
    for layer in LAYERS.values():
        model = layer.rows_for(alice).model
        for field in layer.fields:
            assert not getattr(model_field(model, field.source), "is_personal", False), (layer.id, field.name)


def test_it_filters_the_basin_choropleth_by_its_computed_risk(client, alice):
    """basin_risk publishes risk but no risk_level: the filter compares risk itself (was a 500)."""
    content, _ = export(client, alice, "layer=basin_risk&risk=red&format=csv")
    assert content.decode("utf-8-sig").splitlines()[0].startswith('layer,id,code,name')


def test_it_writes_patrol_zones_as_a_shapefile_with_a_short_organisation_field(client, alice, tmp_path):
    """organisation_name is 17 characters: the dBase name comes from SHORT_NAMES (was a ValueError)."""
    content, _ = export(client, alice, "layer=zone&format=shp")
    fields = zipfile.ZipFile(io.BytesIO(content)).read("zone_fields.txt").decode()
    assert "org_name\torganisation_name\t单位" in fields


def writer_job(path, driver="GPKG") -> dict:
    return {"path": str(path), "driver": driver, "layer": "plants", "geometry_type": "Point", "crs": "EPSG:4326",
            "names": ["id", "name"], "types": ["integer", "string"], "append": False}


def test_the_gdal_writer_process_writes_what_it_is_sent(tmp_path):
    from layers.exports.ogr import GdalWriter
    point = shapely.to_wkb(shapely.Point(113.324, 23.138))
    with GdalWriter(writer_job(tmp_path / "a.gpkg")) as writer:
        writer.send([(point, 1, "天河搅拌站"), (point, 2, None)])
        writer.send([(point, 3, "海珠")])
        child = writer.process
    assert child.pid != os.getpid() and child.returncode == 0
    frame = pyogrio.read_dataframe(tmp_path / "a.gpkg")
    assert list(frame["id"]) == [1, 2, 3]
    assert frame["name"].iloc[0] == "天河搅拌站" and frame["name"].isna().iloc[1] and frame["name"].iloc[2] == "海珠"


def test_a_failing_gdal_writer_is_an_error_and_a_failing_reader_stops_it(tmp_path):
    from layers.exports.ogr import GdalWriter, WriterFailed
    with pytest.raises(WriterFailed, match="NoSuchDriver"):
        with GdalWriter(writer_job(tmp_path / "b.x", driver="NoSuchDriver")) as writer:
            writer.send([(shapely.to_wkb(shapely.Point(113, 23)), 1, "x")])
    with pytest.raises(ZeroDivisionError):
        with GdalWriter(writer_job(tmp_path / "c.gpkg")) as writer:
            1 / 0
    assert writer.process.returncode is not None  # stopped, not left running
