"""What every sector's demo generator shares: streets and land (the core loads them), basins and
river centrelines (the sector owning rivers adds them in its demo_setup), demo enterprises.

load_demo builds one Context per run and makes it current(); a sector's demo(seed, scale, log)
reads it from there.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.db import connection

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
    land: shapely.Geometry
    # Filled by a sector's demo_setup (basins): basin polygons in code order and river centrelines.
    basin_ids: list[int] = field(default_factory=list)
    basin_codes: list[str] = field(default_factory=list)
    basin_geoms: list[shapely.Geometry] = field(default_factory=list)
    rivers: list[River] = field(default_factory=list)
    # From organisations.ensure_organisations: (id, name) of the enterprises demo objects belong to.
    enterprises: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

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


def load_context(enterprises: dict | None = None) -> Context:
    water = _water()
    streets = _load_streets(water)
    land = shapely.union_all([s.geom for s in streets])
    shapely.prepare(land)
    return Context(streets, land, enterprises=enterprises or {})


_current: list[Context] = []


@contextmanager
def using(ctx: Context) -> Iterator[Context]:
    """Make `ctx` the context sector demos see for the duration of one load."""
    _current.append(ctx)
    try:
        yield ctx
    finally:
        _current.pop()


def current() -> Context:
    """The context of the load under way (load_demo sets it); a sector's demo reads it here."""
    if not _current:
        raise RuntimeError("A sector's demo runs inside geo_server.demo.load.load_demo.")
    return _current[-1]
