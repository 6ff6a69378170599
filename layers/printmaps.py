"""A printable, self-contained HTML map of one district's features, coloured by risk (folium).

The file must open on a machine with no internet: folium's CDN scripts and styles (Leaflet,
jQuery, Bootstrap, awesome-markers, Font Awesome) are dropped and the Leaflet files shipped in
django-leaflet are inlined, their images as data: URIs. No basemap unless one from the internet is
configured (GEO_SERVER["BASEMAPS"]: the first such).

Overlays from other apps (hazards, patrol zones: later issues) plug in with
`register_overlay(add)`: `add(folium_map, district, user)` is called for every print map.

User data (feature and district names) reaches the page only as JSON inside folium's scripts (jinja's
`tojson` escapes `<`), as escaped text in the legend and layer labels, and through the tooltip below,
which builds text nodes. The page carries its own Content-Security-Policy (`print_map_policy()`,
also as a <meta>: the file is opened from disk, where no HTTP header reaches it). It allows inline
scripts: folium writes them from its own templates, and a nonce could only be added by rewriting
the rendered page, which would bless injected scripts too. It allows nothing to be fetched, and the
served copy is sandboxed (exports/views.py), so a missed injection could not use the session.
"""

import base64
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import folium
import leaflet
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext as _
from jinja2 import Template

from geo_server.basemaps import image_sources
from geo_server.errors import BadRequest
from geo_server.features.kinds import RiskLevel
from geo_server.features.models import AdminArea, Feature
from geo_server.features.scoping import scope_features
from layers.basemaps import print_basemap, tile_layers
from layers.catalogue import FEATURE_LAYERS, RISK_COLOURS

LEAFLET_STATIC = Path(leaflet.__file__).parent / "static" / "leaflet"
# Beyond this a single HTML page gets too heavy for a browser to draw and print.
MAX_FEATURES = 50_000
_overlays: list[Callable] = []


def register_overlay(add: Callable) -> None:
    """Called once from an app's AppConfig.ready() (hazards will be the first)."""
    _overlays.append(add)


def district_map(code: str, user=None) -> str:
    """The HTML page for district `code`, with what `user` may see (everything when None)."""
    district = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT, code=code).first()
    if district is None:
        raise BadRequest(_("No district with code %(code)r.") % {"code": code}, code="unknown_district")
    minx, miny, maxx, maxy = district.geom.extent
    folium_map = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], tiles=None, control_scale=True,
                            prefer_canvas=False)
    _policy(folium_map)
    _offline(folium_map)
    basemap = print_basemap()
    for index, tiles in enumerate(tile_layers(basemap) if basemap else []):
        # A Tianditu basemap's second layer is its names overlay, drawn over the first.
        folium.TileLayer(tiles["url"], attr=tiles["attribution"] or " ", subdomains=tiles["subdomains"],
                         max_native_zoom=tiles["maxZoom"], name=escape(basemap.title_zh), overlay=index > 0,
                         control=index == 0).add_to(folium_map)
    # Layer-control labels are HTML to Leaflet.
    folium.GeoJson(district.geom.json, name=escape(district.name), interactive=False,
                   style_function=lambda _: {"color": "#455a64", "weight": 2, "fillOpacity": 0.03}).add_to(folium_map)
    _add_features(folium_map, district, user)
    for add in _overlays:
        add(folium_map, district, user)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    folium_map.get_root().html.add_child(folium.Element(_legend(district)))
    folium_map.fit_bounds([[miny, minx], [maxy, maxx]])
    return folium_map.get_root().render()


def _add_features(folium_map: folium.Map, district: AdminArea, user) -> None:
    features = (Feature.objects.all() if user is None else scope_features(user)).filter(district=district)
    if features.count() > MAX_FEATURES:
        raise BadRequest(_("More than %(max_features)s features: too many for one printable page.")
                         % {"max_features": MAX_FEATURES},
                         code="too_many_features")
    rows = features.order_by("id").values("id", "kind", "name", "risk_level", geojson=AsGeoJSON("geom", precision=6))
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        risk = RiskLevel(row["risk_level"])
        by_kind.setdefault(row["kind"], []).append({
            "type": "Feature", "id": row["id"], "geometry": row["geojson"],
            "properties": {"name": row["name"], "risk": str(risk.label), "colour": RISK_COLOURS[risk]}})
    for layer in FEATURE_LAYERS:
        if layer.kind in by_kind:
            _feature_layer(layer, by_kind[layer.kind]).add_to(folium_map)


def _feature_layer(layer, features: list[dict]) -> folium.GeoJson:
    for feature in features:
        feature["geometry"] = json.loads(feature["geometry"])
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name=escape(f"{layer.title_zh} ({len(features)})"),
        style_function=lambda f, outline=layer.outline: {
            "color": f["properties"]["colour"] if "Line" in f["geometry"]["type"] else outline, "weight": 2,
            "fillColor": f["properties"]["colour"], "fillOpacity": 0.7},
        marker=folium.CircleMarker(radius=5, fill=True),
    ).add_child(TextTooltip(fields=["name", "risk"], aliases=["名称", "风险等级"]))


class TextTooltip(folium.MacroElement):
    """folium's GeoJsonTooltip puts property values into innerHTML: a feature named
    <img src=x onerror=...> would run script. This one shows them as text."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip(function (layer) {
            var table = document.createElement("table");
            var aliases = {{ this.aliases|tojson }};
            {{ this.fields|tojson }}.forEach(function (field, i) {
                var row = table.insertRow(), value = layer.feature.properties[field];
                var label = document.createElement("th");
                label.textContent = aliases[i];
                row.appendChild(label);
                row.insertCell().textContent = value === null || value === undefined ? "" : String(value);
            });
            return table;
        }, {sticky: true, className: "print-tooltip"});
        {% endmacro %}
    """)

    def __init__(self, fields: list[str], aliases: list[str]):
        super().__init__()
        self._name = "TextTooltip"
        self.fields = fields
        self.aliases = aliases


def _legend(district: AdminArea) -> str:
    rows = format_html_join(
        "", '<div><span style="display:inline-block;width:12px;height:12px;background:{};margin-right:6px"></span>'
        "{}</div>", ((RISK_COLOURS[level], level.label) for level in RiskLevel))
    return format_html(
        '<div class="print-legend" style="position:fixed;top:10px;left:60px;z-index:1000;background:#fff;'
        'padding:8px 12px;border:1px solid #999;font:14px sans-serif"><strong>{} · {}</strong>{}</div>',
        district.name, timezone.localdate().isoformat(), rows)


def print_map_policy() -> str:
    """The page's own policy: its inline scripts and styles, images inline or from the basemap, and
    nothing fetched from anywhere (connect-src and everything else 'none')."""
    basemap = print_basemap()
    images = " ".join(["data: blob:", *image_sources([basemap] if basemap else [])])
    return (f"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src {images}; "
            "base-uri 'none'; form-action 'none'")


def _policy(folium_map: folium.Map) -> None:
    # First in <head>, before any script: a <meta> policy governs only what follows it.
    folium_map.get_root().header.add_child(folium.Element(format_html(
        '<meta http-equiv="Content-Security-Policy" content="{}">', print_map_policy())), name="csp", index=1)


def _offline(folium_map: folium.Map) -> None:
    """Replace folium's CDN assets by Leaflet's own files, inline."""
    folium_map.default_js = []
    folium_map.default_css = []
    header = folium_map.get_root().header
    header.add_child(folium.Element(f"<style>{_leaflet_css()}</style>"), name="leaflet_css")
    header.add_child(folium.Element(f"<script>{_leaflet_js()}</script>"), name="leaflet_js")


@cache
def _leaflet_js() -> str:
    # "</script" cannot occur in Leaflet's source, so inlining needs no escaping.
    return (LEAFLET_STATIC / "leaflet.js").read_text(encoding="utf-8")


@cache
def _leaflet_css() -> str:
    def data_uri(match: re.Match) -> str:
        image = LEAFLET_STATIC / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode()})"
    return re.sub(r"url\((images/[\w@.-]+\.png)\)", data_uri, (LEAFLET_STATIC / "leaflet.css").read_text())
