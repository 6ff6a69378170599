"""The per-district batch export as a background job (geo_server.jobs): one zip of one file per
district, kept for download."""

import tempfile
import zipfile
from pathlib import Path

from django.utils.translation import gettext_lazy

from geo_server.jobs.kinds import JobKind
from geo_server.jobs.progress import attach, progress
from layers.exports import districts, params


def clean(user, raw: dict) -> dict:
    """Checked as an export of the whole city would be, so bad input is a 400 before anything queues."""
    layers = raw.get("layer") or []
    layers = [layers] if isinstance(layers, str) else [str(each) for each in layers]
    cleaned = {"layer": layers, "format": str(raw.get("format") or "gpkg"), "crs": str(raw.get("crs") or "4326"),
               "city": str(raw.get("city") or "440100")}
    params.parse(districts.query(cleaned["layer"], cleaned["format"], cleaned["crs"]))
    return cleaned


def run(job) -> dict:
    p = job.params
    codes = districts.district_codes(p["city"])
    written = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "districts.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            exports = districts.exports(job.requested_by, p["layer"], p["format"], p["crs"], p["city"])
            for done, (district, export) in enumerate(exports):
                progress(job, done, len(codes), district)
                with archive.open(export.filename, "w", force_zip64=True) as member:
                    for chunk in export.chunks:
                        member.write(chunk)
                written.append(export.filename)
        progress(job, len(codes), len(codes), "")
        attach(job, path, f"{'+'.join(p['layer'])}_{p['city']}_districts_{p['format']}.zip")
    return {"files": written, "districts": len(codes)}


DISTRICT_EXPORT = JobKind("district_export", gettext_lazy("Export per district"), run, clean,
                          lambda user: user.is_authenticated,
                          startable_on_page=False)
