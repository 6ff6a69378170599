"""The feature API: /api/features (GeoJSON, keyset-paged) and /api/features/<id>."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from django.contrib.gis.db.models.functions import AsGeoJSON

from geo_server.errors import BadRequest, NotFound
from geo_server.features import geojson, params
from geo_server.features.models import AdminArea
from geo_server.features.records import detail_fields, detail_of
from geo_server.features.scoping import scope_features
from geo_server.features.simplify import SimplifyPreserveTopology

LIST_PARAMS = {"kind", "bbox", "limit", "after", "district"}
GEOJSON = "application/geo+json"


def page_of_features(user, query) -> tuple[list[dict], dict]:
    """One page of the features the user may see, and the collection's members (links, counts)."""
    params.reject_unknown(query, LIST_PARAMS)
    options = settings.GEO_SERVER
    kinds = params.parse_kinds(query.get("kind"))
    bbox = params.parse_bbox(query.get("bbox"))
    limit = params.parse_int(query.get("limit"), "limit", options["API_PAGE_SIZE"], 1, options["API_MAX_PAGE_SIZE"])
    after = params.parse_int(query.get("after"), "after", 0, 0, 2**63 - 1)

    queryset = scope_features(user)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    if bbox is not None:
        queryset = queryset.filter(geom__bboverlaps=bbox)
    if query.get("district"):
        queryset = queryset.filter(district__code=query["district"])
    matched = queryset.count()
    rows = list(geojson.feature_rows(queryset.filter(id__gt=after).order_by("id"))[: limit + 1])
    has_next = len(rows) > limit
    rows = rows[:limit]

    base = reverse("feature-list")
    links = [{"rel": "self", "type": GEOJSON, "href": f"{base}?{urlencode(query, doseq=True)}"}]
    if has_next:
        following = {**query.dict(), "after": rows[-1]["id"]}
        links.append({"rel": "next", "type": GEOJSON, "href": f"{base}?{urlencode(following)}"})
    return rows, {"numberMatched": matched, "numberReturned": len(rows), "links": links}


@require_GET
def feature_list(request):
    rows, members = page_of_features(request.user, request.GET)
    return HttpResponse(geojson.collection_text(rows, members), content_type=GEOJSON)


@require_GET
def feature_detail(request, feature_id: int):
    queryset = scope_features(request.user).filter(pk=feature_id)
    row = geojson.feature_rows(queryset).first()
    if row is None:
        raise NotFound(_("No feature %(feature_id)s that you may see.")
                       % {"feature_id": feature_id}, code="feature_not_found")
    feature = queryset.get()
    details = {name: value for name, _label, value in detail_fields(detail_of(feature))}
    extra = {"basin": feature.basin.name if feature.basin_id else None, "details": details}
    return HttpResponse(geojson.feature_text(row, extra), content_type=GEOJSON)


AREA_PARAMS = {"level", "parent"}
# ~50 m: enough for a city-wide overview layer, a tenth of the full boundary's size.
AREA_SIMPLIFY_DEGREES = 0.0005


@require_GET
def area_list(request):
    params.reject_unknown(request.GET, AREA_PARAMS)
    level = request.GET.get("level", AdminArea.Level.DISTRICT)
    if level not in AdminArea.Level.values:
        raise BadRequest(_("level must be one of %(values)s.")
                         % {"values": ", ".join(AdminArea.Level.values)}, code="invalid_level")
    areas = AdminArea.objects.filter(level=level).order_by("code")
    if request.GET.get("parent"):
        areas = areas.filter(parent__code=request.GET["parent"])
    rows = areas.values("id", "code", "name", "name_en", "level", "synthetic_geometry").annotate(
        geojson=AsGeoJSON(SimplifyPreserveTopology("geom", AREA_SIMPLIFY_DEGREES), precision=5)
    )
    features = [
        f'{{"type":"Feature","id":{row.pop("id")},"geometry":{row.pop("geojson")},"properties":{geojson.dumps(row)}}}'
        for row in rows
    ]
    return HttpResponse('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}", content_type=GEOJSON)
