"""Machine endpoints: POST /api/zones (GeoJSON), /api/zones/import (a file), /api/zones/<id>/patrols (a track)."""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from geo_server.patrols.tracks import make_track
from geo_server.errors import BadRequest, NotFound
from geo_server.patrols.models import PatrolZone
from geo_server.patrols.preview import zone_preview as preview
from geo_server.patrols.validity import record_zone_patrol
from geo_server.patrols.zone_files import import_zones
from geo_server.patrols.zones import create_zone, scope_zones, update_zone
from geo_server.validation import json_object, optional_text


def zone_json(zone) -> dict:
    return {"type": "Feature", "id": zone.pk, "geometry": json.loads(zone.geom.json),
            "properties": {"name": zone.name, "organisation": zone.organisation_id,
                           "url": f"/zones/{zone.pk}/"}}


def zone_input(request) -> dict:
    """{"name"?, "geometry"?} from either accepted body: a GeoJSON Feature or the plain object."""
    body = json_object(request)
    if body.get("type") == "Feature":
        properties = body.get("properties") or {}
        if not isinstance(properties, dict):
            raise BadRequest(_("properties must be an object."), code="invalid_properties")
        body = {"name": properties.get("name"), "geometry": body.get("geometry")}
    return {"name": optional_text(body, "name"), "geometry": body.get("geometry")}


@require_POST
def zone_create(request):
    """A GeoJSON Feature (properties.name) or {"name": ..., "geometry": GeoJSON Polygon/MultiPolygon}."""
    body = zone_input(request)
    zone = create_zone(request.user, body["name"], body["geometry"])
    return JsonResponse(zone_json(zone), status=201, json_dumps_params={"ensure_ascii": False})


@require_POST
def zone_preview(request):
    """What a zone not yet saved would cover: the same bodies as POST /api/zones, the name optional."""
    return JsonResponse(preview(request.user, zone_input(request)["geometry"]), json_dumps_params={"ensure_ascii": False})


@require_http_methods(["GET", "PUT", "PATCH"])
def zone_item(request, zone_id: int):
    """GET a zone as a GeoJSON Feature; PUT/PATCH {"name"?, "geometry"?} redraws or renames it."""
    zone = scope_zones(request.user).filter(pk=zone_id).first()
    if zone is None:
        raise NotFound(_("No patrol zone %(zone_id)s that you may see.") % {"zone_id": zone_id}, code="zone_not_found")
    if request.method != "GET":
        body = zone_input(request)
        zone = update_zone(request.user, zone, body["name"] or zone.name, body["geometry"])
    return JsonResponse(zone_json(zone), json_dumps_params={"ensure_ascii": False})


@require_POST
def zone_import(request):
    """multipart: file (.geojson, .kml, .gpkg) and an optional name for unnamed features."""
    upload = request.FILES.get("file")
    if upload is None:
        raise BadRequest(_("Send the file in the `file` field."), code="zone_file_missing")
    zones = import_zones(request.user, upload, request.POST.get("name", ""))
    return JsonResponse({"type": "FeatureCollection", "features": [zone_json(z) for z in zones]}, status=201,
                        json_dumps_params={"ensure_ascii": False})


@require_POST
def zone_patrol(request, zone_id: int):
    """{"track": GeoJSON LineString, "times": [ISO 8601 per vertex]} from an inspector of the zone's plan."""
    zone = PatrolZone.objects.filter(pk=zone_id, plan__active=True, plan__inspectors=request.user).first()
    if zone is None:
        raise NotFound(_("No such zone among the active plans you are assigned to."), code="not_zone_inspector")
    body = json_object(request)
    patrol = record_zone_patrol(request.user, zone, make_track(body.get("track"), body.get("times")))
    return JsonResponse({"id": patrol.pk, "zone": zone.pk, "valid": patrol.valid, "reasons": patrol.reasons,
                         "reasons_zh": patrol.reasons_zh,
                         "length_m": round(patrol.length_m, 1), "inside_share": round(patrol.coverage, 3)},
                        status=201, json_dumps_params={"ensure_ascii": False})
