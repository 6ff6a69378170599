"""Uploaded polygon files: the CRS is checked before GDAL reads them, coordinates come back in 4326."""

import json
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from geo_server.features.polygon_files import PolygonFileError, read_polygons

SQUARE_3857 = {"type": "Polygon", "coordinates": [[[12615000, 2647000], [12616000, 2647000], [12616000, 2648000],
                                                   [12615000, 2648000], [12615000, 2647000]]]}


def geojson(crs_name: str, geometry=SQUARE_3857, name: str = "广州片区") -> SimpleUploadedFile:
    document = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs_name}},
                "features": [{"type": "Feature", "properties": {"name": name}, "geometry": geometry}]}
    return SimpleUploadedFile("area.geojson", json.dumps(document, ensure_ascii=False).encode())


def test_it_transforms_an_allowed_projected_crs_to_lon_lat():
    ((label, polygon),) = read_polygons(geojson("urn:ogc:def:crs:EPSG::3857"), {4326, 3857})
    assert label == "广州片区"
    assert polygon.srid == 4326
    minx, miny, _maxx, _maxy = polygon.extent
    # Spherical Mercator by hand: lon = x / R, lat = 2 atan(exp(y / R)) - pi / 2, R = 6,378,137 m.
    radius = 6_378_137
    assert minx == pytest.approx(math.degrees(12_615_000 / radius), abs=1e-7)  # 113.32247°E
    assert miny == pytest.approx(math.degrees(2 * math.atan(math.exp(2_647_000 / radius)) - math.pi / 2), abs=1e-7)


def test_it_refuses_a_crs_the_caller_does_not_allow():
    with pytest.raises(PolygonFileError) as refused:
        read_polygons(geojson("urn:ogc:def:crs:EPSG::3857"), {4326, 4490})
    assert refused.value.code == "crs"


def test_it_refuses_a_free_text_crs_without_handing_it_to_gdal():
    with pytest.raises(PolygonFileError) as refused:
        read_polygons(geojson("+proj=longlat +datum=WGS84"), {4326})
    assert refused.value.code == "crs"


def test_it_refuses_a_file_without_polygons():
    point = {"type": "Point", "coordinates": [113.32, 23.13]}
    with pytest.raises(PolygonFileError) as refused:
        read_polygons(geojson("urn:ogc:def:crs:OGC:1.3:CRS84", point), {4326})
    assert refused.value.code == "not_polygon"


def test_it_refuses_an_unknown_file_type():
    with pytest.raises(PolygonFileError) as refused:
        read_polygons(SimpleUploadedFile("area.shp", b"x"), {4326})
    assert refused.value.code == "format"
