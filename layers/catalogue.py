"""The layer catalogue: every layer the map, tiles, OGC API and exports can show.

A layer says what it is (id, titles, geometry type, style, zoom range), which fields it
publishes, and where its rows come from: `rows(user)` is a queryset of plain values (`id`,
`geom` and every published field; names never clash with model fields) already limited to what the user may see. Consumers that
write their own SQL (tiles, streamed exports) embed that queryset as a subquery with
`query.sql_with_params()`, so jurisdiction is decided in one place (features.scoping).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from django.db.models import Case, CharField, Count, F, FloatField, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from basins.models import Basin
from geo_server.features.kinds import Kind, RiskLevel
from geo_server.features.models import AdminArea
from geo_server.features.scoping import scope_features
from geo_server.patrols.zones import scope_zones

RISK_COLOURS = {
    RiskLevel.NONE: "#2e7d32",
    RiskLevel.YELLOW: "#f9a825",
    RiskLevel.ORANGE: "#ef6c00",
    RiskLevel.RED: "#c62828",
}


@dataclass(frozen=True)
class Field:
    """A published property: its name, the ORM path it reads, and its OpenAPI-style type."""

    name: str
    source: str
    type: str = "string"
    title_zh: str = ""
    title_en: str = ""


@dataclass(frozen=True)
class Layer:
    id: str
    title_zh: str
    title_en: str
    geometry_type: str
    outline: str
    fields: tuple[Field, ...]
    rows_for: Callable[[object], QuerySet]
    group: str = "features"
    min_zoom: int = 0
    max_zoom: int = 22
    kind: str | None = None

    def title(self, language: str) -> str:
        return self.title_en if language.startswith("en") else self.title_zh

    def rows(self, user) -> QuerySet:
        """id, geom and the published fields of every row the user may see, ordered by id."""
        queryset = self.rows_for(user).annotate(**{f.name: F(f.source) for f in self.fields if f.source != f.name})
        return queryset.values("id", "geom", *(f.name for f in self.fields)).order_by("id")


RISK_NAME = Case(*(When(risk_level=level.value, then=Value(level.name.lower())) for level in RiskLevel),
                 output_field=CharField())

FEATURE_FIELDS = (
    Field("code", "code", title_zh="编码", title_en="Code"),
    Field("name", "name", title_zh="名称", title_en="Name"),
    Field("name_en", "name_en", title_zh="英文名称", title_en="English name"),
    Field("kind", "kind", title_zh="类别", title_en="Kind"),
    Field("district_name", "district__name", title_zh="行政区", title_en="District"),
    Field("district_code", "district__code", title_zh="行政区代码", title_en="District code"),
    Field("street_name", "street__name", title_zh="街道/镇", title_en="Street / town"),
    Field("basin_name", "basin__name", title_zh="流域", title_en="Basin"),
    Field("status", "status", title_zh="状态", title_en="Status"),
    Field("risk_level", "risk_level", "integer", title_zh="风险等级值", title_en="Risk level (0-3)"),
    Field("risk", "risk", title_zh="风险等级", title_en="Risk level"),
    Field("updated_at", "updated_at", "datetime", title_zh="更新时间", title_en="Updated"),
)

AREA_FIELDS = (
    Field("code", "code", title_zh="代码", title_en="Code"),
    Field("name", "name", title_zh="名称", title_en="Name"),
    Field("name_en", "name_en", title_zh="英文名称", title_en="English name"),
    Field("parent_code", "parent__code", title_zh="上级代码", title_en="Parent code"),
    Field("synthetic_geometry", "synthetic_geometry", "boolean", title_zh="合成边界", title_en="Synthetic shape"),
)

BASIN_FIELDS = (
    Field("code", "code", title_zh="代码", title_en="Code"),
    Field("name", "name", title_zh="名称", title_en="Name"),
    Field("name_en", "name_en", title_zh="英文名称", title_en="English name"),
    Field("synthetic", "synthetic", "boolean", title_zh="合成数据", title_en="Synthetic"),
)


BASIN_RISK_FIELDS = BASIN_FIELDS + (
    Field("reach_count", "reach_count", "integer", title_zh="河段数", title_en="Reaches"),
    Field("red_orange_count", "red_orange_count", "integer", title_zh="红橙预警河段数", title_en="Red or orange reaches"),
    Field("red_orange_share", "red_orange_share", "number", title_zh="红橙预警占比", title_en="Share red or orange"),
    Field("risk", "risk", title_zh="风险等级", title_en="Risk class of the share"),
)
# [D] choropleth classes of the red/orange share: >= 50% red, >= 25% orange, > 0 yellow.
SHARE_CLASSES = ((0.5, "red"), (0.25, "orange"), (1e-9, "yellow"))


def _reach_count(user, **filters) -> Coalesce:
    reaches = (scope_features(user).filter(kind=Kind.RIVER_REACH, basin=OuterRef("pk"), **filters).order_by()
               .values("basin").annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(reaches, output_field=IntegerField()), 0)


def _basin_risk(user) -> QuerySet:
    """Basins with the share of the reaches the user may see that carry a red or orange warning."""
    share = Case(When(reach_count=0, then=None),
                 default=Cast(F("red_orange_count"), FloatField()) / Cast(F("reach_count"), FloatField()))
    return (Basin.objects.annotate(reach_count=_reach_count(user), red_orange_count=_reach_count(user, risk_level__gte=2))
            .annotate(red_orange_share=share)
            .annotate(risk=Case(*(When(red_orange_share__gte=t, then=Value(name)) for t, name in SHARE_CLASSES),
                                default=Value("none"), output_field=CharField())))
ZONE_FIELDS = (
    Field("name", "name", title_zh="名称", title_en="Name"),
    Field("organisation_name", "organisation__name", title_zh="单位", title_en="Organisation"),
    Field("updated_at", "updated_at", "datetime", title_zh="更新时间", title_en="Updated"),
)


def _features_of(kind: str) -> Callable[[object], QuerySet]:
    return lambda user: scope_features(user).filter(kind=kind).annotate(risk=RISK_NAME)


def _areas_of(level: str) -> Callable[[object], QuerySet]:
    # Boundaries are reference data: every logged-in user sees all of them.
    return lambda user: AdminArea.objects.filter(level=level)


def _feature_layer(kind: Kind, title_zh: str, title_en: str, geometry_type: str, outline: str, **zoom) -> Layer:
    return Layer(kind.value, title_zh, title_en, geometry_type, outline, FEATURE_FIELDS, _features_of(kind.value),
                 kind=kind.value, **zoom)


FEATURE_LAYERS = (
    _feature_layer(Kind.BUILDING, "房屋", "Buildings", "Polygon", "#37474f", min_zoom=13),
    _feature_layer(Kind.RIVER_REACH, "河段", "River reaches", "LineString", "#1565c0"),
    _feature_layer(Kind.CONSTRUCTION_SITE, "在建工地", "Construction sites", "Polygon", "#6a1b9a", min_zoom=11),
    _feature_layer(Kind.CONCRETE_PLANT, "预拌混凝土企业", "Concrete plants", "Point", "#4e342e"),
    _feature_layer(Kind.FUND_CENTER, "住房公积金中心", "Housing fund centers", "MultiPolygon", "#00838f", max_zoom=10),
    _feature_layer(Kind.WATER_PROJECT, "水务工程", "Water projects", "Polygon", "#00695c", min_zoom=11),
)
AREA_LAYERS = (
    Layer("district", "行政区", "Districts", "MultiPolygon", "#455a64", AREA_FIELDS, _areas_of("district"),
          group="areas"),
    Layer("street", "街道/镇（合成边界）", "Streets / towns (synthetic shapes)", "MultiPolygon", "#78909c",
          AREA_FIELDS, _areas_of("street"), group="areas", min_zoom=10),
    Layer("city", "地级市", "Cities", "MultiPolygon", "#263238", AREA_FIELDS, _areas_of("city"), group="areas"),
    Layer("basin", "流域（合成）", "Basins (synthetic)", "MultiPolygon", "#0277bd", BASIN_FIELDS,
          lambda user: Basin.objects.all(), group="areas"),
    Layer("basin_risk", "流域返黑返臭风险（红橙河段占比）", "Basins by share of red/orange reaches", "MultiPolygon",
          "#0277bd", BASIN_RISK_FIELDS, _basin_risk, group="areas"),
)
# Patrol zones: rows limited to the user's organisation and those below its jurisdiction.
ZONE_LAYERS = (
    Layer("zone", "巡查片区", "Patrol zones", "MultiPolygon", "#ad1457", ZONE_FIELDS, scope_zones, group="patrols"),
)
LAYERS = {layer.id: layer for layer in FEATURE_LAYERS + AREA_LAYERS + ZONE_LAYERS}


def get_layer(layer_id: str) -> Layer | None:
    return LAYERS.get(layer_id)


def map_config(language: str) -> dict:
    """What the map page's script needs: layers with their titles, data URLs and styles."""
    return {
        "features_url": reverse("feature-list"),
        "areas_url": reverse("area-list"),
        # URL templates for the map's tile layers and popups, e.g. /tiles/{layer}/{z}/{x}/{y}.mvt
        "tiles_url": unquote(reverse("tile", kwargs={"layer": "{layer}", "z": "{z}", "x": "{x}", "y": "{y}"})),
        "record_url": reverse("feature-record", args=[0]).replace("/0/", "/{id}/"),
        "layers": [
            {"id": layer.id, "title": layer.title(language), "kind": layer.kind, "geometry": layer.geometry_type,
             "outline": layer.outline, "minZoom": layer.min_zoom, "maxZoom": layer.max_zoom}
            for layer in FEATURE_LAYERS
        ],
        "areas": [{"id": layer.id, "title": layer.title(language), "outline": layer.outline,
                   "choropleth": layer.id == "basin_risk"}
                  for layer in AREA_LAYERS + ZONE_LAYERS if layer.id in ("district", "basin_risk", "zone")],
        "risk": [
            {"value": level.name.lower(), "label": str(level.label), "colour": RISK_COLOURS[level]}
            for level in RiskLevel
        ],
        # Whole sentences with placeholders: word order differs between English and Chinese.
        "labels": {"zoomIn": str(_("Zoom in to see this layer")), "open": str(_("Open record")),
                   "shown": str(_("{shown} shown")), "shownOf": str(_("{shown} of {matched} shown")),
                   "risk": str(_("Risk level")), "grouped": str(_("{count} features in this square"))},
    }
