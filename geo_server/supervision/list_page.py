"""What the hazard list page shows besides the rows: filter choices, sort links, the page's hazards as
GeoJSON for its map, and export links to the layers exports with the same filters."""

import json

from django.contrib.gis.db.models.functions import AsGeoJSON, PointOnSurface
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from geo_server.features import params
from geo_server.features.kinds import RISK_COLOURS, Kind, RiskLevel
from geo_server.features.models import AdminArea
from geo_server.supervision.listing import LEVELS, LIST_PARAMS
from geo_server.supervision.models import Hazard
from geo_server.supervision.states import State

FILTERS = ("district", "kind", "level", "state", "overdue")
# Column -> sort name; the others are not sortable.
SORTABLE = {"level": _("Level"), "district": _("District"), "deadline": _("Deadline"), "age": _("Age (days)")}
EXPORT_FORMATS = (("csv", "CSV"), ("xlsx", "Excel"), ("geojson", "GeoJSON"))
# Rows a page may show: the choices offered, and at most the largest (the bulk actions' limit too).
PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 100


def kept(query, *drop: str) -> dict:
    """The request's non-empty parameters but `drop` (and the page cursor)."""
    return {key: value for key, value in query.items() if value and key not in (*drop, "after")}


def page_size(query) -> int:
    """The page's row count: 1 to the largest choice (a link may name another), 100 unless chosen."""
    return params.parse_int(query.get("limit"), "limit", DEFAULT_PAGE_SIZE, 1, PAGE_SIZES[-1])


def safe_back(raw: str) -> str:
    """The list's own parameters from a form's `back` field, re-encoded in their order there: nothing
    else goes back (LIST_PARAMS is a set, whose order changes from one process to the next)."""
    query = QueryDict(raw or "")
    return urlencode({key: query[key] for key in query if key in LIST_PARAMS and query.get(key)})


def selected_export_url(ids: list[int], export_format: str) -> str:
    """The layers export of the hazards ticked on the page, whatever their state."""
    query = {"layer": "hazards", "state": ",".join(State.values), "ids": ",".join(map(str, ids)),
             "format": export_format}
    return f"{reverse('export')}?{urlencode(query)}"


def choices() -> dict:
    english = get_language().startswith("en")
    districts = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT).order_by("code")
    return {
        "districts": [(a.code, a.name_en if english and a.name_en else a.name) for a in districts],
        "kinds": list(Kind.choices),
        "levels": [(name, RiskLevel.from_name(name).label) for name in reversed(LEVELS)],
        "states": list(State.choices),
    }


def sort_links(query) -> dict[str, dict]:
    """Per sortable column: the link that sorts by it (ascending first, then reversed) and the arrow."""
    current = query.get("sort") or ""
    base = kept(query, "sort")
    links = {}
    for name, label in SORTABLE.items():
        target = f"-{name}" if current == name else name
        arrow = " ▲" if current == name else " ▼" if current == f"-{name}" else ""
        links[name] = {"label": label, "href": "?" + urlencode({**base, "sort": target}), "arrow": arrow}
    return links


def export_links(query) -> list[tuple[str, str]]:
    """The layers export of the `hazards` layer with the list's filters. The list shows every state
    until one is chosen, the layer only open ones, so the states are always named."""
    params = {"layer": "hazards", "state": query.get("state") or ",".join(State.values)}
    if query.get("level"):
        params["risk"] = query["level"]
    if query.get("kind"):
        params["kind"] = query["kind"]
    if query.get("overdue") in ("true", "1"):
        params["overdue"] = "true"
    elif query.get("overdue") in ("false", "0"):
        params["overdue"] = "false"
    if query.get("district"):
        params["district"] = query["district"]  # the export's area: hazards inside the district
    return [(label, f"{reverse('export')}?{urlencode({**params, 'format': fmt})}") for fmt, label in EXPORT_FORMATS]


def map_data(rows: list[dict]) -> dict:
    """The page's hazards as GeoJSON points (on their feature), for the map beside the table."""
    geometries = dict(Hazard.objects.filter(pk__in=[row["id"] for row in rows])
                      .annotate(point=AsGeoJSON(PointOnSurface("geom"), precision=6)).values_list("id", "point"))
    features = []
    for row in rows:
        features.append({"type": "Feature", "id": row["id"], "geometry": json.loads(geometries[row["id"]]),
                         "properties": {"name": row["feature"]["name"], "level": row["level"],
                                        "level_label": str(row["level_label"]), "state_label": str(row["state_label"]),
                                        "deadline": row["deadline"], "overdue": row["overdue"],
                                        "url": reverse("hazard-page", args=[row["id"]])}})
    return {"type": "FeatureCollection", "features": features}


def map_config() -> dict:
    return {
        "colours": {level.name.lower(): colour for level, colour in RISK_COLOURS.items()},
        "districts_tiles": reverse("tile", kwargs={"layer": "district", "z": 0, "x": 0, "y": 0})
        .replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt"),
        "labels": {"open": str(_("Open hazard")), "deadline": str(_("Deadline")), "overdue": str(_("overdue"))},
    }
