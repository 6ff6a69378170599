"""One export per district office of a city: the export_districts command writes them to a folder,
the district_export job into one zip kept for download."""

from collections.abc import Iterator

from django.http import QueryDict

from geo_server.features.models import AdminArea
from layers.exports import core, params


def district_codes(city: str) -> list[str]:
    return list(AdminArea.objects.filter(level=AdminArea.Level.DISTRICT, parent__code=city)
                .order_by("code").values_list("code", flat=True))


def query(layers: list[str], export_format: str, crs: str, district: str | None = None) -> QueryDict:
    built = QueryDict(mutable=True)
    built.setlist("layer", layers)
    built.update({"format": export_format, "crs": crs})
    if district:
        built["district"] = district
    return built


def exports(user, layers: list[str], export_format: str, crs: str, city: str,
            *, requested_by: str | None = None) -> Iterator[tuple[str, core.Export]]:
    """(district code, its export) for each district of the city; raises ApiError on bad input."""
    for district in district_codes(city):
        request = params.parse(query(layers, export_format, crs, district))
        yield district, core.start(user, request, requested_by=requested_by)
