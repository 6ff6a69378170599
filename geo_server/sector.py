"""The contract a sector signs with the core: one declarative Sector, handed over in one call.

A sector (building safety, river chiefs, construction wages, concrete, funds, water engineering)
is a Django app that owns one kind of feature. Its AppConfig.ready() calls

    register_sector(Sector(kind=Kind.CONSTRUCTION_SITE, app_label="worksites", detail=..., ...))

and nothing else. The core reads the registry (kinds' detail models, rules, evidence types, record
sections, navigation pages, dashboards, demo generators) and `layers/` reads the published
fields and zooms; the core never imports a sector, and nothing here imports `layers/` or `basins/`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import models


@dataclass(frozen=True)
class PublishedField:
    """A sector column the layers publish for its kind: in tile popups, OGC queryables and items,
    and every export format. `source` is an ORM path from Feature, e.g.
    "construction_site_detail__registered_workers" or an annotation the sector's `annotate` adds.
    `type` is one of string, integer, number, boolean, date, datetime."""

    name: str
    source: str
    type: str = "string"
    title_zh: str = ""
    title_en: str = ""
    popup: bool = False
    minimum: int = -(2**31)
    maximum: int = 2**31 - 1


@dataclass(frozen=True)
class LayerSpec:
    """How the kind's layer is drawn: titles, geometry type, outline colour and zooms. Below
    `grid_zoom` tiles aggregate into grid cells; from `detail_zoom` every published field rides in
    the tile."""

    title_zh: str
    title_en: str
    geometry_type: str
    outline: str
    min_zoom: int = 0
    max_zoom: int = 22
    detail_zoom: int = 14
    grid_zoom: int = 0


@dataclass(frozen=True)
class SubLayer:
    """A layer of some of the kind's features that officers filter by (a building layer's dangerous
    ones): its own id, titles and outline (its style and legend entry), the features `where`
    selects (a Q over Feature), and fields it publishes besides the kind's. It is drawn, served
    and exported like the kind's layer, in the same jurisdiction, and off until ticked."""

    id: str
    title_zh: str
    title_en: str
    where: object  # django.db.models.Q over Feature
    outline: str
    fields: tuple[PublishedField, ...] = ()


@dataclass(frozen=True)
class EvidenceType:
    """Something a reply must carry before a supervisor may confirm a hazard of a rule naming it.

    `reply_field` is the reply payload key that carries it (None for photos, which are counted, and
    for evidence the sector finds in its own records); `satisfied(reply_data, photo_count)` judges the
    latest reply, whose data the core completes with the hazard's `feature_id`, `subject` and
    `opened_at` (when it was raised), so a type may look at its sector's records about that feature;
    `clean(value)` validates and normalises the submitted value (raise ValueError with a message on
    bad input); `demo(hazard)`, when given, records the evidence for a demo hazard about to be
    replied to and returns the reply fields that name it (the demo loop calls it)."""

    code: str
    label: object  # lazy translation
    notice_zh: str
    reply_field: str | None = None
    reply_label: object = ""  # the reply field's label in forms and timelines (lazy translation)
    satisfied: Callable[[dict, int], bool] = lambda data, photos: True
    clean: Callable[[str], str] = str
    choices: tuple[str, ...] = ()
    demo: Callable[[object], dict] | None = None


@dataclass(frozen=True)
class PhoneField:
    """One input of a PhoneForm. `type`: date (default today when `default` is "today"), integer
    (`minimum`..`maximum`), text, textarea, choice (`choices`: (value, lazy label) pairs) or boolean."""

    name: str
    type: str
    label: object  # lazy translation
    required: bool = False
    choices: tuple[tuple[str, object], ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    default: str = ""


@dataclass(frozen=True)
class PhoneForm:
    """A record the phone takes on a feature of the sector's kind, offline like a patrol: queued under
    its own UUID as an action of type `action` ({id, type, feature, <field>: value...}) and applied
    once by the phone's sync (mobile/sync.py), with photos queued after it.

    `where` (a Q over Feature) picks the features the form is offered on (all of the kind when None);
    `apply(user, action) -> JSON result` checks and stores it (raise ApiError to refuse: the phone
    shows the code), scoped to what the user may see; `attach_photo(user, result, photo)` adds a
    stored supervision Photo to the record the result names and returns JSON."""

    action: str
    title: object  # lazy translation
    fields: tuple[PhoneField, ...]
    apply: Callable[[object, dict], dict]
    attach_photo: Callable[[object, dict, object], dict] | None = None
    where: object = None  # django.db.models.Q over Feature


@dataclass(frozen=True)
class NavPage:
    """A page the sector adds to the navigation: a URL name (no arguments) and its title."""

    url_name: str
    title: object  # lazy translation


# The chart types a dashboard panel may declare; the dashboards core renders each one.
CHARTS = ("kpi", "ranking", "table", "pie", "bar", "stacked_bar", "line", "choropleth")


@dataclass(frozen=True)
class DashboardFilter:
    """What the dashboard page asks every panel for: a time range (inclusive first and last day,
    None = open) and an administrative area (features_adminarea.code of a province, city, district
    or street inside the user's scope; None = all the user may see)."""

    start: date | None = None
    end: date | None = None
    area: str | None = None


@dataclass(frozen=True)
class DashboardPanel:
    """One chart: `data(user, filters)` returns the chart's dict (see geo_server/dashboards), already
    scoped to the user through scope_features and filtered by `filters`."""

    id: str  # unique within its dashboard, [a-z0-9_]+
    title: object  # lazy translation
    chart: str  # one of CHARTS
    data: Callable[[object, DashboardFilter], dict]
    width: int = 6  # grid columns of 12
    unit: str = ""  # shown on axes / tiles


@dataclass(frozen=True)
class Dashboard:
    """A page of panels at /dashboards/<id>/."""

    id: str  # URL slug
    title: object
    panels: tuple[DashboardPanel, ...]
    default_months: int = 12  # default time range: the last N months


# The default responsible party: the feature's own organisation (a site's general contractor, a
# plant's enterprise). SQL over the feature row `f`.
FEATURE_ORGANISATION = "f.organisation_id"


@dataclass(frozen=True)
class Sector:
    kind: str
    app_label: str
    title: object = ""
    detail: type[models.Model] | None = None
    children: tuple[type[models.Model], ...] = ()
    rules: tuple = ()  # supervision.rules.Rule (per-row Python) and SqlRule (set-based)
    layer: LayerSpec | None = None
    layer_fields: tuple[PublishedField, ...] = ()
    sublayers: tuple[SubLayer, ...] = ()  # beside `layer`, with its zooms and fields
    evidence_types: tuple[EvidenceType, ...] = ()
    record_sections: tuple = ()  # features.kinds.RecordSection
    pages: tuple[NavPage, ...] = ()
    dashboards: tuple[Dashboard, ...] = ()
    # demo(seed, scale, log) -> {label: rows added}; deterministic per seed, labelled synthetic. The
    # core's load_demo calls it after areas and organisations, in geo_server.demo.load.DEMO_ORDER;
    # the shared demo context (streets, land, basins, rivers) is geo_server.demo.context.current().
    demo: Callable[..., dict] | None = None
    # demo_setup(ctx, log): reference data other sectors' demos draw on (basins' boundaries and
    # rivers), loaded into the database and the shared context before any sector's demo runs.
    demo_setup: Callable[..., None] | None = None
    # Organisation types besides the general ones that supervise this kind in their jurisdiction
    # (co-supervision: 人社 labour offices over construction sites).
    co_supervisors: tuple[str, ...] = ()
    # SQL over the feature row `f` (features_feature) naming the organisation that must fix the
    # kind's hazards, NULL when none is known: a building's owner or property manager, a water
    # project's contractor. Every hazard is routed through it (supervision.recipients); an office
    # that supervises the feature is never taken, whatever the expression yields.
    responsible_party: str = FEATURE_ORGANISATION
    # When responsible_party names others than the feature's own organisation: SQL selecting the
    # feature ids whose party is the organisation given as its one %s parameter (index-friendly: the
    # scoping function runs it on every read). The party then sees the features it must fix.
    party_features: str | None = None
    # phone_tasks(user, day) -> JSON rows: the patrol tasks this sector gives the user (a river
    # chief's reach tasks). The sector's own API and the phone (/api/m/today) list these same rows.
    phone_tasks: Callable[[object, object], list[dict]] | None = None
    # phone_documents(user, feature_ids) -> {feature id: [JSON rows]}: what the phone keeps offline about
    # the sector's features it lists (a water project's site documents), under "documents".
    phone_documents: Callable[[object, list[int]], dict[int, list[dict]]] | None = None
    # The records the phone takes on the sector's features (a building's census entry), offline.
    phone_forms: tuple[PhoneForm, ...] = ()
    # Text the map's search box matches besides a feature's code and names: ORM paths from Feature to
    # text columns of the sector's own rows, e.g. "building_detail__address". Never personal data.
    search_text: tuple[str, ...] = ()
    extras: dict = field(default_factory=dict)


_sectors: dict[str, Sector] = {}


def register_sector(sector: Sector) -> None:
    """The one call a sector makes from its AppConfig.ready(): registers its detail model, rules,
    record sections and evidence types with the core registries, and keeps the declaration for
    the layers, the navigation, dashboards and the demo loader."""
    from geo_server.features.kinds import Kind, register_detail, register_record_section
    from geo_server.supervision.rules import register_rule

    existing = _sectors.get(sector.kind)
    if existing is not None and existing is not sector and existing.app_label != sector.app_label:
        raise ValueError(f"kind {sector.kind!r} already belongs to sector {existing.app_label!r}")
    _sectors[sector.kind] = sector
    if sector.detail is not None:
        register_detail(sector.kind, sector.detail)
    for rule in sector.rules:
        register_rule(rule)
    for section in sector.record_sections:
        register_record_section(section.kind or sector.kind, section.template, section.context)


def known_kinds() -> list[str]:
    """The six built-in kinds and any a registered sector brings (a sector may add a kind: the
    contract test plugs one in that the core has never heard of)."""
    from geo_server.features.kinds import Kind

    return list(Kind.values) + [kind for kind in _sectors if kind not in Kind.values]


def unregister_sector(kind: str) -> None:
    """For tests that plug a sector in and take it out again."""
    _sectors.pop(kind, None)


def sectors() -> list[Sector]:
    return sorted(_sectors.values(), key=lambda s: s.kind)


def sector_for(kind: str) -> Sector | None:
    return _sectors.get(kind)


def search_paths() -> list[tuple[str, str]]:
    """(kind, ORM path from Feature) of every text a registered sector makes searchable."""
    return [(sector.kind, path) for sector in sectors() for path in sector.search_text]


def nav_pages(request) -> dict:
    """Context processor: the pages the registered sectors add to the navigation (each page scopes
    its own rows), for a logged-in user."""
    from django.urls import reverse

    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"sector_pages": []}
    return {"sector_pages": [(reverse(page.url_name), page.title) for sector in sectors() for page in sector.pages]}
