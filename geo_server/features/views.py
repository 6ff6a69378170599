"""Pages: a feature's record page and the health check (the map at / is layers.views.map_page)."""

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from geo_server.features.kinds import RISK_COLOURS, RiskLevel, record_sections
from geo_server.features.records import detail_fields, detail_of
from geo_server.features.scoping import scope_features


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT postgis_lib_version()")
        (postgis,) = cursor.fetchone()
    return JsonResponse({"status": "ok", "postgis": postgis})


def feature_record(request, feature_id: int):
    queryset = scope_features(request.user).select_related("district", "street", "city", "basin", "organisation")
    feature = queryset.annotate(geojson=AsGeoJSON("geom", precision=6)).filter(pk=feature_id).first()
    if feature is None:
        raise Http404(_("No such feature, or not within your jurisdiction."))
    context = {
        "feature": feature,
        "details": detail_fields(detail_of(feature)),
        "risk_colour": RISK_COLOURS[RiskLevel(feature.risk_level)],
        "sections": record_sections(feature, request.user),
    }
    return render(request, "features/record.html", context)
