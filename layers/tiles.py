"""Vector tiles: all tile SQL, one `ST_TileEnvelope -> ST_AsMVTGeom -> ST_AsMVT` query per tile.

The rows come from the catalogue (`layer.rows(user)`, already limited to the user's
jurisdiction) embedded as a subquery. Geometries are stored in 4326 with a GiST index there, so
the tile envelope is transformed to 4326 for the index filter; the matching rows are drawn in 3857
from the features' stored Web Mercator copy (TileSource), other layers' rows transformed.

Below a layer's grid zoom (Layer.grid_zoom), small features would fall under one pixel by the hundred thousand;
those tiles are drawn from `layers_tile_cell` instead: a grid of 32 x 32 cells per tile with the
feature count and highest risk, scoped by the same `scope_features`. A cell holding a single
feature is sent as that feature, so sparse areas keep their detail and their click-to-record.
Layers without pre-counted cells (hazards) are grouped the same way on the fly. From a layer's
detail zoom (Layer.detail_zoom) the fields its sector publishes ride in the tile besides the popup's.
The zooms are the layer's own (the sector's LayerSpec): chosen so that a detail tile over central
Guangzhou holds at most a few thousand features (bench/README.md).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Max, Min, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_server.db_router import read_connection
from geo_server.errors import BadRequest
from geo_server.features.kinds import RiskLevel
from geo_server.features.models import Feature
from geo_server.features.scoping import scope_features, scope_key
from layers.catalogue import Layer
from layers.models import TileCell

MAX_ZOOM = 22
EXTENT = 4096
BUFFER = 64
CELL_SHIFT = 5  # 2**5 = 32 cells per tile side
CELL_MAX_ZOOM = 13  # the finest tile zoom layers_tile_cell holds (migration 0003)
# Every tile query starts here; parallel workers cost more than such short queries gain (JIT is off
# for every connection: settings.DATABASES; 20-170 ms measured, see PERFORMANCE.md).
TUNING = "SET LOCAL max_parallel_workers_per_gather = 0"
# No `WHERE geom IS NOT NULL` after the mvt CTE: ST_AsMVT skips a row whose geometry is NULL (one
# ST_AsMVTGeom clipped away) by itself, while that filter is pushed down into the scan, so PostgreSQL
# computed ST_AsMVTGeom twice for every row (the tile of bench/side_by_side.py: 180 -> 130 ms, same
# features).

DETAIL_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS env,
                       ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => %s), 4326) AS probe),
src AS ({source}),
mvt AS (
    SELECT {columns}, ST_AsMVTGeom({mercator}, bounds.env, {extent}, {buffer}, true) AS geom
    FROM src, bounds
    WHERE src.geom && bounds.probe
)
SELECT ST_AsMVT(mvt.*, %s, {extent}, 'geom', 'id') FROM mvt
"""

CELL_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS env),
cells AS ({cells}),
src AS ({source}),
mvt AS (
    SELECT CASE WHEN cells.count = 1 THEN cells.single_id END AS id, cells.count, cells.risk, {columns},
           ST_AsMVTGeom(CASE WHEN cells.count = 1 THEN {mercator}
                             ELSE ST_TileEnvelope(%s, cells.x, cells.y) END,
                        bounds.env, {extent}, {buffer}, true) AS geom
    FROM cells CROSS JOIN bounds LEFT JOIN src ON cells.count = 1 AND src.id = cells.single_id
)
SELECT ST_AsMVT(mvt.*, %s, {extent}, 'geom', 'id') FROM mvt
"""

# Cells counted from the layer's own rows: each point's cell at zoom z + CELL_SHIFT in 3857 metres.
GRID_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS env,
                       ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326) AS probe),
src AS NOT MATERIALIZED ({source}),  -- read twice: inlined so the bbox and the id reach the index
points AS (
    SELECT src.id, src.risk_level, {mercator} AS geom
    FROM src, bounds WHERE src.geom && bounds.probe
),
cells AS (
    SELECT floor((ST_X(geom) + 20037508.342789244) / %s)::int AS x,
           floor((20037508.342789244 - ST_Y(geom)) / %s)::int AS y,
           count(*) AS count, max(risk_level) AS max_risk, min(id) AS single_id
    FROM points GROUP BY 1, 2
),
mvt AS (
    SELECT CASE WHEN cells.count = 1 THEN cells.single_id END AS id, cells.count,
           CASE cells.max_risk WHEN 3 THEN 'red' WHEN 2 THEN 'orange' WHEN 1 THEN 'yellow' ELSE 'none' END AS risk,
           {columns},
           ST_AsMVTGeom(CASE WHEN cells.count = 1 THEN {mercator}
                             ELSE ST_TileEnvelope(%s, cells.x, cells.y) END,
                        bounds.env, {extent}, {buffer}, true) AS geom
    FROM cells CROSS JOIN bounds LEFT JOIN src ON cells.count = 1 AND src.id = cells.single_id
)
SELECT ST_AsMVT(mvt.*, %s, {extent}, 'geom', 'id') FROM mvt
"""
WORLD_M = 2 * 20037508.342789244


@dataclass(frozen=True)
class TileAddress:
    z: int
    x: int
    y: int

    @classmethod
    def parse(cls, z: str, x: str, y: str) -> "TileAddress":
        """Validate a z/x/y from a URL: integers, 0 <= z <= 22, x and y inside the zoom's grid."""
        try:
            zoom, column, row = int(z), int(x), int(y)
        except ValueError:
            raise BadRequest(_("Tile address %(z)s/%(x)s/%(y)s is not three integers.")
                             % {"z": z, "x": x, "y": y}, code="invalid_tile") from None
        if not 0 <= zoom <= MAX_ZOOM:
            raise BadRequest(_("Zoom %(zoom)s is outside 0-%(max_zoom)s.")
                             % {"zoom": zoom, "max_zoom": MAX_ZOOM}, code="invalid_zoom")
        if not (0 <= column < 2**zoom and 0 <= row < 2**zoom):
            raise BadRequest(_("Tile %(column)s/%(row)s does not exist at zoom %(zoom)s.")
                             % {"column": column, "row": row, "zoom": zoom}, code="invalid_tile")
        return cls(zoom, column, row)

    def __str__(self) -> str:
        return f"{self.z}/{self.x}/{self.y}"


def uses_cells(layer: Layer, z: int) -> bool:
    """Pre-counted cells: a kind's layer below its grid zoom (layers_tile_cell holds kinds only)."""
    return layer.kind is not None and z < min(layer.grid_zoom, CELL_MAX_ZOOM + 1)


def data_version() -> str:
    """A token replaced by every write to features, areas or basins."""
    with read_connection().cursor() as cursor:
        cursor.execute("SELECT token FROM layers_data_version")
        row = cursor.fetchone()
    return str(row[0]) if row else "none"


@dataclass(frozen=True)
class TileSource:
    """The rows of a layer a user may see, as SQL and parameters (the `src` of the tile SQL), and the
    SQL of a row's geometry in Web Mercator: features carry it stored (features migration 0006), the
    other layers' rows are transformed."""
    sql: str
    params: tuple
    mercator: str = "ST_Transform(src.geom, 3857)"


# (layer id, scope key, language, day) -> (the layer, its source): see tile_source.
_SOURCES: dict[tuple, tuple[Layer, TileSource]] = {}
SOURCES_KEPT = 1024


def tile_source(layer: Layer, user) -> TileSource:
    """The layer's rows the user may see, which the ETag and the tile query both embed.

    Compiling the queryset costs ~1.5 ms of CPU, a third of a small tile's time in the server, so
    each process keeps it per layer and scope: a layer's rows depend on the user only through the
    scope (features.scoping.scope_key; zones and hazards read the same organisation fields), and the
    hazards layer on today's date. Every office's users share one entry; the layer object is checked
    too, since the catalogue is rebuilt when the registered sectors change."""
    key = (layer.id, scope_key(user), get_language(), timezone.localdate())
    entry = _SOURCES.get(key)
    if entry is None or entry[0] is not layer:
        if len(_SOURCES) >= SOURCES_KEPT:
            _SOURCES.clear()
        entry = _SOURCES[key] = (layer, _compiled_source(layer, user))
    return entry[1]


def _compiled_source(layer: Layer, user) -> TileSource:
    rows = layer.rows(user).order_by()
    if rows.model is not Feature:
        return TileSource(*rows.query.sql_with_params())
    rows = rows.annotate(geom_3857=RawSQL('"features_feature"."geom_3857"', ()))
    return TileSource(*rows.query.sql_with_params(), mercator="src.geom_3857")


def tile_etag(layer: Layer, address: TileAddress, source: TileSource) -> str:
    """Changes with the data and with whatever the user's jurisdiction puts in the tile.

    The scoped source query (`tile_source`) stands for the jurisdiction: two users whose scoping
    yields the same SQL and parameters see the same tile, so they share an ETag and a cache entry.
    """
    key = f"{layer.id}|{address}|{source.sql}|{source.params!r}|{data_version()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def cached_tile(layer: Layer, user, address: TileAddress, etag: str, source: TileSource) -> bytes:
    """The tile from the cache under its ETag, rendering it on a miss.

    Entries are keyed by the data version, so they never go stale; the timeout only bounds memory.
    """
    seconds = settings.GEO_SERVER["TILE_CACHE_SECONDS"]
    key = f"tile:{etag}"
    tile = cache.get(key) if seconds else None
    if tile is None:
        tile = render_tile(layer, user, address, source)
        if seconds:
            cache.set(key, tile, seconds)
    return tile


def render_tile(layer: Layer, user, address: TileAddress, source: TileSource | None = None) -> bytes:
    """The MVT bytes of one tile of one layer as `user` may see it; a tile with nothing in it is the
    layer with no features (a valid tile every client opens, where an empty body or a 204 makes GDAL's
    MVT driver fail). `source` is `tile_source(layer, user)` when the caller has it already."""
    source = source or tile_source(layer, user)
    if uses_cells(layer, address.z):
        sql, params = _cell_query(layer, user, address, source)
    elif address.z < layer.grid_zoom:
        sql, params = _grid_query(layer, address, source)
    else:
        sql, params = _detail_query(layer, address, source)
    with read_connection().cursor() as cursor:
        # One round trip: two statements in one query string run in one implicit transaction, which
        # the SET LOCAL lasts for (BEGIN, SET LOCAL, the tile, COMMIT took four). Inside an outer
        # transaction the setting lasts until that one ends.
        cursor.execute(f"{TUNING}; {sql}", params)
        cursor.nextset()
        return bytes(cursor.fetchone()[0] or b"") or empty_tile(layer.id)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def empty_tile(layer_name: str) -> bytes:
    """An MVT 2.1 tile holding one layer with no features: version 2, the name, the extent."""
    name = layer_name.encode()
    layer = b"\x78\x02" + b"\x0a" + _varint(len(name)) + name + b"\x28" + _varint(EXTENT)
    return b"\x1a" + _varint(len(layer)) + layer


def refresh_cells() -> None:
    """Rebuild the low-zoom cells from the features, and let cached tiles go."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT ispopulated FROM pg_matviews WHERE matviewname = 'layers_tile_cell'")
        (populated,) = cursor.fetchone()
        # CONCURRENTLY keeps tiles answering during the refresh; it needs an already populated view.
        cursor.execute(f"REFRESH MATERIALIZED VIEW {'CONCURRENTLY' if populated else ''} layers_tile_cell")
        cursor.execute("UPDATE layers_data_version SET token = gen_random_uuid(), changed_at = now()")


def _columns(layer: Layer, z: int, *, skip: tuple[str, ...] = ()) -> str:
    """The fields a popup needs (the layer's label and popup fields), where the layer publishes them,
    and from the layer's detail zoom every field its sector publishes."""
    types = {field.name: field.type for field in layer.fields}
    popup = (name for name in layer.popup_fields if name not in layer.sector_fields)
    wanted = dict.fromkeys((layer.label_field, *popup, *(layer.sector_fields if z >= layer.detail_zoom else ())))
    # MVT values are strings, integers, floats or booleans: a numeric column is sent as a double.
    return ", ".join(f"src.{name}::float8 AS {name}" if types[name] == "number" else f"src.{name}"
                     for name in wanted if name in types and name not in skip)


def _detail_query(layer: Layer, address: TileAddress, source: TileSource) -> tuple[str, tuple]:
    sql = DETAIL_SQL.format(source=source.sql, columns="src.id, " + _columns(layer, address.z), extent=EXTENT,
                            buffer=BUFFER, mercator=source.mercator)
    z, x, y = address.z, address.x, address.y
    return sql, (z, x, y, z, x, y, BUFFER / EXTENT, *source.params, layer.id)


def _cell_query(layer: Layer, user, address: TileAddress, source: TileSource) -> tuple[str, tuple]:
    cells, cell_params = _cells(layer, user, address).query.sql_with_params()
    # A cell's risk is the highest of its features'; the other fields are its single feature's.
    sql = CELL_SQL.format(cells=cells, source=source.sql, columns=_columns(layer, address.z, skip=("risk",)),
                          extent=EXTENT, buffer=BUFFER, mercator=source.mercator)
    z, x, y = address.z, address.x, address.y
    return sql, (z, x, y, *cell_params, *source.params, z + CELL_SHIFT, layer.id)


def _grid_query(layer: Layer, address: TileAddress, source: TileSource) -> tuple[str, tuple]:
    sql = GRID_SQL.format(source=source.sql, columns=_columns(layer, address.z, skip=("risk",)), extent=EXTENT,
                          buffer=BUFFER, mercator=source.mercator)
    z, x, y = address.z, address.x, address.y
    cell_m = WORLD_M / (1 << (z + CELL_SHIFT))
    return sql, (z, x, y, z, x, y, *source.params, cell_m, cell_m, z + CELL_SHIFT, layer.id)


def _cells(layer: Layer, user, address: TileAddress):
    """Cells of this tile the user may see, summed over the jurisdiction columns."""
    first_x, first_y = address.x << CELL_SHIFT, address.y << CELL_SHIFT
    last = (1 << CELL_SHIFT) - 1
    cells = TileCell.objects.filter(kind=layer.kind, zoom=address.z, x__range=(first_x, first_x + last),
                                    y__range=(first_y, first_y + last))
    risk = Case(*(When(max_risk=level.value, then=Value(level.name.lower())) for level in RiskLevel))
    return (scope_features(user, cells).values("x", "y")
            .annotate(count=Sum("features"), max_risk=Max("risk_level"), single_id=Min("sample_id"))
            .annotate(risk=risk).values("x", "y", "count", "risk", "single_id").order_by())
