"""All export SQL: a layer's scoped rows, limited to an area and the map's filters, in the output CRS.

The rows come from `layer.rows(user)` (jurisdiction is decided in features.scoping only); this
module wraps that queryset's SQL in the projection each format needs, so PostgreSQL does the
geometry work (ST_Intersects, ST_Transform to a numeric SRID, GeoJSON/WKT/WKB writing).
"""

from django.db import connection
from django.db.models import QuerySet

from geo_server.features.kinds import RiskLevel
from layers.catalogue import Field, Layer
from layers.exports.params import ExportRequest

# A map filter compares the published field of its name, or a faster published field standing for it
# (risk_level, the stored integer, for risk: basin_risk publishes only the computed risk).
FASTER = {"risk": ("risk_level", lambda names: [RiskLevel.from_name(n).value for n in names])}
CONVERT = {"overdue": lambda names: [n == "true" for n in names]}
# ~0.1 m in degrees (RFC 7946 §11.2 advises 6) and 1 mm in metres.
DIGITS = {4326: 6, 4490: 7, 4547: 3}
GEOJSON_DIGITS = 6


def rows(layer: Layer, user, request: ExportRequest) -> QuerySet:
    """What the user may see of the layer, inside the area, matching the filters (the layer's default
    filters give way to the request's own on the same field)."""
    queryset = layer.rows(user, request.filters)
    if request.ids:
        queryset = queryset.filter(pk__in=request.ids)
    if request.area.geom is not None:
        queryset = queryset.filter(geom__intersects=request.area.geom)
    names = {f.name for f in layer.fields}
    for name, values in request.filters.items():
        if name not in names:
            continue
        faster, convert = FASTER.get(name, (None, None))
        if faster in names:
            queryset = queryset.filter(**{f"{faster}__in": convert(values)})
        else:
            queryset = queryset.filter(**{f"{name}__in": CONVERT.get(name, list)(values)})
    return queryset


def geojson_sql(user, request: ExportRequest) -> tuple[str, list]:
    """One RFC 7946 Feature per row, as text; rows of all the layers, layer after layer."""
    def select(layer: Layer, src: str) -> str:
        pairs = ", ".join(f"'{f.name}', {value(f)}" for f in layer.fields)
        geom = f"ST_AsGeoJSON(ST_ForcePolygonCCW(src.geom), {GEOJSON_DIGITS})"
        return (f"""SELECT '{{"type":"Feature","id":' || src.id || ',"geometry":' || {geom} || """
                f"""',"properties":' || json_build_object('layer', %s, {pairs})::text || '}}' FROM ({src}) AS src""")
    return _union(user, request, select)


def tabular_sql(user, request: ExportRequest, *, wkt: bool) -> tuple[str, list]:
    """Rows for a spreadsheet: layer, id, the union of the layers' fields (NULL where a layer lacks
    one), a point on the feature in the output CRS, its area or length in metres, and with `wkt`
    its geometry as WKT that fits one spreadsheet cell (see fitted_wkt)."""
    columns = csv_columns(request.layers)
    x_name, y_name = coordinate_columns(request.srid)
    measures = measure_columns(request.layers)

    def select(layer: Layer, src: str) -> str:
        own = {f.name: f for f in layer.fields}
        # As text: a column one layer lacks is NULL there, and UNION cannot match an untyped NULL
        # with another layer's bigint.
        values = ", ".join(f"({csv_value(own[name]) if name in own else 'NULL'})::text AS "
                           f"{connection.ops.quote_name(name)}" for name in columns)
        point = f"ST_PointOnSurface({geometry(layer, request.srid)})"
        digits = DIGITS[request.srid]
        place = (f"round(ST_X({point})::numeric, {digits}) AS {x_name}, "
                 f"round(ST_Y({point})::numeric, {digits}) AS {y_name}")
        kind = layer.geometry_type.removeprefix("Multi")
        measured = ", ".join(
            (f"round(ST_{'Area' if name == 'area_m2' else 'Length'}(src.geom::geography)::numeric, 1)"
             if MEASURED[name] == kind else "NULL::numeric") + f" AS {name}" for name in measures)
        shape = f", {fitted_wkt(geometry(layer, request.srid), request.srid)}" if wkt else ""
        return f"SELECT %s AS layer, src.id, {values}, {place}{', ' + measured if measured else ''}{shape} FROM ({src}) AS src"
    return _union(user, request, select)


# LibreOffice and Excel hold at most 32,767 characters in a cell and cut the rest.
CELL_CHARACTERS = 32_767
# Simplification tolerances tried in turn until the WKT fits: degrees, or metres for projected CRSs.
TOLERANCES = {"degrees": (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1),
              "metres": (1, 3, 10, 30, 100, 300, 1000, 3000, 10000)}
MEASURED = {"area_m2": "Polygon", "length_m": "LineString"}


def coordinate_columns(srid: int) -> tuple[str, str]:
    return ("x", "y") if srid == 4547 else ("longitude", "latitude")


def measure_columns(layers: tuple[Layer, ...]) -> list[str]:
    kinds = {layer.geometry_type.removeprefix("Multi") for layer in layers}
    return [name for name, kind in MEASURED.items() if kind in kinds]


def fitted_wkt(geom: str, srid: int) -> str:
    """`wkt` and `wkt_simplified`: the exact WKT where it fits a cell, else the least simplified
    (ST_SimplifyPreserveTopology) that fits, flagged true, so no spreadsheet cuts a polygon short."""
    digits = DIGITS[srid]
    ladder = TOLERANCES["metres" if srid == 4547 else "degrees"]
    tolerances = "ARRAY[" + ", ".join(repr(float(t)) for t in ladder) + "]::float8[]"
    simplified = (f"(SELECT w FROM unnest({tolerances}) WITH ORDINALITY AS t(tolerance, n), "
                  f"LATERAL (SELECT ST_AsText(ST_SimplifyPreserveTopology({geom}, t.tolerance), {digits}) AS w) s "
                  f"WHERE length(s.w) <= {CELL_CHARACTERS} ORDER BY t.n LIMIT 1)")
    exact = f"ST_AsText({geom}, {digits})"
    fits = f"ST_NPoints({geom}) * {2 * (digits + 6)} <= {CELL_CHARACTERS} OR length({exact}) <= {CELL_CHARACTERS}"
    return (f"CASE WHEN {fits} THEN {exact} ELSE {simplified} END AS wkt, "
            f"CASE WHEN {fits} THEN 'false' ELSE 'true' END AS wkt_simplified")


def csv_columns(layers: tuple[Layer, ...]) -> list[str]:
    return list(dict.fromkeys(f.name for layer in layers for f in layer.fields))


def wkb_sql(layer: Layer, user, request: ExportRequest) -> tuple[str, list]:
    """WKB geometry, id and the published fields of one layer, for GDAL writers."""
    src, params = rows(layer, user, request).query.sql_with_params()
    values = ", ".join(typed_value(f) for f in layer.fields)
    return f"SELECT ST_AsBinary({geometry(layer, request.srid)}), src.id, {values} FROM ({src}) AS src", list(params)


def geometry(layer: Layer, srid: int) -> str:
    geom = "ST_Multi(src.geom)" if layer.geometry_type.startswith("Multi") else "src.geom"
    return geom if srid == 4326 else f"ST_Transform({geom}, {int(srid)})"


def value(field: Field) -> str:
    column = "src." + connection.ops.quote_name(field.name)
    if field.type == "datetime":
        # One spelling in every format, whatever the session time zone.
        return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    if field.type == "date":
        return f"to_char({column}, 'YYYY-MM-DD')"
    return column


def typed_value(field: Field) -> str:
    """As value(), but a date stays a date (GDAL writes it into a Date field)."""
    if field.type == "date":
        return "src." + connection.ops.quote_name(field.name)
    return value(field)


def csv_value(field: Field) -> str:
    """As value(), with booleans spelled true/false (COPY writes t/f, which Excel users misread)."""
    if field.type == "boolean":
        column = "src." + connection.ops.quote_name(field.name)
        return f"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' END"
    return value(field)


def _union(user, request: ExportRequest, select) -> tuple[str, list]:
    parts, params = [], []
    for layer in request.layers:
        src, src_params = rows(layer, user, request).query.sql_with_params()
        parts.append(select(layer, src))
        # The layer id placeholder comes before the subquery's own placeholders.
        params += [layer.id, *src_params]
    return " UNION ALL ".join(f"({part})" for part in parts), params
