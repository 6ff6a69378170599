"""Pages: draw or import a zone, a zone's page, and the compliance table."""

from django.shortcuts import get_object_or_404, redirect, render

from geo_server.errors import ApiError
from geo_server.patrols.compliance import compliance_rows
from geo_server.patrols.zone_files import import_zones
from geo_server.patrols.zones import create_zone, editable_organisation, features_inside, scope_zones


def zone_new(request):
    editable_organisation(request.user)
    error, name = None, request.POST.get("name", "")
    if request.method == "POST":
        try:
            if request.FILES.get("file"):
                zone = import_zones(request.user, request.FILES["file"], name)[0]
            else:
                zone = create_zone(request.user, name, request.POST.get("geometry") or None)
        except ApiError as refused:
            error = refused
        else:
            return redirect("zone-detail", zone.pk)
    return render(request, "patrols/zone_new.html", {
        "error": error, "name": name, "geometry": request.POST.get("geometry", "")}, status=422 if error else 200)


def zone_detail(request, zone_id: int):
    zone = get_object_or_404(scope_zones(request.user).select_related("organisation"), pk=zone_id)
    features, total = features_inside(request.user, zone)
    return render(request, "patrols/zone_detail.html", {"zone": zone, "features": features, "total": total})


def compliance(request):
    return render(request, "patrols/compliance.html", {"rows": compliance_rows(request.user)})
