"""What the map page's script needs to know of the catalogue: its layers with titles in the page's
language, URL templates for tiles and records, risk colours and the labels the script shows."""

from urllib.parse import unquote

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import RISK_COLOURS, RiskLevel
from geo_server.supervision.states import State
from layers.basemaps import basemap_config
from layers.catalogue import AREA_LAYERS, FEATURE_LAYERS, HAZARD_LAYERS, ZONE_LAYERS, Layer

# Shown in a popup by the map itself (title, district line, risk dot), not as "title: value" lines.
POPUP_BUILT_IN = ("code", "kind", "district_name", "risk")


def _map_layer(layer: Layer, language: str) -> dict:
    english = language.startswith("en")
    other = "_zh" if english else "_en"  # of a bilingual pair, only the reader's half
    details = [{"name": name, "title": layer.field(name).title_en if english else layer.field(name).title_zh}
               for name in layer.popup_fields if name not in POPUP_BUILT_IN and not name.endswith(other)]
    return {"id": layer.id, "title": layer.title(language), "kind": layer.kind, "group": layer.group,
            "geometry": layer.geometry_type,
            "outline": layer.outline, "minZoom": layer.min_zoom, "maxZoom": layer.max_zoom, "shown": layer.shown,
            "detailZoom": layer.detail_zoom,
            "label": layer.label_field, "details": details,
            "record_url": reverse(layer.record_url_name, args=[0]).replace("/0/", "/{id}/")}


def map_config(language: str) -> dict:
    """What the map page's script needs: layers with their titles, data URLs and styles."""
    # Basemaps for the switcher (basemaps.js), and the URLs of the names and water that orient the map.
    basemaps = basemap_config(language)
    return {
        "features_url": reverse("feature-list"),
        "areas_url": reverse("area-list"),
        # URL templates for the map's tile layers and popups, e.g. /tiles/{layer}/{z}/{x}/{y}.mvt
        "tiles_url": unquote(reverse("tile", kwargs={"layer": "{layer}", "z": "{z}", "x": "{x}", "y": "{y}"})),
        "record_url": reverse("feature-record", args=[0]).replace("/0/", "/{id}/"),
        # The main map draws district outlines from its vector tiles, not context_areas_url.
        **{key: value for key, value in basemaps.items() if key not in ("labels", "context_areas_url")},
        "layers": [_map_layer(layer, language) for layer in ZONE_LAYERS + tuple(FEATURE_LAYERS) + HAZARD_LAYERS],
        "areas": [{"id": layer.id, "title": layer.title(language), "outline": layer.outline,
                   "choropleth": layer.id == "basin_risk"}
                  for layer in AREA_LAYERS if layer.id in ("district", "basin_risk")],
        "risk": [
            {"value": level.name.lower(), "label": str(level.label), "colour": RISK_COLOURS[level]}
            for level in RiskLevel
        ],
        # Labels of coded popup values, by field name.
        "values": {"state": {state.value: str(state.label) for state in State},
                   "overdue": {"true": str(_("yes")), "false": str(_("no"))}},
        # Whole sentences with placeholders: word order differs between English and Chinese.
        "labels": {"zoomIn": str(_("Zoom in to see this layer")), "open": str(_("Open record")),
                   "shown": str(_("{shown} shown")), "shownOf": str(_("{shown} of {matched} shown")),
                   "risk": str(_("Risk level")), "grouped": str(_("{count} features in this square")),
                   **basemaps["labels"]},
    }
