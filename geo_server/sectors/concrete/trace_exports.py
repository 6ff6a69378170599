"""A trace as files for the district offices (pure: a Trace in, text out): GeoJSON with the plants,
the receiving sites and a line from each plant to each site it delivered to; CSV with one row per
batch and delivery ticket. UTF-8, names kept in Chinese."""

import csv
import io
import json

from geo_server.sectors.concrete.trace import Trace

CSV_COLUMNS = ("batch", "produced_at", "grade", "mix", "volume_m3", "plant_code", "plant", "line", "status",
               "reasons", "lots", "ticket", "delivered_at", "truck", "site_code", "site", "part_poured")


def _feature(geometry: dict, properties: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def geojson(trace: Trace) -> str:
    features = []
    plant_points = {}
    for plant in trace.plants:
        if plant["geojson"]:
            plant_points[plant["id"]] = json.loads(plant["geojson"])
            features.append(_feature(plant_points[plant["id"]], {
                "role": "plant", "code": plant["code"], "name": plant["name"]}))
    for site in trace.sites:
        features.append(_feature(json.loads(site["geojson"]), {
            "role": "site", "code": site["code"], "name": site["name"], "status": site["status"],
            "parts_poured": "; ".join(site["parts"]), "batches": site["batches"],
            "volume_m3": float(site["volume_m3"])}))
        for plant_id in site["plants"]:
            if plant_id in plant_points:
                to = json.loads(site["point"])["coordinates"]
                line = {"type": "LineString", "coordinates": [plant_points[plant_id]["coordinates"], to]}
                features.append(_feature(line, {"role": "delivery", "code": site["code"], "status": site["status"]}))
    return json.dumps({"type": "FeatureCollection", "name": f"trace-{trace.direction}-{trace.origin.pk}",
                       "features": features}, ensure_ascii=False)


def lots_text(lots: list[dict]) -> str:
    return "; ".join(f"{lot['lot']} {lot['material']} {lot['supplier'] or ''}".strip() for lot in lots)


def csv_text(trace: Trace) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the Chinese names as UTF-8
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in trace.rows:
        writer.writerow([
            row["serial"], row["produced_at"].isoformat(), row["grade"], row["mix"] or "", row["volume_m3"] or "",
            row["plant_code"], row["plant_name"], row["line"] or "", row["status"], " ".join(row["reasons"]),
            lots_text(row["lots"]), row["ticket"] or "", row["delivered_at"].isoformat() if row["delivered_at"] else "",
            row["truck"] or "", row["site_code"] or "", row["site_name"] or "", row["part_poured"] or "",
        ])
    return out.getvalue()
