"""Zipped Shapefile: per layer .shp/.shx/.dbf, .prj (the CRS), .cpg (UTF-8) and a field list.

dBase field names hold at most 10 characters, so longer published names are shortened by the
fixed table SHORT_NAMES; a longer name a sector publishes is cut to 10 characters, or to 8 and a
two-digit number where that would collide with a name already taken (never a silent clash);
`<layer>_fields.txt` in the zip maps every short name back to the published name and its titles.
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
    sector = set(layer.sector_fields)
    names = {f.name: SHORT_NAMES.get(f.name, f.name) for f in layer.fields if f.name not in sector}
    too_long = [name for name in names.values() if len(name) > DBF_NAME_LENGTH]
    if too_long or len(set(names.values())) != len(names):
        raise ValueError(f"add Shapefile names for {too_long or names} to SHORT_NAMES")
    taken = {name.lower() for name in names.values()} | {"id"}  # dBase names ignore case
    for name in layer.sector_fields:
        short = SHORT_NAMES.get(name, name[:DBF_NAME_LENGTH])
        number = 0
        while short.lower() in taken:
            number += 1
            short = f"{name[:DBF_NAME_LENGTH - 2]}{number:02d}"
        taken.add(short.lower())
        names[name] = short
    return {f.name: names[f.name] for f in layer.fields}


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
