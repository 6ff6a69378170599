"""The persona x endpoint leak matrix: nobody sees what is not theirs, on any route of geo_server/urls.py.

A small world has features of four kinds, hazards (with photos, notices and inbox messages), zones
and a risk run in two districts, Tianhe and Haizhu, owned by two enterprises. For each persona, what
lies outside their jurisdiction is derived from the database with PostGIS (geometry covered by the
organisation's jurisdiction, or owned by the enterprise), independently of scope_features; every
read route is then requested, and no out-of-scope code, name, hazard message, zone name or photo may
appear in any answer (pages, JSON, GeoJSON/CSV exports, OGC items, vector tiles, print maps), and
out-of-scope objects answer 404. A route added to urls.py and not classified here fails the test.
"""

import json
import math
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver

from layers.catalogue import get_layer
from tests.leak_world import Scope, World, build_world, expected_scope, markers_outside
from tests.test_ows import areas  # noqa: F401 (transactional_db with the areas, for MapServer)

FEATURE_LAYERS = ("building", "concrete_plant", "river_reach", "water_project")
ALL_LAYERS = FEATURE_LAYERS + ("construction_site", "fund_center", "zone", "hazards", "basin_risk", "district",
                               "building_dangerous", "building_curtain_wall")


@pytest.fixture
def world(tianhe_office, bob, tmp_path) -> World:
    return build_world(tianhe_office, bob, tmp_path)


# -- the routes: every one in urls.py, classified ---------------------------------------------------------

@dataclass(frozen=True)
class Listing:
    """GET these paths; each must answer (200/204) and carry no out-of-scope marker."""
    paths: Callable[[World], list[str]]


@dataclass(frozen=True)
class PerObject:
    """GET the route for each object of the world; out-of-scope objects answer 403/404, and no answer
    carries an out-of-scope marker. `public`: the object itself is open to every user (its content
    is still checked for markers)."""
    objects: str
    path: Callable[[object], str]
    public: bool = False


@dataclass(frozen=True)
class NotARead:
    """Not part of the matrix, and why."""
    reason: str


def _tile_paths(world: World) -> list[str]:
    paths = []
    for z in (10, 13):
        cells = {_tile(f.geom.centroid.x, f.geom.centroid.y, z) for f in world.features}
        paths += [f"/tiles/{layer}/{z}/{x}/{y}.mvt" for layer in ALL_LAYERS for x, y in sorted(cells)]
    return paths


def _ogc_tiles(world: World) -> list[tuple[str, str, str, str]]:
    """The tiles of _tile_paths, addressed as OGC API - Tiles addresses them (row is y, col x)."""
    return [tuple(path.removeprefix("/tiles/").removesuffix(".mvt").split("/")) for path in _tile_paths(world)]


def _tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def _ows_paths(world: World) -> list[str]:
    """WMS and WFS capabilities, every layer's features over WFS 2.0, and a GetFeatureInfo click
    (as HTML, with the record link) on every feature of the world."""
    paths = ["/ows?SERVICE=WMS&REQUEST=GetCapabilities", "/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetCapabilities"]
    paths += [f"/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES={layer}" for layer in ALL_LAYERS]
    for feature in world.features:
        lon, lat = feature.geom.centroid.x, feature.geom.centroid.y
        bbox = f"{lon - 0.005},{lat - 0.005},{lon + 0.005},{lat + 0.005}"
        paths.append(f"/ows?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS={feature.kind}"
                     f"&QUERY_LAYERS={feature.kind}&STYLES=&CRS=CRS:84&BBOX={bbox}&WIDTH=101&HEIGHT=101&I=50&J=50"
                     "&INFO_FORMAT=text/html&FEATURE_COUNT=50")
    return paths


def _wmts_tiles(world: World) -> list[str]:
    """A WMTS tile (a PNG: the status is checked, the pixels in tests/test_ows_wmts.py) over every feature."""
    paths = []
    for feature in world.features:
        col, row = _tile(feature.geom.centroid.x, feature.geom.centroid.y, 13)
        paths.append(f"/ows/wmts/1.0.0/{feature.kind}/default/WebMercatorQuad/13/{row}/{col}.png")
    return paths


WMTS_ROUTES = ("ows/wmts/1.0.0/WMTSCapabilities.xml",
               "ows/wmts/1.0.0/<str:layer>/<str:style>/<str:tile_matrix_set>/<str:z>/<str:y>/<str:x>.png")


def _dashboards() -> list:
    from geo_server.dashboards.registry import all_dashboards

    return all_dashboards()


WRITE = NotARead("writes only (POST/PUT); its reads are the routes above")
MATRIX = {
    "": Listing(lambda w: ["/"]),
    "api/worksites/": NotARead("bulk uploads (POST) of attendance, payments and inflows; no reads"),
    "api/concrete/": NotARead("bulk uploads (POST) of a plant's batches, batching records, lots, tests, heartbeats"),
    # Its reads are per building (the appraisal history); its PDFs per report, scoped in
    # tests/test_building_appraisals.py; the rest are uploads.
    "api/buildings/": PerObject("features", lambda f: f"/api/buildings/{f.pk}/appraisals"),
    "api/funds/": NotARead("uploads (POST) of a fund center's returns and large transactions; no reads"),
    "health": NotARead("public health check, no data"),
    "features/<id:feature_id>/": PerObject("features", lambda f: f"/features/{f.pk}/"),
    "api/features": Listing(lambda w: ["/api/features"] + [f"/api/features?kind={k}" for k in FEATURE_LAYERS]),
    "api/features/<id:feature_id>": PerObject("features", lambda f: f"/api/features/{f.pk}"),
    "api/areas": Listing(lambda w: ["/api/areas"]),
    "api/openapi.json": Listing(lambda w: ["/api/openapi.json"]),
    "api/docs": Listing(lambda w: ["/api/docs"]),
    "api/hazards": Listing(lambda w: ["/api/hazards", "/api/hazards?state=notice_issued"]),
    "api/hazards/<id:hazard_id>": PerObject("hazards", lambda h: f"/api/hazards/{h.pk}"),
    "api/hazards/<id:hazard_id>/transitions": WRITE,
    "api/hazards/dispatch": WRITE,
    "api/hazards/<id:hazard_id>/blacklist": WRITE,
    "api/hazards/<id:hazard_id>/photos": PerObject("hazards", lambda h: f"/api/hazards/{h.pk}/photos"),
    "media/<path:name>": PerObject("photos", lambda p: f"/media/{p.image.name}"),
    "hazards/": Listing(lambda w: ["/hazards/"]),
    "hazards/selected": WRITE,
    "hazards/<id:hazard_id>/": PerObject("hazards", lambda h: f"/hazards/{h.pk}/"),
    "hazards/<id:hazard_id>/notice": PerObject("hazards", lambda h: f"/hazards/{h.pk}/notice"),
    "hazards/<id:hazard_id>/notice.pdf": PerObject("hazards", lambda h: f"/hazards/{h.pk}/notice.pdf"),
    "inbox/": Listing(lambda w: ["/inbox/"]),
    "inbox/<id:message_id>/read": WRITE,
    "inbox/read-all": WRITE,
    "api/inbox": Listing(lambda w: ["/api/inbox"]),
    "api/inbox/read-all": WRITE,
    "api/inbox/<id:message_id>/read": WRITE,
    "integrity/": Listing(lambda w: ["/integrity/"]),
    "organisations/<id:organisation_id>/": PerObject("organisations", lambda o: f"/organisations/{o.pk}/",
                                                      public=True),
    "exports/": Listing(lambda w: [f"/exports/?layer={layer}&format={fmt}" for layer in ALL_LAYERS
                                   for fmt in ("geojson", "csv")]),
    "exports/printmap": Listing(lambda w: ["/exports/printmap?district=440106", "/exports/printmap?district=440105"]),
    # The print sheet (HTML; its PDF is the same page): a district outside the jurisdiction answers 403.
    "exports/printmap/sheet": Listing(lambda w: ["/exports/printmap/sheet?area=440106&grid=1",
                                                 "/exports/printmap/sheet?area=440105"]),
    "ogc": Listing(lambda w: ["/ogc"]),
    "ogc/": Listing(lambda w: ["/ogc/"]),
    "ogc/conformance": Listing(lambda w: ["/ogc/conformance"]),
    "ogc/openapi": Listing(lambda w: ["/ogc/openapi"]),
    "ogc/collections": Listing(lambda w: ["/ogc/collections"]),
    "ogc/collections/<str:collection_id>": Listing(lambda w: [f"/ogc/collections/{c}" for c in ALL_LAYERS]),
    "ogc/collections/<str:collection_id>/queryables": Listing(
        lambda w: [f"/ogc/collections/{c}/queryables" for c in ALL_LAYERS]),
    "ogc/collections/<str:collection_id>/items": Listing(
        lambda w: [f"/ogc/collections/{c}/items?limit=1000" for c in ALL_LAYERS]),
    "ogc/collections/<str:collection_id>/items/<str:feature_id>": PerObject(
        "features", lambda f: f"/ogc/collections/{f.kind}/items/{f.pk}"),
    "api/rasters": Listing(lambda w: ["/api/rasters"]),
    # MapServer reads PostGIS on its own connection and sees only committed rows: the matrix below
    # (one transaction) reaches it blind; test_ows_shows_no_persona_anything_outside_its_jurisdiction
    # commits the world and asks it to show every in-scope code.
    "ows": Listing(_ows_paths),
    WMTS_ROUTES[0]: Listing(lambda w: ["/ows/wmts/1.0.0/WMTSCapabilities.xml",
                                       "/ows?SERVICE=WMTS&REQUEST=GetCapabilities"]),
    WMTS_ROUTES[1]: Listing(_wmts_tiles),
    "api/search": Listing(lambda w: [f"/api/search?q={quote(text)}" for f in w.features for text in (f.code, f.name)]),
    "api/rasters/<slug:slug>/zonal": PerObject("features", lambda f: f"/api/rasters/grid/zonal?feature={f.pk}"),
    "rasters/<slug:slug>/<str:z>/<str:x>/<str:y>.png": NotARead("gridded imagery: no feature, hazard or zone in it"),
    "basemaps/config.json": NotARead("the configured basemaps: settings, no feature, hazard or zone in it"),
    "basemaps/context/labels.json": NotARead("district and street names: reference areas every user sees"),
    "basemaps/context/areas.json": NotARead("district outlines: reference areas every user sees"),
    "basemaps/context/water.json": NotARead("real water and rivers from fixtures/: no feature in it"),
    "basemaps/<str:basemap>/<str:z>/<str:x>/<str:y>.<str:ext>": NotARead("basemap imagery from an MBTiles file"),
    "tiles/<str:layer>/<str:z>/<str:x>/<str:y>.mvt": Listing(_tile_paths),
    "tiles/<str:layer>.json": Listing(lambda w: [f"/tiles/{layer}.json" for layer in ALL_LAYERS]),
    "tiles/<str:layer>/style.json": Listing(lambda w: [f"/tiles/{layer}/style.json" for layer in ALL_LAYERS]),
    "ogc/tileMatrixSets": Listing(lambda w: ["/ogc/tileMatrixSets"]),
    "ogc/tileMatrixSets/<str:tile_matrix_set_id>": Listing(lambda w: ["/ogc/tileMatrixSets/WebMercatorQuad"]),
    "ogc/collections/<str:collection_id>/tiles": Listing(lambda w: [f"/ogc/collections/{c}/tiles" for c in ALL_LAYERS]),
    "ogc/collections/<str:collection_id>/tiles/<str:tile_matrix_set_id>": Listing(
        lambda w: [f"/ogc/collections/{c}/tiles/WebMercatorQuad" for c in ALL_LAYERS]),
    "ogc/collections/<str:collection_id>/tiles/<str:tile_matrix_set_id>/<str:tile_matrix>/<str:tile_row>/<str:tile_col>":
        Listing(lambda w: [f"/ogc/collections/{layer}/tiles/WebMercatorQuad/{z}/{y}/{x}"
                           for layer, z, x, y in _ogc_tiles(w)]),
    "api/samples": WRITE,
    "api/patrols": WRITE,
    "api/patrols/tasks": Listing(lambda w: ["/api/patrols/tasks"]),
    "api/risk-runs": Listing(lambda w: ["/api/risk-runs"]),
    "api/risk-runs/<id:run_id>": PerObject("runs", lambda r: f"/api/risk-runs/{r.pk}", public=True),
    "basins/compliance/": Listing(lambda w: ["/basins/compliance/"]),
    "basins/patrols/upload/": Listing(lambda w: ["/basins/patrols/upload/"]),
    "zones/new": Listing(lambda w: ["/zones/new"]),
    "zones/<id:zone_id>/": PerObject("zones", lambda z: f"/zones/{z.pk}/"),
    "zones/<id:zone_id>/edit": PerObject("zones", lambda z: f"/zones/{z.pk}/edit"),
    "zones/compliance/": Listing(lambda w: ["/zones/compliance/"]),
    "zones/calendar/": Listing(lambda w: ["/zones/calendar/"]),
    "api/zones": WRITE,
    "api/zones/import": WRITE,
    "api/zones/preview": NotARead("a POST answering counts only (no code or name); scoping in tests/test_zone_preview.py"),
    "api/zones/<id:zone_id>": PerObject("zones", lambda z: f"/api/zones/{z.pk}"),
    "api/zones/<id:zone_id>/patrols": WRITE,
    "m/": Listing(lambda w: ["/m/"]),
    "m/sw.js": Listing(lambda w: ["/m/sw.js"]),
    "api/m/today": Listing(lambda w: ["/api/m/today"]),
    "api/m/sync": WRITE,
    "api/m/photos": WRITE,
    "accounts/login/": NotARead("public login form"),
    "accounts/logout/": WRITE,
    "accounts/me/": Listing(lambda w: ["/accounts/me/"]),
    "accounts/me/tokens/<id:token_id>/revoke": WRITE,
    # The worksites pages (geo_server/sectors/worksites/page_urls.py): the ranking lists sites; the
    # worker, enterprise and site-worker pages are per object, scoped in tests/test_wage_pages.py
    # (this world has construction sites but no workers or enterprises).
    "worksites/": Listing(lambda w: ["/worksites/ranking/"]),
    # The concrete pages (geo_server/sectors/concrete/page_urls.py): the failures page lists what is in
    # scope; the trace pages and downloads are per origin, scoped in tests/test_concrete_trace.py (this
    # world has plants but no production).
    "concrete/": Listing(lambda w: ["/concrete/failures/"]),
    # The fund pages (geo_server/sectors/funds/page_urls.py): the returns page lists the centers the
    # user files for; a center's versions page is per object, scoped in tests/test_fund_pages.py.
    "funds/": Listing(lambda w: ["/funds/returns/"]),
    # A water project's site documents (geo_server/sectors/waterworks/): their list per project here; the
    # upload form (POST) and the files, per document, are scoped in tests/test_waterworks_documents.py.
    "api/waterworks/": PerObject("features", lambda f: f"/api/waterworks/projects/{f.pk}/documents"),
    "waterworks/": NotARead("the documents' upload form (POST) and files: tests/test_waterworks_documents.py"),
    # The dashboards (geo_server/dashboards/urls.py): every panel of every registered dashboard, as
    # JSON and as CSV; the report PDF's tables are those same panels (its text is compressed, so the
    # panels' answers are where the markers are looked for).
    "dashboards/": Listing(lambda w: ["/dashboards/"]),
    "dashboards/areas.geojson": Listing(lambda w: ["/dashboards/areas.geojson?level=district",
                                                   "/dashboards/areas.geojson?level=street"]),
    "dashboards/<slug:dashboard_id>/": Listing(lambda w: [f"/dashboards/{d.id}/" for d in _dashboards()]),
    "dashboards/<slug:dashboard_id>/report.pdf": Listing(
        lambda w: [f"/dashboards/{d.id}/report.pdf?month=2026-01" for d in _dashboards()]),
    "api/dashboards/<slug:dashboard_id>/panels/<slug:panel_id>": Listing(
        lambda w: [f"/api/dashboards/{d.id}/panels/{p.id}{fmt}" for d in _dashboards() for p in d.panels
                   for fmt in ("", "?format=csv")]),
    "buildings/": NotARead("the record page's forms (POST): upload a report, move it along its review"),
    # Jobs (geo_server/jobs/urls.py): scoped by who asked and their organisation, not by jurisdiction;
    # each persona's own and others' jobs are checked in tests/test_jobs.py (404 for others').
    "jobs/": Listing(lambda w: ["/jobs/"]),
    "jobs/start": WRITE,
    "jobs/<uuid:job_id>/": NotARead("one job: requester/organisation scoping, tests/test_jobs.py"),
    "jobs/<uuid:job_id>/cancel": WRITE,
    "jobs/<uuid:job_id>/download": NotARead("a job's file: requester/organisation scoping, tests/test_jobs.py"),
    "api/jobs": Listing(lambda w: ["/api/jobs"]),
    "api/jobs/<uuid:job_id>": NotARead("one job: requester/organisation scoping, tests/test_jobs.py"),
    "api/jobs/<uuid:job_id>/cancel": WRITE,
    "i18n/": NotARead("language switch (POST), no data"),
    "admin/": NotARead("staff only: test_the_admin_refuses_every_persona"),
}


def url_routes() -> list[str]:
    """Every route of the root URLconf; an include counts as its prefix, except the apps' own
    URLconfs included at the root (layers.urls, basins.urls), whose routes count one by one."""
    routes = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "":
            routes += [str(inner.pattern) for inner in pattern.url_patterns]
        else:
            routes.append(str(pattern.pattern))
    return routes


def test_every_route_in_urls_is_classified_in_the_matrix():
    routes = url_routes()
    assert sorted(set(routes) - set(MATRIX)) == [], "classify the new route in MATRIX"
    assert sorted(set(MATRIX) - set(routes)) == [], "a classified route is gone from urls.py"


# -- the matrix ---------------------------------------------------------------------------------------------

def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _text(response) -> str:
    """The answer as searchable text: MVT keeps string values as plain UTF-8, and JSON is decoded too
    (it may escape non-ASCII and slashes)."""
    text = _body(response).decode("utf-8", errors="replace")
    try:
        text += json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        pass
    return text


def _found(text: str, markers: set[str]) -> list[str]:
    return sorted(m for m in markers if m in text)


def _visible_ids(kind: str, scope: Scope) -> set | None:
    return {"features": scope.features, "hazards": scope.hazards, "zones": scope.zones,
            "photos": scope.photos}.get(kind)


# Routes whose answers must name every in-scope feature: proof that the checks can see (a tile the
# search cannot read would pass for clean).
MUST_SHOW_ALL = ("exports/", "tiles/<str:layer>/<str:z>/<str:x>/<str:y>.mvt",
                 "ogc/collections/<str:collection_id>/items")


def check_persona(client, user, world: World, routes=None, must_show_all=MUST_SHOW_ALL, unseen=frozenset(),
                  ) -> tuple[list[str], int]:
    """(problems, requests made) for one persona over every read route (or those in `routes`); the
    codes in `unseen` need not be shown."""
    client.force_login(user)
    scope = expected_scope(user, world)
    markers = markers_outside(scope, world)
    own_codes = {f.code for f in world.features if f.pk in scope.features} - set(unseen)
    problems, requests = [], 0
    for route, check in MATRIX.items():
        if isinstance(check, NotARead) or (routes is not None and route not in routes):
            continue
        if isinstance(check, Listing):
            targets = [(path, True) for path in check.paths(world)]
        else:
            visible = _visible_ids(check.objects, scope)
            targets = [(check.path(o), check.public or o.pk in visible) for o in getattr(world, check.objects)]
        shown = set()
        for path, in_scope in targets:
            response = client.get(path)
            requests += 1
            if response.status_code >= 500:
                problems.append(f"{route}: {path} answered {response.status_code}")
            elif isinstance(check, Listing) and response.status_code not in (200, 204, 403):
                problems.append(f"{route}: {path} answered {response.status_code}, nothing checked")
            elif not in_scope and response.status_code not in (403, 404):
                problems.append(f"{route}: {path} is out of scope but answered {response.status_code}")
            text = _text(response)
            leaked = _found(text, markers)
            if leaked:
                problems.append(f"{route}: {path} leaks {leaked}")
            shown.update(_found(text, own_codes))
        if route in must_show_all and shown != own_codes:
            problems.append(f"{route}: blind, in-scope codes {sorted(own_codes - shown)} never seen")
    return problems, requests


PERSONAS = ("district_office", "river_chief", "enterprise", "viewer", "inspector")


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_read_route_shows_a_persona_anything_outside_its_jurisdiction(client, world, persona):
    user = world.personas[persona]
    scope = expected_scope(user, world)
    # The world is worth testing: each persona has something in scope (or is an enterprise with
    # its own features) and something out of it.
    assert scope.features and len(scope.features) < len(world.features)
    problems, requests = check_persona(client, user, world)
    assert problems == [], f"{persona}: {len(problems)} problems in {requests} requests"


@pytest.mark.parametrize("persona", PERSONAS)
def test_ows_shows_no_persona_anything_outside_its_jurisdiction(areas, client, world, persona):
    """WMS and WFS (MapServer, its own database connection) over the committed world: nothing out of
    scope in any answer, every in-scope code in them."""
    # MapServer serves a layer's declared geometry type: this world's river reaches and water projects
    # are points, which a line or polygon layer skips (nothing shown, so nothing leaked either).
    mismatched = {f.code for f in world.features if f.geom.geom_type != "Point"
                  or "Point" not in get_layer(f.kind).geometry_type}
    problems, requests = check_persona(client, world.personas[persona], world, routes=("ows", *WMTS_ROUTES),
                                       must_show_all=("ows",), unseen=mismatched)
    assert requests > len(ALL_LAYERS) and problems == [], f"{persona}: {problems}"


def test_risk_run_details_name_only_reaches_in_scope(client, world):
    for persona in PERSONAS:
        user = world.personas[persona]
        client.force_login(user)
        body = client.get(f"/api/risk-runs/{world.runs[0].pk}").json()
        assert set(body["training_reach_ids"]) <= expected_scope(user, world).features, persona


def test_the_admin_refuses_every_persona(client, world):
    for persona in PERSONAS:
        client.force_login(world.personas[persona])
        assert client.get("/admin/").status_code == 302, persona
        assert client.get("/admin/features/feature/").status_code == 302, persona

