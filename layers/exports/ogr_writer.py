"""The GDAL writer process: `python -m layers.exports.ogr_writer`, started by ogr.GdalWriter.

It reads from stdin, as pickles from its parent: the job (file, driver, layer, field names and
types, CRS), then batches of rows (WKB geometry, id, the fields) until None. It hands them to GDAL
as one Arrow stream (pyogrio's write_arrow), so GDAL opens the file once and a GeoPackage's R-tree
is built once at the end, and exits. pyogrio and pyarrow are loaded here and given back when it
ends, never in a web or Celery worker; the worker reads the next batch from PostgreSQL while this
process writes the last one.

No Django here: the rows arrive already scoped and typed by the parent.
"""

import pickle
import sys

# GeoPackage 1.2: GDAL 3.6 and QGIS 3.22 open it without the "unknown application_id/version" warning a
# newer default (1.4) gives them.
DATASET_OPTIONS = {"GPKG": {"VERSION": "1.2"}}
# Typed columns in the file: integers, booleans, doubles and dates (nulls as nulls); the rest text.
ARROW_TYPES = {"integer": "int64", "boolean": "bool_", "number": "float64", "date": "date32"}
GEOMETRY = "geometry"


def arrow_schema(names: list[str], types: list[str]):
    """WKB geometry first (as the SQL selects it), then the fields, typed as the file will type them."""
    import pyarrow as pa  # noqa: PLC0415

    geometry = pa.field(GEOMETRY, pa.binary(), metadata={"ARROW:extension:name": "geoarrow.wkb"})
    fields = [pa.field(name, getattr(pa, ARROW_TYPES.get(kind, "string"))()) for name, kind in zip(names, types)]
    return pa.schema([geometry, *fields])


def record_batch(rows: list[tuple], schema, types: list[str]):
    import pyarrow as pa  # noqa: PLC0415

    columns = list(zip(*rows))
    arrays = [pa.array(columns[0], pa.binary())]
    arrays += [column(kind, values, field.type) for kind, values, field in zip(types, columns[1:], list(schema)[1:])]
    return pa.record_batch(arrays, schema=schema)


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


def write(source) -> None:
    """Read the job and its batches from `source` (a binary stream of pickles) and write the file."""
    import pyarrow as pa  # noqa: PLC0415
    import pyogrio  # noqa: PLC0415

    job = pickle.load(source)
    schema = arrow_schema(job["names"], job["types"])

    def batches():
        while (rows := pickle.load(source)) is not None:
            yield record_batch(rows, schema, job["types"])

    creation = {} if job["append"] else {"dataset_options": DATASET_OPTIONS.get(job["driver"])}
    # An empty stream is still a valid file with the layer and its fields.
    pyogrio.raw.write_arrow(pa.RecordBatchReader.from_batches(schema, batches()), job["path"],
                            driver=job["driver"], layer=job["layer"], geometry_name=GEOMETRY,
                            geometry_type=job["geometry_type"], crs=job["crs"], encoding="UTF-8",
                            append=job["append"], **creation)


class WithoutPandas:
    """An import finder for which pandas and geopandas are not installed. pyogrio and pyarrow import
    them whenever they are (0.25 s, half of this process's start, and most of its memory); the raw
    Arrow writer needs neither, and both libraries take their absence as they should."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("pandas", "geopandas"):
            raise ModuleNotFoundError(f"{name} is left out of the GDAL writer process", name=name)
        return None


if __name__ == "__main__":
    sys.meta_path.insert(0, WithoutPandas())
    write(sys.stdin.buffer)
