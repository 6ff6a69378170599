"""Synthetic basins for the demo: Guangzhou cut into the catchments of its main rivers.

Each basin is the part of the city nearer to its river's trunk line than to any other trunk
(a Voronoi allocation, clipped to the real city outline). Three trunks are real WDB II lines
(names guessed by the data's author, see fixtures/SOURCES.md); the others are hand-drawn
approximations of rivers that WDB II does not carry, so every basin is labelled synthetic.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from shapely.geometry import LineString, MultiLineString, shape

from basins.models import Basin

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# ~500 m between trunk samples: fine enough for smooth basin edges at city scale.
TRUNK_STEP_DEGREES = 0.005


@dataclass(frozen=True)
class Trunk:
    code: str
    name: str
    name_en: str
    wdb2_ids: tuple[str, ...] = ()
    drawn: tuple[tuple[float, float], ...] = ()


TRUNKS = (
    Trunk("LXH", "流溪河流域", "Liuxi River basin", wdb2_ids=("19593",)),
    Trunk("ZJQ", "珠江前航道流域", "Pearl River front channel basin", wdb2_ids=("19595",)),
    Trunk("ZJH", "珠江后航道流域", "Pearl River back channel basin", wdb2_ids=("1728",)),
    Trunk("BNH", "白坭河流域", "Baini River basin", wdb2_ids=("19594",),
          drawn=((113.08, 23.56), (113.11, 23.42), (113.15, 23.30), (113.18, 23.16))),
    Trunk("ZENGJ", "增江流域", "Zeng River basin",
          drawn=((113.99, 23.62), (113.88, 23.42), (113.83, 23.27), (113.76, 23.12))),
    Trunk("DJBG", "东江北干流流域", "Dongjiang north branch basin",
          drawn=((113.74, 23.10), (113.62, 23.09), (113.50, 23.07))),
    Trunk("SWSD", "沙湾水道流域", "Shawan waterway basin", wdb2_ids=("19698",),
          drawn=((113.22, 22.96), (113.36, 22.92), (113.52, 22.88))),
    Trunk("JMSD", "蕉门水道流域", "Jiaomen waterway basin",
          drawn=((113.44, 22.84), (113.53, 22.74), (113.60, 22.62))),
)


def real_rivers() -> dict[str, shapely.Geometry]:
    with open(FIXTURES / "guangzhou_rivers_wdb2.geojson", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return {f["properties"]["wdb2_id"]: shape(f["geometry"]) for f in features}


def trunk_lines(trunk: Trunk, rivers: dict[str, shapely.Geometry]) -> list[LineString]:
    lines = []
    for wdb2_id in trunk.wdb2_ids:
        geom = rivers[wdb2_id]
        lines.extend(geom.geoms if isinstance(geom, MultiLineString) else [geom])
    if trunk.drawn:
        lines.append(LineString(trunk.drawn))
    return lines


def city_outline() -> shapely.Geometry:
    with open(FIXTURES / "guangzhou_districts.geojson", encoding="utf-8") as handle:
        districts = [shape(f["geometry"]) for f in json.load(handle)["features"]]
    return shapely.make_valid(shapely.union_all(districts))


def basin_shapes() -> dict[Trunk, shapely.Geometry]:
    """Each trunk's share of the city outline."""
    rivers = real_rivers()
    samples, owners = [], []
    for index, trunk in enumerate(TRUNKS):
        for line in trunk_lines(trunk, rivers):
            dense = shapely.segmentize(line, TRUNK_STEP_DEGREES)
            coords = shapely.get_coordinates(dense)
            samples.extend(coords.tolist())
            owners.extend([index] * len(coords))
    points = shapely.points(samples)
    outline = city_outline()
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=outline.envelope.buffer(0.5))
    by_trunk: dict[int, list] = {}
    tree = shapely.STRtree(points)
    for cell in cells.geoms:
        inside = tree.query(cell, predicate="contains")
        by_trunk.setdefault(owners[int(inside[0])], []).append(cell)
    return {TRUNKS[i]: shapely.intersection(shapely.union_all(parts), outline) for i, parts in by_trunk.items()}


@transaction.atomic
def load_basins() -> int:
    for trunk, geom in basin_shapes().items():
        polygons = shapely.get_parts(geom)
        multi = shapely.multipolygons([p for p in polygons if p.geom_type == "Polygon"])
        Basin.objects.update_or_create(
            code=trunk.code,
            defaults={"name": trunk.name, "name_en": trunk.name_en, "synthetic": True,
                      "geom": GEOSGeometry(memoryview(multi.wkb), srid=4326)},
        )
    return Basin.objects.count()
