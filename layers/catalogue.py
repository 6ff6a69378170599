"""The layer catalogue: every layer the map, tiles, OGC API and exports can show.

The feature layers come from the registered sectors (geo_server.sector): one per kind whose
sector declares a LayerSpec, publishing FEATURE_FIELDS plus the sector's PublishedFields. They
are built on first use after the apps are ready and rebuilt whenever the registry changes, so
`LAYERS` and `FEATURE_LAYERS` are views of the current registry, never a snapshot taken at import.
A kind whose sector declares no LayerSpec has no layer.

A layer says what it is (id, titles, geometry type, style, zoom range), which fields it
publishes, and where its rows come from: `rows(user)` is a queryset of plain values (`id`,
`geom` and every published field; names never clash with model fields) already limited to what the user may see. Consumers that
write their own SQL (tiles, streamed exports) embed that queryset as a subquery with
`query.sql_with_params()`, so jurisdiction is decided in one place (features.scoping).
"""

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import (BooleanField, Case, CharField, Count, F, FloatField, Func, IntegerField, OuterRef, Q,
                              QuerySet, Subquery, Value, When)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from basins.models import Basin
from geo_server.features.kinds import RISK_COLOURS, Kind, RiskLevel
from geo_server.features.models import AdminArea, Feature
from geo_server.features.scoping import scope_features
from geo_server.patrols.zones import scope_zones
from geo_server.sector import LayerSpec, PublishedField, SubLayer, known_kinds, sector_for, sectors
from geo_server.supervision.hazards import visible_hazards
from geo_server.supervision.states import OPEN_STATES

__all__ = ["LAYERS", "FEATURE_LAYERS", "RISK_COLOURS", "Field", "Layer", "get_layer", "refresh"]


@dataclass(frozen=True)
class Field:
    """A published property: its name, the ORM path it reads, and its OpenAPI-style type."""

    name: str
    source: str
    type: str = "string"
    title_zh: str = ""
    title_en: str = ""
    # An integer filter beyond the column's range is refused (Django compiles it as an empty result,
    # which raw SQL cannot embed); int32 unless the column says otherwise.
    minimum: int = -(2**31)
    maximum: int = 2**31 - 1


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
    # (field name, values) pairs every consumer applies unless the request filters that field itself:
    # the hazards layer shows open hazards until asked for a state.
    default_filters: tuple[tuple[str, tuple], ...] = ()
    # What a map popup shows: the field titling it, further fields as "title: value" lines, and the
    # page its link opens (a URL name taking the row's id).
    label_field: str = "name"
    popup_fields: tuple[str, ...] = ("code", "kind", "district_name", "risk")
    record_url_name: str = "feature-record"
    # Off until the user ticks it in the map's layer control.
    shown: bool = True
    # Tiles below grid_zoom aggregate into 32 x 32 cells per tile (pre-counted for a kind's layer,
    # counted on the fly otherwise); from detail_zoom the sector's published fields ride in tiles.
    detail_zoom: int = 0
    grid_zoom: int = 0
    # The names, among `fields`, that the kind's sector publishes (beyond FEATURE_FIELDS).
    sector_fields: tuple[str, ...] = ()

    def title(self, language: str) -> str:
        return self.title_en if language.startswith("en") else self.title_zh

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def defaults(self, filtered: Collection[str] = ()) -> Q:
        """The default filters, as a condition on `rows_for`, but for the fields in `filtered`."""
        condition = Q()
        for name, values in self.default_filters:
            if name not in filtered:
                condition &= Q(**{f"{self.field(name).source}__in": values})
        return condition

    def rows(self, user, filtered: Collection[str] = ()) -> QuerySet:
        """id, geom and the published fields of every row the user may see, ordered by id; the layer's
        default filters apply except on the fields named in `filtered` (the caller filters those)."""
        queryset = self.rows_for(user).filter(self.defaults(filtered))
        queryset = queryset.annotate(**{f.name: F(f.source) for f in self.fields if f.source != f.name})
        return queryset.values("id", "geom", *(f.name for f in self.fields)).order_by("id")

    @property
    def default_filter_names(self) -> tuple[str, ...]:
        return tuple(name for name, _values in self.default_filters)


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
    Field("risk_level", "risk_level", "integer", title_zh="风险等级值", title_en="Risk level (0-3)", minimum=0,
          maximum=3),
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


HAZARD_FIELDS = (
    Field("feature_id", "feature_id", "integer", title_zh="对象编号", title_en="Feature id", minimum=1,
          maximum=2**63 - 1),
    Field("feature_code", "feature__code", title_zh="对象编码", title_en="Feature code"),
    Field("feature_name", "feature__name", title_zh="对象名称", title_en="Feature name"),
    Field("kind", "kind", title_zh="类别", title_en="Kind"),
    Field("rule", "rule_code", title_zh="规则", title_en="Rule"),
    Field("subject", "subject", title_zh="预警事项", title_en="Subject"),
    Field("risk_level", "level", "integer", title_zh="隐患等级值", title_en="Level (1-3)", minimum=0, maximum=3),
    Field("risk", "risk", title_zh="隐患等级", title_en="Level"),
    Field("state", "state", title_zh="状态", title_en="State"),
    Field("district_name", "district__name", title_zh="行政区", title_en="District"),
    Field("district_code", "district__code", title_zh="行政区代码", title_en="District code"),
    Field("organisation_name", "responsible_organisation__name", title_zh="责任单位",
          title_en="Responsible organisation"),
    Field("deadline", "deadline", "date", title_zh="整改期限", title_en="Deadline"),
    Field("overdue", "overdue", "boolean", title_zh="逾期", title_en="Overdue"),
    Field("age_days", "age_days", "integer", title_zh="已发现天数", title_en="Age (days)"),
    Field("message_zh", "message_zh", title_zh="说明（中文）", title_en="Message (Chinese)"),
    Field("message_en", "message_en", title_zh="说明（英文）", title_en="Message (English)"),
    Field("updated_at", "updated_at", "datetime", title_zh="更新时间", title_en="Updated"),
)
LEVEL_NAME = Case(*(When(level=level.value, then=Value(level.name.lower())) for level in RiskLevel),
                  output_field=CharField())


def _hazard_rows(user) -> QuerySet:
    """The hazards the user sees on the hazard list, with what the list computes: overdue (open past
    its deadline) and age in days. Today is a parameter, so tile ETags change with the date."""
    today = timezone.localdate()
    overdue = Case(When(Q(state__in=OPEN_STATES, deadline__lt=Value(today)), then=Value(True)), default=Value(False),
                   output_field=BooleanField())
    age = Func(Value(today), TruncDate("created_at"), arg_joiner=" - ", template="(%(expressions)s)",
               output_field=IntegerField())
    # A hazard is drawn and written as a point on its feature, so every format takes it (a Shapefile
    # holds one geometry type) and the map shows a marker. `extra`, because an annotation may not be
    # named like the model's own `geom` column; filters still test the stored geometry.
    point = {"geom": "ST_PointOnSurface(supervision_hazard.geom)"}
    return visible_hazards(user).extra(select=point).annotate(risk=LEVEL_NAME, overdue=overdue, age_days=age)


def _features_of(kind: str) -> Callable[[object], QuerySet]:
    return lambda user: scope_features(user).filter(kind=kind).annotate(risk=RISK_NAME)


def _areas_of(level: str) -> Callable[[object], QuerySet]:
    # Boundaries are reference data: every logged-in user sees all of them.
    return lambda user: AdminArea.objects.filter(level=level)


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
    Layer("zone", "巡查片区", "Patrol zones", "MultiPolygon", "#ad1457", ZONE_FIELDS, scope_zones, group="patrols",
          popup_fields=("organisation_name", "updated_at"), record_url_name="zone-detail", shown=False),
)
# Hazards (隐患清单), each drawn where its feature is; open ones unless a state is asked for.
# Hazards are grouped on the fly below grid_zoom (a small table that changes all day has no
# pre-counted cells); 60,000 building hazards put ~40,000 points and 3 MB into a z10 tile over
# central Guangzhou otherwise (bench/sweep.py).
HAZARD_LAYERS = (
    Layer("hazards", "隐患", "Hazards", "Point", "#b71c1c", HAZARD_FIELDS, _hazard_rows, group="supervision",
          grid_zoom=13,
          default_filters=(("state", OPEN_STATES),), label_field="feature_name",
          popup_fields=("feature_code", "district_name", "risk", "state", "deadline", "overdue", "message_zh",
                        "message_en"),
          record_url_name="hazard-page", shown=False),
)
# What every feature layer's popup shows; a sector adds its fields marked popup=True.
FEATURE_POPUP_FIELDS = ("code", "kind", "district_name", "risk")
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")


def published_field(kind: str, published: PublishedField) -> Field:
    """A sector's PublishedField as a layer Field; refused when it would publish personal data, clash
    with a core field or carry an unknown type."""
    if published.type not in FIELD_TYPES:
        raise ImproperlyConfigured(f"{kind}: published field {published.name!r} has type {published.type!r}, "
                                   f"not one of {', '.join(FIELD_TYPES)}")
    if published.name in {f.name for f in FEATURE_FIELDS} or published.name in ("id", "geom"):
        raise ImproperlyConfigured(f"{kind}: published field {published.name!r} clashes with a core field")
    if is_personal_path(published.source):
        raise ImproperlyConfigured(f"{kind}: published field {published.name!r} reads {published.source!r}, "
                                   "which is personal data and is never published")
    return Field(published.name, published.source, published.type, published.title_zh, published.title_en,
                 published.minimum, published.maximum)


def is_personal_path(source: str) -> bool:
    """Whether an ORM path from Feature ends at a field marked is_personal (features.personal). A
    path that is not a model path (an annotation the sector adds) is judged where it is defined."""
    model, found = Feature, None
    for part in source.split("__"):
        if model is None:
            return False
        try:
            found = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        model = found.related_model if found.is_relation else None
    return bool(getattr(found, "is_personal", False))


def _features_layer(kind: str, spec: LayerSpec, published: tuple[PublishedField, ...]) -> Layer:
    own = tuple(published_field(kind, field) for field in published)
    names = [field.name for field in own]
    if len(set(names)) != len(names):
        raise ImproperlyConfigured(f"{kind}: a published field name appears twice in {names}")
    return Layer(kind, spec.title_zh, spec.title_en, spec.geometry_type, spec.outline, FEATURE_FIELDS + own,
                 _features_of(kind), kind=kind, min_zoom=spec.min_zoom, max_zoom=spec.max_zoom,
                 popup_fields=FEATURE_POPUP_FIELDS + tuple(f.name for f in published if f.popup),
                 detail_zoom=spec.detail_zoom, grid_zoom=spec.grid_zoom, sector_fields=tuple(names))


def _sublayer(kind: str, spec: LayerSpec, published: tuple[PublishedField, ...], sub: SubLayer) -> Layer:
    """A sector's SubLayer: the kind's layer narrowed to `sub.where`, with its own id, title, outline
    and fields. No `kind`: the pre-counted cells count the whole kind, so its low zooms group on the fly."""
    whole = _features_layer(kind, spec, published + sub.fields)
    rows = _features_of(kind)
    return replace(whole, id=sub.id, title_zh=sub.title_zh, title_en=sub.title_en, outline=sub.outline,
                   rows_for=lambda user: rows(user).filter(sub.where), kind=None, shown=False)


def build_feature_layers() -> tuple[Layer, ...]:
    """One layer per known kind, in Kind order and then the kinds sectors bring, each followed by
    its sector's sub-layers."""
    layers = []
    for kind in known_kinds():
        sector = sector_for(kind)
        spec = sector.layer if sector is not None else None
        if spec is not None:
            layers.append(_features_layer(kind, spec, sector.layer_fields))
            layers.extend(_sublayer(kind, spec, sector.layer_fields, sub) for sub in sector.sublayers)
    return tuple(layers)


_built: tuple[list, tuple[Layer, ...], dict[str, Layer]] | None = None


def _catalogue() -> tuple[tuple[Layer, ...], dict[str, Layer]]:
    """The feature layers and every layer by id, rebuilt when the registered sectors change."""
    global _built
    current = sectors()
    built = _built
    if built is None or len(built[0]) != len(current) or any(a is not b for a, b in zip(built[0], current)):
        features = build_feature_layers()
        by_id = {}
        for layer in features + AREA_LAYERS + ZONE_LAYERS + HAZARD_LAYERS:
            if layer.id in by_id:
                raise ImproperlyConfigured(f"two layers are called {layer.id!r}")
            by_id[layer.id] = layer
        built = _built = (current, features, by_id)  # keeps the sectors alive: identity stays meaningful
    return built[1], built[2]


def refresh() -> None:
    """Forget the built catalogue; the next use rebuilds it from the registry (tests that plug in a
    sector may call it, though a change of registered sectors is noticed on its own)."""
    global _built
    _built = None


class _Layers(Mapping):
    """Every layer by id, read from the current catalogue at each use."""

    def __getitem__(self, layer_id: str) -> Layer:
        return _catalogue()[1][layer_id]

    def __iter__(self) -> Iterator[str]:
        return iter(_catalogue()[1])

    def __len__(self) -> int:
        return len(_catalogue()[1])


class _FeatureLayers(Sequence):
    """The kinds' layers, read from the current catalogue at each use."""

    def __getitem__(self, index):
        return _catalogue()[0][index]

    def __len__(self) -> int:
        return len(_catalogue()[0])


LAYERS: Mapping[str, Layer] = _Layers()
FEATURE_LAYERS: Sequence[Layer] = _FeatureLayers()


def get_layer(layer_id: str) -> Layer | None:
    return LAYERS.get(layer_id)
