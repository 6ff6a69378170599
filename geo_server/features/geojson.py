"""Feature rows as GeoJSON text. PostGIS writes each geometry; Python only splices it in."""

import json

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import QuerySet
from django.urls import reverse

from geo_server.features.kinds import Kind, RiskLevel

# RFC 7946 recommends 6 decimals (~0.1 m) at most.
PRECISION = 6

LIST_FIELDS = ("id", "code", "name", "name_en", "kind", "risk_level", "status", "district__name", "district__name_en")


def feature_rows(queryset: QuerySet) -> QuerySet:
    return queryset.values(*LIST_FIELDS, geojson=AsGeoJSON("geom", precision=PRECISION))


def properties(row: dict) -> dict:
    return {
        "code": row["code"],
        "name": row["name"],
        "name_en": row["name_en"],
        "kind": row["kind"],
        "kind_label": str(Kind(row["kind"]).label),
        "district": row["district__name"],
        "district_en": row["district__name_en"],
        "risk": RiskLevel(row["risk_level"]).name.lower(),
        "status": row["status"],
        "url": reverse("feature-record", args=[row["id"]]),
    }


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def feature_text(row: dict, extra: dict | None = None) -> str:
    props = properties(row)
    if extra:
        props.update(extra)
    return f'{{"type":"Feature","id":{row["id"]},"geometry":{row["geojson"]},"properties":{dumps(props)}}}'


def collection_text(rows: list[dict], members: dict) -> str:
    """A FeatureCollection; `members` adds top-level keys (links, numberMatched...)."""
    head = dumps({"type": "FeatureCollection", **members})[:-1]
    return head + ',"features":[' + ",".join(feature_text(row) for row in rows) + "]}"
