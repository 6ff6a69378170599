"""Zipped Shapefile: per layer .shp/.shx/.dbf, .prj (the CRS), .cpg (UTF-8) and a field list.

dBase field names hold at most 10 characters, so longer published names are shortened by the
fixed table SHORT_NAMES (never by truncation, which could collide); `<layer>_fields.txt` in
the zip maps every short name back to the published name and its titles.
"""

import zipfile
from collections.abc import Iterator
from pathlib import Path

from layers.catalogue import Layer
from layers.exports import ogr
from layers.exports.copy import Counts
from layers.exports.params import ExportRequest

CONTENT_TYPE = "application/zip"
EXTENSION = "zip"
DBF_NAME_LENGTH = 10
SHORT_NAMES = {
    "district_name": "district",
    "district_code": "dist_code",
    "street_name": "street",
    "basin_name": "basin",
    "parent_code": "parent",
    "synthetic_geometry": "synth_geom",
    "feature_code": "feat_code",
    "feature_name": "feat_name",
    "organisation_name": "org_name",
}


def short_names(layer: Layer) -> dict[str, str]:
    names = {f.name: SHORT_NAMES.get(f.name, f.name) for f in layer.fields}
    too_long = [name for name in names.values() if len(name) > DBF_NAME_LENGTH]
    if too_long or len(set(names.values())) != len(names):
        raise ValueError(f"add Shapefile names for {too_long or names} to SHORT_NAMES")
    return names


def field_list(layer: Layer, names: dict[str, str]) -> str:
    lines = ["shapefile\tpublished\ttitle_zh\ttitle_en", "id\tid\t编号\tid"]
    lines += [f"{names[f.name]}\t{f.name}\t{f.title_zh}\t{f.title_en}" for f in layer.fields]
    return "\n".join(lines) + "\n"


def chunks(user, request: ExportRequest, counts: Counts) -> Iterator[bytes]:
    def write(directory: Path) -> Path:
        archive = directory / "export.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for layer in request.layers:
                names = short_names(layer)
                ogr.write_layer(directory / f"{layer.id}.shp", layer, user, request, counts,
                                driver="ESRI Shapefile", names=names)
                for part in sorted(directory.glob(f"{layer.id}.*")):
                    zipped.write(part, part.name)
                zipped.writestr(f"{layer.id}_fields.txt", field_list(layer, names))
        return archive
    return ogr.file_chunks(write, counts)
