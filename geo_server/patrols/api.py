"""Machine endpoints for zones: POST /api/zones (GeoJSON) and POST /api/zones/import (a file)."""

import json

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from geo_server.errors import BadRequest
from geo_server.patrols.zone_files import import_zones
from geo_server.patrols.zones import create_zone


def zone_json(zone) -> dict:
    return {"type": "Feature", "id": zone.pk, "geometry": json.loads(zone.geom.json),
            "properties": {"name": zone.name, "organisation": zone.organisation_id,
                           "url": f"/zones/{zone.pk}/"}}


@require_POST
def zone_create(request):
    """A GeoJSON Feature (properties.name) or {"name": ..., "geometry": GeoJSON Polygon/MultiPolygon}."""
    try:
        body = json.loads(request.body)
    except ValueError:
        raise BadRequest("The body must be JSON.", code="bad_json") from None
    if not isinstance(body, dict):
        raise BadRequest("Send a GeoJSON Feature or {name, geometry}.", code="bad_json")
    name = (body.get("properties") or {}).get("name") if body.get("type") == "Feature" else body.get("name")
    zone = create_zone(request.user, name, body.get("geometry"))
    return JsonResponse(zone_json(zone), status=201, json_dumps_params={"ensure_ascii": False})


@require_POST
def zone_import(request):
    """multipart: file (.geojson, .kml, .gpkg) and an optional name for unnamed features."""
    upload = request.FILES.get("file")
    if upload is None:
        raise BadRequest("Send the file in the `file` field.", code="zone_file_missing")
    zones = import_zones(request.user, upload, request.POST.get("name", ""))
    return JsonResponse({"type": "FeatureCollection", "features": [zone_json(z) for z in zones]}, status=201,
                        json_dumps_params={"ensure_ascii": False})
