"""An Excel workbook: one row per feature with its published fields as typed cells, a point on the
feature in the output CRS and its area or length in metres; no geometry text (a cell holds at most
32,767 characters). A second sheet says what each column is, the CRS, and when it was written.

openpyxl's write-only mode keeps one row in memory; rows come from a server-side cursor.
"""

from collections.abc import Iterator
from pathlib import Path

from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_server.db_router import read_alias
from layers.exports import ogr, source
from layers.exports.copy import Counts
from layers.exports.params import ExportRequest

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSION = "xlsx"
NUMERIC = {"integer": int, "number": float}


def chunks(user, request: ExportRequest, counts: Counts) -> Iterator[bytes]:
    def write(directory: Path) -> Path:
        path = directory / "export.xlsx"
        _write(path, user, request, counts)
        return path
    return ogr.file_chunks(write, counts)


def _write(path: Path, user, request: ExportRequest, counts: Counts) -> None:
    from openpyxl import Workbook  # noqa: PLC0415 (only for this format)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("features")
    sql, params = source.tabular_sql(user, request, wkt=False)
    types = {f.name: f.type for layer in request.layers for f in layer.fields}
    alias = read_alias()
    with transaction.atomic(using=alias), connections[alias].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        sheet.append(names)
        convert = [NUMERIC.get(types.get(name, "")) for name in names]
        while batch := cursor.fetchmany(2000):
            for row in batch:
                sheet.append([_cell(value, kind) for value, kind in zip(row, convert)])
            counts.features += len(batch)
    _describe(workbook.create_sheet("columns"), request, names)
    workbook.save(path)


def _cell(value, convert):
    if value is None:
        return None
    if convert is not None:
        return convert(value)
    return float(value) if hasattr(value, "as_tuple") else value  # Decimal coordinates and measures


def _describe(sheet, request: ExportRequest, names: list[str]) -> None:
    zh = (get_language() or "").startswith("zh")
    titles = {f.name: (f.title_zh if zh else f.title_en) or f.name for layer in request.layers for f in layer.fields}
    x_name, y_name = source.coordinate_columns(request.srid)
    titles.update({
        "layer": _("Layer"), "id": _("Feature id"), x_name: _("Point on the feature, x (EPSG:%(srid)s)") % {
            "srid": request.srid}, y_name: _("Point on the feature, y (EPSG:%(srid)s)") % {"srid": request.srid},
        "area_m2": _("Area (square metres, on the ellipsoid)"), "length_m": _("Length (metres, on the ellipsoid)"),
    })
    sheet.append([_("Column"), _("Meaning")])
    for name in names:
        sheet.append([name, str(titles.get(name, name))])
    sheet.append([])
    sheet.append([_("Coordinate reference system"), f"EPSG:{request.srid}"])
    sheet.append([_("Written"), timezone.localtime().isoformat(timespec="seconds")])
