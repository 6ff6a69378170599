"""CSV with the geometry as WKT: PostgreSQL quotes every value; a UTF-8 BOM lets Excel read Chinese.

Columns: layer, id, the published fields (their union when several layers are exported, empty
where a layer lacks one), a point on the feature and its area or length (source.tabular_sql), and
wkt in the output CRS, simplified only where the exact text would not fit a spreadsheet cell
(wkt_simplified says so). The file name carries the CRS: a CSV has nowhere else to say it.
"""

from collections.abc import Iterator

from layers.exports import copy, source
from layers.exports.params import ExportRequest

CONTENT_TYPE = "text/csv; charset=utf-8"
EXTENSION = "csv"
BOM = "\ufeff".encode()


def chunks(user, request: ExportRequest, counts: copy.Counts) -> Iterator[bytes]:
    sql, params = source.tabular_sql(user, request, wkt=True)
    return copy.stream(sql, params, counts, csv=True, head=BOM)
