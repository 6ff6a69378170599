"""The layer catalogue: every layer the map (and later tiles, OGC API and exports) can show."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind, RiskLevel

RISK_COLOURS = {
    RiskLevel.NONE: "#2e7d32",
    RiskLevel.YELLOW: "#f9a825",
    RiskLevel.ORANGE: "#ef6c00",
    RiskLevel.RED: "#c62828",
}


@dataclass(frozen=True)
class Layer:
    id: str
    title_zh: str
    title_en: str
    geometry_type: str
    outline: str
    min_zoom: int = 0
    max_zoom: int = 22
    kind: str | None = None
    fields: tuple[str, ...] = field(default=("code", "name", "kind", "district", "risk"))


FEATURE_LAYERS = (
    Layer("building", "房屋", "Buildings", "Polygon", "#37474f", min_zoom=13, kind=Kind.BUILDING),
    Layer("river_reach", "河段", "River reaches", "LineString", "#1565c0", kind=Kind.RIVER_REACH),
    Layer("construction_site", "在建工地", "Construction sites", "Polygon", "#6a1b9a", min_zoom=11,
          kind=Kind.CONSTRUCTION_SITE),
    Layer("concrete_plant", "预拌混凝土企业", "Concrete plants", "Point", "#4e342e", kind=Kind.CONCRETE_PLANT),
    Layer("fund_center", "住房公积金中心", "Housing fund centers", "MultiPolygon", "#00838f", max_zoom=10,
          kind=Kind.FUND_CENTER),
    Layer("water_project", "水务工程", "Water projects", "Polygon", "#00695c", min_zoom=11, kind=Kind.WATER_PROJECT),
)
AREA_LAYERS = (
    Layer("district", "行政区", "Districts", "MultiPolygon", "#455a64", fields=("code", "name", "name_en")),
)


def map_config(language: str) -> dict:
    """What the map page's script needs: layers with their titles, data URLs and styles."""
    english = language.startswith("en")

    def title(layer: Layer) -> str:
        return layer.title_en if english else layer.title_zh

    return {
        "features_url": reverse("feature-list"),
        "areas_url": reverse("area-list"),
        "layers": [
            {"id": l.id, "title": title(l), "kind": l.kind, "geometry": l.geometry_type, "outline": l.outline,
             "minZoom": l.min_zoom, "maxZoom": l.max_zoom}
            for l in FEATURE_LAYERS
        ],
        "areas": [{"id": l.id, "title": title(l), "outline": l.outline} for l in AREA_LAYERS],
        "risk": [
            {"value": level.name.lower(), "label": str(level.label), "colour": RISK_COLOURS[level]}
            for level in RiskLevel
        ],
        # Whole sentences with placeholders: word order differs between English and Chinese.
        "labels": {"zoomIn": str(_("Zoom in to see this layer")), "open": str(_("Open record")),
                   "shown": str(_("{shown} shown")), "shownOf": str(_("{shown} of {matched} shown")),
                   "risk": str(_("Risk level"))},
    }
