"""Files GDAL writes (GeoPackage, KML, and the Shapefiles of shapefile.py) through pyogrio.

Rows arrive from a server-side cursor in batches, handed to GDAL as one Arrow stream (pyogrio's
write_arrow): GDAL opens the file once and appends batch after batch, so memory holds one batch,
never the layer, and a GeoPackage's R-tree is built once at the end. Appending each batch with a
write call of its own (as before) reopened the file 42 times for 840,000 buildings and filled the
R-tree row by row through its triggers: 15 s of the 25 (bench/README.md, "Seventh session").
The file is written in a private temporary directory, which is removed as soon as the finished
file is open for sending.
"""

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import connections, transaction

from geo_server.db_router import read_alias
from layers.catalogue import Layer
from layers.exports import source
from layers.exports.copy import CHUNK_BYTES, Counts
from layers.exports.params import ExportRequest

BATCH_ROWS = 20_000
# GeoPackage 1.2: GDAL 3.6 and QGIS 3.22 open it without the "unknown application_id/version" warning a
# newer default (1.4) gives them.
DATASET_OPTIONS = {"GPKG": {"VERSION": "1.2"}}
# Typed columns in the file: integers, booleans, doubles and dates (nulls as nulls); the rest text.
ARROW_TYPES = {"integer": "int64", "boolean": "bool_", "number": "float64", "date": "date32"}
GEOMETRY = "geometry"


def write_layer(path: Path, layer: Layer, user, request: ExportRequest, counts: Counts, *, driver: str,
                names: dict[str, str] | None = None) -> None:
    """Append the layer's rows to `path` as the layer `layer.id`, renaming fields through `names`."""
    # Imported here: pyogrio loads pandas and geopandas (~60 MB) and pyarrow ~40 MB more, only for these formats.
    import pyarrow as pa  # noqa: PLC0415
    import pyogrio  # noqa: PLC0415

    sql, params = source.wkb_sql(layer, user, request)
    fields = ["id", *(f.name for f in layer.fields)]
    types = ["integer", *(f.type for f in layer.fields)]
    schema = arrow_schema([(names or {}).get(name, name) for name in fields], types)
    alias = read_alias()
    append = path.exists()  # a second layer in an existing GeoPackage or KML file
    creation = {} if append else {"dataset_options": DATASET_OPTIONS.get(driver)}
    with transaction.atomic(using=alias), connections[alias].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        # An empty result is still a valid file with the layer and its fields.
        stream = pa.RecordBatchReader.from_batches(schema, _batches(cursor, schema, types, counts))
        pyogrio.raw.write_arrow(stream, str(path), driver=driver, layer=layer.id, geometry_name=GEOMETRY,
                                geometry_type=layer.geometry_type, crs=f"EPSG:{request.srid}", encoding="UTF-8",
                                append=append, **creation)


def arrow_schema(names: list[str], types: list[str]):
    """WKB geometry first (as the SQL selects it), then the fields, typed as the file will type them."""
    import pyarrow as pa  # noqa: PLC0415

    geometry = pa.field(GEOMETRY, pa.binary(), metadata={"ARROW:extension:name": "geoarrow.wkb"})
    fields = [pa.field(name, getattr(pa, ARROW_TYPES.get(kind, "string"))()) for name, kind in zip(names, types)]
    return pa.schema([geometry, *fields])


def _batches(cursor, schema, types: list[str], counts: Counts) -> Iterator:
    import pyarrow as pa  # noqa: PLC0415

    while batch := cursor.fetchmany(BATCH_ROWS):
        columns = list(zip(*batch))
        arrays = [pa.array(columns[0], pa.binary())]
        arrays += [column(kind, values, field.type)
                   for kind, values, field in zip(types, columns[1:], list(schema)[1:])]
        counts.features += len(batch)
        yield pa.record_batch(arrays, schema=schema)


def column(kind: str, values: tuple, arrow_type):
    """A field's values as the Arrow array GDAL types the field by (None: null)."""
    import pyarrow as pa  # noqa: PLC0415

    if kind == "number":  # numeric columns arrive as Decimal
        values = [None if value is None else float(value) for value in values]
    try:
        return pa.array(values, arrow_type)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        if arrow_type != pa.string():
            raise
        return pa.array([None if value is None else str(value) for value in values], arrow_type)


def file_chunks(write: Callable[[Path], Path], counts: Counts) -> Iterator[bytes]:
    """Run `write(directory) -> finished file` in a temporary directory, then send the file."""
    directory = Path(tempfile.mkdtemp(prefix="geo-server-export-"))
    try:
        handle = write(directory).open("rb")
    finally:
        shutil.rmtree(directory)  # the open handle keeps the file readable until it is closed
    with handle:
        while chunk := handle.read(CHUNK_BYTES):
            counts.bytes += len(chunk)
            yield chunk


def gdal_file(driver: str, extension: str) -> Callable:
    """chunks() for a format GDAL writes as one file holding every layer."""
    def chunks(user, request: ExportRequest, counts: Counts) -> Iterator[bytes]:
        def write(directory: Path) -> Path:
            path = directory / f"export.{extension}"
            for layer in request.layers:
                write_layer(path, layer, user, request, counts, driver=driver)
            return path
        return file_chunks(write, counts)
    return chunks
