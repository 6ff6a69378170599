"""What a print sheet draws, read from PostGIS already placed on the paper: every geometry is
projected to EPSG:3857, mapped to the frame's mm (ST_Affine), clipped to it, simplified to 0.1 mm
(what a printer can show) and written as SVG path data (ST_AsSVG, which flips y for SVG).

Features and hazards come only through the scoping functions (scope_features, visible_hazards);
the context (district and street outlines with names, rivers and water bodies) is public reference
data drawn for orientation, as on the main map."""

import json
from dataclasses import dataclass

from django.contrib.gis.db.models.functions import PointOnSurface, Transform
from django.db import connection
from django.db.models import QuerySet

from geo_server.features.models import AdminArea
from geo_server.features.scoping import scope_features
from geo_server.supervision.hazards import visible_hazards
from geo_server.supervision.states import OPEN_STATES
from layers import basemaps
from layers.printsheet.frame import Frame

# Beyond these a sheet is unreadable (and its PDF slow): the worst-risk ones are drawn, and the sheet says so.
MAX_FEATURES = 5_000
MAX_HAZARDS = {"a4": 30, "a3": 60}
SIMPLIFY_MM = 0.1
MIN_SIZE_MM = 1.5
# How far outside the frame geometries are kept, mm (so outlines do not stop short of the edge).
BLEED_MM = 2.0

_PLACED = "ST_Affine(ST_Transform({geom}, 3857), %(s)s, 0, 0, %(s)s, %(xoff)s, %(yoff)s)"
_CLIP = "ST_ClipByBox2D({placed}, ST_MakeEnvelope(%(left)s, %(bottom)s, %(right)s, %(top)s))"
_PATH = "ST_AsSVG(ST_SimplifyPreserveTopology({clipped}, %(tolerance)s), 0, 2)"


def _frame_params(frame: Frame) -> dict:
    west, south, east, north = frame.bounds_lonlat()
    return {"s": frame.s, "xoff": -frame.x0 * frame.s, "yoff": -frame.y1 * frame.s, "tolerance": SIMPLIFY_MM,
            "left": -BLEED_MM, "right": frame.width + BLEED_MM, "bottom": -frame.height - BLEED_MM, "top": BLEED_MM,
            "west": west, "south": south, "east": east, "north": north}


def _path(geom: str) -> str:
    return _PATH.format(clipped=_CLIP.format(placed=_PLACED.format(geom=geom)))


_IN_FRAME = "{geom} && ST_MakeEnvelope(%(west)s, %(south)s, %(east)s, %(north)s, 4326)"


@dataclass(frozen=True)
class Shape:
    kind: str
    dimension: int  # 0 point, 1 line, 2 polygon
    path: str  # SVG path data (lines, polygons)
    x: float  # a point inside, mm (points, labels)
    y: float
    risk: int = 0
    name: str = ""
    code: str = ""


def _shapes(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def area_features(user, area: AdminArea) -> QuerySet:
    column = "district" if area.level == AdminArea.Level.DISTRICT else "street"
    return scope_features(user).filter(**{column: area})


def features(user, area: AdminArea, frame: Frame) -> tuple[list[Shape], int]:
    """The area's features the user may see, worst risk first, at most MAX_FEATURES; and how many there are."""
    scoped = area_features(user, area)
    total = scoped.count()
    ids_sql, ids_params = scoped.values("id").query.sql_with_params()
    placed = _PLACED.format(geom="f.geom")
    size = f"GREATEST(ST_XMax({placed}) - ST_XMin({placed}), ST_YMax({placed}) - ST_YMin({placed}))"
    sql = (f"SELECT f.kind, ST_Dimension(f.geom), {_path('f.geom')}, ST_X(ST_PointOnSurface({placed})), "
           f"-ST_Y(ST_PointOnSurface({placed})), f.risk_level, {size} FROM features_feature f "
           f"WHERE f.id IN ({ids_sql.replace('%', '%%').replace('%%s', '%s')}) "
           "ORDER BY f.risk_level DESC, f.id LIMIT %(limit)s")
    # The scoped subquery's own placeholders are positional: name them so both styles can mix.
    names = [f"scoped_{index}" for index in range(len(ids_params))]
    sql = _name_placeholders(sql, names)
    params = {**_frame_params(frame), **dict(zip(names, ids_params)), "limit": MAX_FEATURES}
    rows = _shapes(sql, params)
    # A building tens of metres across is a speck at a district's scale: smaller than MIN_SIZE_MM, it is drawn as a dot.
    return [Shape(kind, dim if size >= MIN_SIZE_MM else 0, path or "", x, y, risk)
            for kind, dim, path, x, y, risk, size in rows], total


def _name_placeholders(sql: str, names: list[str]) -> str:
    """Replace the positional %s (from the embedded queryset) by %(name)s, in order."""
    parts = sql.split("%s")
    if len(parts) != len(names) + 1:
        raise ValueError(f"{len(parts) - 1} placeholders for {len(names)} parameters")
    return parts[0] + "".join(f"%({name})s{part}" for name, part in zip(names, parts[1:]))


def context_areas(frame: Frame, english: bool) -> list[Shape]:
    """District and street outlines in the frame, with a label point inside each one's visible part."""
    placed = _CLIP.format(placed=_PLACED.format(geom="a.geom"))
    name = "COALESCE(NULLIF(a.name_en, ''), a.name)" if english else "a.name"
    sql = (f"SELECT a.level, 2, {_path('a.geom')}, ST_X(ST_PointOnSurface({placed})), "
           f"-ST_Y(ST_PointOnSurface({placed})), {name}, a.code FROM features_adminarea a "
           f"WHERE a.level IN ('district', 'street') AND {_IN_FRAME.format(geom='a.geom')} "
           "ORDER BY a.level DESC, a.code")
    rows = _shapes(sql, _frame_params(frame))
    return [Shape(level, dim, path or "", x or 0, y or 0, name=label, code=code)
            for level, dim, path, x, y, label, code in rows if path]


def context_water(frame: Frame) -> list[Shape]:
    """Water bodies and rivers (the fixtures the main map's context layer draws) in the frame."""
    collection = basemaps.context_water()
    sql = (f"SELECT w.kind, ST_Dimension(w.geom), {_path('w.geom')}, 0, 0 FROM "
           "(SELECT kind, ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326) AS geom "
           " FROM unnest(%(kinds)s::text[], %(geometries)s::text[]) AS t(kind, geometry)) w "
           f"WHERE {_IN_FRAME.format(geom='w.geom')}")
    params = {**_frame_params(frame), "kinds": [f["properties"]["kind"] for f in collection["features"]],
              "geometries": [json.dumps(f["geometry"]) for f in collection["features"]]}
    return [Shape(kind, dim, path, x, y) for kind, dim, path, x, y in _shapes(sql, params) if path]


@dataclass(frozen=True)
class HazardMark:
    number: int
    feature_code: str
    feature_name: str
    rule_code: str
    level: int
    state: str
    deadline: object
    x: float
    y: float


MARK_SPACING_MM = 4.2


def spread(point: tuple[float, float], placed: list[tuple[float, float]]) -> tuple[float, float]:
    """The point, moved right in steps of MARK_SPACING_MM until no marker already placed covers it:
    hazards on one feature (or on neighbours) each keep a readable number."""
    x, y = point
    while any((x - px) ** 2 + (y - py) ** 2 < MARK_SPACING_MM ** 2 - 1e-6 for px, py in placed):
        x += MARK_SPACING_MM
    return x, y


def hazards(user, area: AdminArea, frame: Frame, limit: int) -> tuple[list[HazardMark], int]:
    """The area's open hazards the user may see, worst and most urgent first, numbered from 1."""
    scoped = visible_hazards(user).filter(state__in=OPEN_STATES)
    scoped = scoped.filter(district=area) if area.level == AdminArea.Level.DISTRICT else scoped.filter(feature__street=area)
    total = scoped.count()
    rows = (scoped.annotate(mark=Transform(PointOnSurface("geom"), 3857))
            .order_by("-level", "deadline", "id")
            .values("feature__code", "feature__name", "rule_code", "level", "state", "deadline", "mark")[:limit])
    marks, placed = [], []
    for number, row in enumerate(rows, start=1):
        x, y = spread(frame.to_paper(row["mark"].x, row["mark"].y), placed)
        placed.append((x, y))
        marks.append(HazardMark(number, row["feature__code"], row["feature__name"], row["rule_code"], row["level"],
                                row["state"], row["deadline"], x, y))
    return marks, total
