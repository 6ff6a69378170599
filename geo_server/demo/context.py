"""What every demo generator needs from the database: streets, basins, land, rivers."""

import json
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.db import connection

from basins.models import Basin
from basins.synthetic import TRUNKS, city_outline, real_rivers, trunk_lines
from geo_server.features.areas import FIXTURES, GUANGZHOU_CODE

# Relative building density per km² by district (urban core dense, northern districts rural).
DISTRICT_DENSITY = {
    "440103": 8.0, "440104": 12.0, "440105": 7.0, "440106": 7.0, "440111": 2.5, "440112": 1.8,
    "440113": 2.5, "440114": 1.0, "440115": 0.5, "440117": 0.25, "440118": 0.6,
}
# Relative share of new construction and industry (the growing outer districts).
DISTRICT_GROWTH = {
    "440103": 0.4, "440104": 0.2, "440105": 0.6, "440106": 1.0, "440111": 1.4, "440112": 2.0,
    "440113": 1.6, "440114": 1.2, "440115": 2.0, "440117": 0.5, "440118": 1.2,
}


@dataclass
class Street:
    id: int
    name: str
    district_id: int
    district_code: str
    city_id: int
    geom: shapely.Geometry
    area_km2: float


@dataclass
class River:
    name: str
    name_en: str
    basin_code: str
    line: shapely.Geometry
    source: str


@dataclass
class Context:
    streets: list[Street]
    basin_ids: list[int]
    basin_codes: list[str]
    basin_geoms: list[shapely.Geometry]
    land: shapely.Geometry
    rivers: list[River] = field(default_factory=list)

    def basin_of(self, xy: np.ndarray) -> np.ndarray:
        """Basin id per point (None where no basin covers it)."""
        out = np.full(len(xy), None, dtype=object)
        for basin_id, geom in zip(self.basin_ids, self.basin_geoms):
            inside = shapely.contains_xy(geom, xy[:, 0], xy[:, 1])
            out[inside & (out == None)] = basin_id  # noqa: E711 (elementwise)
        return out

    def weights(self, per_district: dict[str, float]) -> np.ndarray:
        return np.array([s.area_km2 * per_district[s.district_code] for s in self.streets])


def _load_streets(water: shapely.Geometry) -> list[Street]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.id, s.name, d.id, d.code, d.parent_id, ST_AsBinary(s.geom), ST_Area(s.geom::geography) / 1e6
            FROM features_adminarea s JOIN features_adminarea d ON d.id = s.parent_id
            WHERE s.level = 'street' AND d.parent_id = (SELECT id FROM features_adminarea WHERE code = %s)
            ORDER BY s.code
            """,
            [GUANGZHOU_CODE],
        )
        streets = []
        for sid, name, did, dcode, cid, wkb, km2 in cursor.fetchall():
            geom = shapely.difference(shapely.from_wkb(bytes(wkb)), water)
            shapely.prepare(geom)
            streets.append(Street(sid, name, did, dcode, cid, geom, km2))
    return streets


def _water() -> shapely.Geometry:
    with open(FIXTURES / "guangzhou_water_gshhs.geojson", encoding="utf-8") as handle:
        parts = [shapely.geometry.shape(f["geometry"]) for f in json.load(handle)["features"]]
    return shapely.make_valid(shapely.union_all(parts))


def _rivers() -> list[River]:
    """The basin trunks clipped to the city, as the main rivers reaches are cut from."""
    real = real_rivers()
    outline = city_outline()
    rivers = []
    for trunk in TRUNKS:
        river_name = trunk.name.removesuffix("流域")
        river_en = trunk.name_en.removesuffix(" basin")
        for line in trunk_lines(trunk, real):
            drawn = trunk.drawn and list(line.coords) == list(trunk.drawn)
            source = "synthetic (hand-drawn trunk)" if drawn else "WDB II centreline"
            for part in shapely.get_parts(shapely.intersection(line, outline)):
                if part.geom_type == "LineString" and part.length > 0.001:
                    rivers.append(River(river_name, river_en, trunk.code, part, source))
    return rivers


def load_context() -> Context:
    water = _water()
    streets = _load_streets(water)
    basins = list(Basin.objects.order_by("code").values_list("id", "code", "geom"))
    basin_geoms = [shapely.from_wkb(bytes(geom.wkb)) for _id, _code, geom in basins]
    for geom in basin_geoms:
        shapely.prepare(geom)
    land = shapely.union_all([s.geom for s in streets])
    shapely.prepare(land)
    return Context(streets, [b[0] for b in basins], [b[1] for b in basins], basin_geoms, land, _rivers())

