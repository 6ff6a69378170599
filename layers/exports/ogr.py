"""Files GDAL writes (GeoPackage, KML, and the Shapefiles of shapefile.py) through pyogrio.

Rows arrive from a server-side cursor in batches that are appended to the file one after the
other, so memory holds one batch, never the layer. The file is written in a private temporary
directory, which is removed as soon as the finished file is open for sending.
"""

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
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
# Typed columns in the file: integers, booleans (with a null mask), doubles and dates; the rest text.
MASKED_TYPES = {"integer": np.int64, "boolean": np.bool_}


def write_layer(path: Path, layer: Layer, user, request: ExportRequest, counts: Counts, *, driver: str,
                names: dict[str, str] | None = None) -> None:
    """Append the layer's rows to `path` as the layer `layer.id`, renaming fields through `names`."""
    sql, params = source.wkb_sql(layer, user, request)
    fields = ["id", *(f.name for f in layer.fields)]
    types = ["integer", *(f.type for f in layer.fields)]
    options = {"driver": driver, "layer": layer.id, "geometry_type": layer.geometry_type,
               "crs": f"EPSG:{request.srid}", "encoding": "UTF-8",
               "fields": [(names or {}).get(name, name) for name in fields]}
    written = False
    alias = read_alias()
    with transaction.atomic(using=alias), connections[alias].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(BATCH_ROWS):
            _write(path, batch, types, options, append=written or path.exists())
            written = True
            counts.features += len(batch)
    if not written:
        # An empty result is still a valid file with the layer and its fields.
        _write(path, [], types, options, append=path.exists())


def _write(path: Path, batch: list[tuple], types: list[str], options: dict, append: bool) -> None:
    # append also adds a second layer to an existing GeoPackage or KML file.
    columns = list(zip(*batch)) or [()] * (len(types) + 1)
    geometry = np.array([bytes(wkb) for wkb in columns[0]], dtype=object)
    typed = [column(kind, values) for kind, values in zip(types, columns[1:])]
    import pyogrio  # noqa: PLC0415 (pyogrio loads pandas and geopandas, ~60 MB: only for GDAL formats)

    creation = {} if append else {"dataset_options": DATASET_OPTIONS.get(options["driver"])}
    pyogrio.raw.write(str(path), geometry, [data for data, _mask in typed], field_mask=[mask for _data, mask in typed],
                      append=append, **creation, **options)


def column(kind: str, values: tuple) -> tuple[np.ndarray, np.ndarray | None]:
    """A field's values as the numpy array GDAL types the field by, and its null mask (None: no nulls)."""
    if kind in MASKED_TYPES:
        nulls = np.array([value is None for value in values], dtype=np.bool_)
        data = np.array([0 if value is None else value for value in values], dtype=MASKED_TYPES[kind])
        return data, nulls if nulls.any() else None
    if kind == "number":  # NaN is written as null
        return np.array([np.nan if value is None else float(value) for value in values], dtype=np.float64), None
    if kind == "date":
        return np.array([np.datetime64("NaT") if value is None else np.datetime64(value, "D") for value in values],
                        dtype="datetime64[D]"), None
    return np.array(values, dtype=object), None


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
