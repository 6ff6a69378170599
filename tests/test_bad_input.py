"""The bad-input corpus: every request here is malformed, and each answers a 4xx JSON error with a
stable code (the OGC exception shape on /ogc), never a 500, and changes no row.

Rows are (method, path, body, status, code); `{hazard}`, `{zone}` and `{reach}` stand for the ids of
the hand-made world below. Found by schemathesis and an attack corpus (issue #10).
"""

import json

import pytest
from django.test import Client

from basins.models import WaterSample
from geo_server.checklists.models import ChecklistResult
from geo_server.features.models import Feature
from geo_server.mobile.models import SyncAction
from geo_server.notifications.models import InboxMessage
from geo_server.patrols.models import Patrol, PatrolPlan, PatrolSession, PatrolZone
from geo_server.patrols.zones import create_zone
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, HazardEvent, Photo, Warning
from layers.models import ExportLog
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature
from tests.reaches import make_reach

TABLES = (Feature, Hazard, HazardEvent, Warning, Photo, PatrolZone, Patrol, PatrolSession, PatrolPlan,
          WaterSample, SyncAction, ChecklistResult, InboxMessage, ExportLog)
DEEP = "[" * 5000 + "]" * 5000
BIG = "9" * 400
RING = [[113.320, 23.133], [113.330, 23.133], [113.330, 23.143], [113.320, 23.143], [113.320, 23.133]]
SQUARE = json.dumps({"type": "Polygon", "coordinates": [RING]})
OTHER_SQUARE = {"type": "Polygon", "coordinates": [[[x + 0.05, y] for x, y in RING]]}
YEAR_ONE = "0001-01-01T00:00:00+08:00"
TRACK = '{"type": "LineString", "coordinates": [[113.321, 23.138], [113.331, 23.138]]}'
ITEMS = "/ogc/collections/building/items"


def sample(**fields) -> str:
    return json.dumps([{"point_code": "MP-1", "taken_at": "2026-05-01T10:00:00+08:00", "transparency_cm": 30,
                        **fields}])


CASES = [
    # The feature API
    ("GET", "/api/features?district=%00", None, 400, "invalid_text"),
    ("GET", "/api/features?kind=%00", None, 400, "invalid_text"),
    ("GET", "/api/features?%00=1", None, 400, "invalid_text"),
    ("GET", "/api/features?limit=99999999999999999999", None, 400, "invalid_limit"),
    ("GET", "/api/features?after=-1", None, 400, "invalid_after"),
    ("GET", "/api/features?bbox=nan,nan,nan,nan", None, 400, "invalid_bbox"),
    ("GET", "/api/features?risk_level=40000", None, 400, "unknown_parameter"),
    ("GET", "/api/features/99999999999999999999", None, 404, "not_found"),
    ("GET", "/api/features/abc", None, 404, "not_found"),
    ("GET", "/api/areas?parent=%00", None, 400, "invalid_text"),
    # The hazard API
    ("GET", "/api/hazards?district=%00", None, 400, "invalid_text"),
    ("GET", "/api/hazards?state=%00", None, 400, "invalid_text"),
    ("GET", "/api/hazards?limit=99999999999999999999", None, 400, "invalid_limit"),
    ("GET", "/api/hazards/99999999999999999999", None, 404, "not_found"),
    ("GET", "/api/hazards/abc", None, 404, "not_found"),
    ("GET", "/api/hazards/1.5", None, 404, "not_found"),
    ("GET", "/api/hazards/{hazard}/transitions", None, 405, "method_not_allowed"),
    ("POST", "/api/hazards/{hazard}/transitions", DEEP, 400, "json_too_deep"),
    ("POST", "/api/hazards/{hazard}/transitions", '{"action": "dispatch", "version": 1, "reason": "a\\u0000"}',
     400, "invalid_text"),
    ("POST", "/api/hazards/{hazard}/transitions", '{"action": "dispatch", "version": 1, "reason": "\\udc00"}',
     400, "invalid_text"),
    ("POST", "/api/hazards/{hazard}/transitions", '{"action": ["dispatch"], "version": 1}', 400, "action_required"),
    ("POST", "/api/hazards/{hazard}/transitions", '{"action": "dispatch", "version": 1e999}', 400, "invalid_number"),
    ("POST", "/api/hazards/{hazard}/transitions", '{"action": "dispatch", "version": 99999999999999999999}',
     400, "invalid_number"),
    ("POST", "/api/hazards/{hazard}/transitions", "NaN", 400, "invalid_number"),
    ("POST", "/api/hazards/{hazard}/transitions", b"\xff\xfe{}", 400, "bad_json"),
    ("POST", "/api/hazards/99999999999999999999/transitions", "{}", 404, "not_found"),
    # Patrol zones
    ("POST", "/api/zones", DEEP, 400, "json_too_deep"),
    ("POST", "/api/zones", '{"name": [null, null], "geometry": %s}' % SQUARE, 400, "invalid_name"),
    ("POST", "/api/zones", '{"name": {"zh": "片区"}, "geometry": %s}' % SQUARE, 400, "invalid_name"),
    ("POST", "/api/zones", '{"name": "a\\u0000b", "geometry": %s}' % SQUARE, 400, "invalid_text"),
    ("POST", "/api/zones", '{"name": "a\\ud800b", "geometry": %s}' % SQUARE, 400, "invalid_text"),
    ("POST", "/api/zones", '{"name\\u0000": "a", "geometry": %s}' % SQUARE, 400, "invalid_text"),
    ("POST", "/api/zones", '{"type": "Feature", "properties": [1], "geometry": %s}' % SQUARE, 400,
     "invalid_properties"),
    ("POST", "/api/zones", "[]", 400, "bad_json"),
    ("POST", "/api/zones", '{"name": "a", "geometry": "%s"}' % ("[" * 100), 422, "zone_not_polygon"),
    ("DELETE", "/api/zones", None, 405, "method_not_allowed"),
    ("GET", "/api/zones/99999999999999999999", None, 404, "not_found"),
    ("PATCH", "/api/zones/{zone}", '{"name": 5}', 400, "invalid_name"),
    ("POST", "/api/zones/{zone}/patrols", DEEP, 400, "json_too_deep"),
    ("POST", "/api/zones/{zone}/patrols", '{"track": %s, "times": ["%s", "%s"]}' % (TRACK, YEAR_ONE, YEAR_ONE),
     422, "implausible_time"),
    ("POST", "/api/zones/{zone}/patrols", '{"track": %s, "times": ["2026-05-01T10:00:00", "9999-12-31T23:59:59-12:00"]}'
     % TRACK, 422, "implausible_time"),
    # Water samples
    ("POST", "/api/samples", DEEP, 400, "json_too_deep"),
    ("POST", "/api/samples", sample(transparency_cm=0).replace("0}]", f"{BIG}}}]"), 400, "invalid_number"),
    ("POST", "/api/samples", sample(transparency_cm=0).replace("0}]", "1e999}]"), 400, "invalid_number"),
    ("POST", "/api/samples", sample(taken_at=YEAR_ONE), 422, "invalid_samples"),
    ("POST", "/api/samples", sample(taken_at="10000-01-01T00:00:00+08:00"), 422, "invalid_samples"),
    ("POST", "/api/samples", sample(taken_at="1999-12-31T23:59:59+08:00"), 422, "invalid_samples"),
    ("POST", "/api/samples", sample(point_code="MP\u0000"), 400, "invalid_text"),
    ("POST", "/api/samples", '{"point_code": "MP-1"}', 400, "bad_json"),
    ("POST", "/api/samples?partial=%00", "[]", 400, "invalid_text"),
    # River patrols
    ("POST", "/api/patrols", DEEP, 400, "json_too_deep"),
    ("POST", "/api/patrols", '{"reach": {reach}, "track": %s, "times": ["%s", "%s"]}' % (TRACK, YEAR_ONE, YEAR_ONE),
     422, "implausible_time"),
    ("POST", "/api/patrols", '{"reach": 99999999999999999999, "track": %s, "times": []}' % TRACK,
     400, "invalid_number"),
    ("POST", "/api/patrols", '{"reach": "1", "track": %s, "times": []}' % TRACK, 400, "bad_reach"),
    # The phone
    ("POST", "/api/m/sync", DEEP, 400, "json_too_deep"),
    ("POST", "/api/m/sync", '{"actions": "abc"}', 400, "bad_batch"),
    ("POST", "/api/m/sync", '{"actions": [{"id": "\\u0000", "type": "start_patrol"}]}', 400, "invalid_text"),
    ("POST", "/api/m/sync", '{"actions": [{"id": "e3e70682-c209-4cac-a29f-6fbed82c07cd", "type": {}}]}', 400,
     "bad_action_type"),
    ("GET", "/api/m/sync", None, 405, "method_not_allowed"),
    # Exports
    ("POST", "/exports/?layer=building", '{"type": "FeatureCollection", "features": "abc"}', 400, "invalid_polygon"),
    ("POST", "/exports/?layer=building", '{"type": "FeatureCollection", "features": [1, 2]}', 400,
     "invalid_polygon"),
    ("POST", "/exports/?layer=building", DEEP, 400, "invalid_polygon"),
    ("POST", "/exports/?layer=building", '{"type": "Polygon", "coordinates": [[[1e999, 0], [1, 0], [1, 1], [0, 0]]]}',
     400, "invalid_polygon"),
    ("GET", "/exports/?layer=building&district=%00", None, 400, "invalid_text"),
    ("GET", "/exports/?layer=%00", None, 400, "invalid_text"),
    ("GET", "/exports/?layer=building&bbox=nan,0,1,1", None, 400, "invalid_bbox"),
    ("GET", "/exports/?layer=building,nothing&format=csv", None, 400, "invalid_layer"),
    # OGC API - Features: the OGC exception, the project's code beside it
    ("GET", f"{ITEMS}?code=%00", None, 400, "invalid_text"),
    ("GET", f"{ITEMS}?bbox=nan,nan,nan,nan&bbox-crs=EPSG:3857", None, 400, "invalid_bbox"),
    ("GET", f"{ITEMS}?bbox=-1e300,-1e300,1e300,1e300&bbox-crs=EPSG:3857", None, 400, "invalid_bbox"),
    ("GET", f"{ITEMS}?bbox=-1e300,-1e300,1e300,1e300&bbox-crs=EPSG:4547", None, 400, "invalid_bbox"),
    ("GET", f"{ITEMS}?bbox=inf,0,1,1", None, 400, "invalid_bbox"),
    ("GET", f"{ITEMS}?datetime=9999-12-31", None, 400, "invalid_datetime"),
    ("GET", f"{ITEMS}?datetime=0001-01-01/..", None, 400, "invalid_datetime"),
    ("GET", f"{ITEMS}?limit=0", None, 400, "invalid_limit"),  # above the maximum is capped (OGC)
    ("GET", "/ogc/collections/hazards/items?risk_level=40000", None, 400, "invalid_property"),
    ("GET", "/ogc/collections/hazards/items?feature_id=99999999999999999999", None, 400, "invalid_property"),
    ("GET", f"{ITEMS}/99999999999999999999", None, 404, "item_not_found"),
    ("GET", f"{ITEMS}/abc", None, 404, "item_not_found"),
    ("GET", "/ogc/collections/%ED%A0%80", None, 404, "collection_not_found"),
    ("GET", "/ogc/nothing", None, 404, "not_found"),
    ("DELETE", "/ogc/collections", None, 405, "method_not_allowed"),
    # Tiles, rasters, the inbox, risk runs
    ("GET", "/tiles/building/99999999999999999999/1/1.mvt", None, 400, "invalid_zoom"),
    ("GET", "/tiles/building/1/1/1.mvt?v=%00", None, 400, "invalid_text"),
    ("GET", "/api/rasters?x=%00", None, 400, "invalid_text"),
    ("GET", "/api/inbox?after=99999999999999999999", None, 400, "invalid_after"),
    ("POST", "/api/inbox/99999999999999999999/read", None, 404, "not_found"),
    ("GET", "/api/risk-runs?basin=%00", None, 400, "invalid_text"),
    ("GET", "/api/risk-runs?limit=99999999999999999999", None, 400, "invalid_limit"),
    ("GET", "/api/risk-runs/99999999999999999999", None, 404, "not_found"),
]


@pytest.fixture
def world(alice, bob, enterprise):
    """A building with an open hazard, a river reach, a construction site and a zone alice patrols."""
    building = point_feature("B-1", *TIANHE_SPORTS_CENTER, kind="building", organisation=enterprise)
    BuildingDetail.objects.create(feature=building, address="天河路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade="D")
    sweep("building")
    point_feature("CS-1", *CANTON_TOWER, kind="construction_site")
    plan = PatrolPlan.objects.create(zone=create_zone(bob, "体育中心", OTHER_SQUARE))
    plan.inspectors.set([alice])
    return {"hazard": Hazard.objects.get().pk, "zone": plan.zone_id, "reach": make_reach().pk}


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def send(client: Client, method: str, path: str, body=None, **extra):
    if body is None:
        return getattr(client, method.lower())(path, **extra)
    return client.generic(method, path, body, content_type="application/json", **extra)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    if response.wsgi_request.path.startswith("/ogc"):
        assert data["geo_server_code"] == code and data["description"]
        assert data["code"] == {400: "InvalidParameterValue", 404: "NotFound", 405: "OperationNotSupported"}[status]
    else:
        assert data["code"] == code and data["message"]
    return data


@pytest.mark.parametrize("method, path, body, status, code", CASES,
                         ids=[f"{m} {p[:60]} {str(b)[:30]}" for m, p, b, _s, _c in CASES])
def test_it_answers_bad_input_with_a_coded_4xx_and_changes_nothing(request, alice, method, path, body, status, code):
    # The world costs ~2 s to build; only the rows naming one of its ids need it.
    needs_world = "{" in path or (isinstance(body, str) and "{reach}" in body)
    world = request.getfixturevalue("world") if needs_world else {}
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    if needs_world and isinstance(body, str):
        body = body.replace("{reach}", str(world["reach"]))
    before = counts()
    response = send(client, method, path.format(**world), body)
    assert_error(response, status, code)
    assert counts() == before


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_it_refuses_a_chunked_export_polygon_instead_of_exporting_everything(alice):
    # WSGI reads a body without Content-Length as empty: the polygon would be dropped silently.
    response = logged_in(alice).generic("POST", "/exports/?layer=building", SQUARE, content_type="application/json",
                                        CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked")
    assert_error(response, 411, "length_required")
    assert ExportLog.objects.count() == 0


def test_it_refuses_a_content_length_that_is_not_a_number(alice):
    response = logged_in(alice).generic("POST", "/api/zones", "{}", content_type="application/json",
                                        CONTENT_LENGTH="12abc")
    assert_error(response, 400, "invalid_content_length")


def test_it_answers_an_oversized_body_with_413_json(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = logged_in(alice)
    body = json.dumps({"name": "x" * 2000, "geometry": json.loads(SQUARE)})
    assert_error(client.post("/api/zones", body, content_type="application/json"), 413, "payload_too_large")
    assert_error(client.post("/api/m/photos", {"id": "x" * 2000}), 413, "payload_too_large")
    assert PatrolZone.objects.count() == 0


def test_it_refuses_a_form_sent_to_a_json_endpoint(alice):
    assert_error(logged_in(alice).post("/api/zones", {"name": "片区"}), 400, "bad_json")


def test_it_refuses_a_nul_in_a_multipart_field(alice):
    response = logged_in(alice).post("/api/m/photos", {"id": "a\x00b", "item": "1"})
    assert_error(response, 400, "invalid_text")


def test_it_answers_pages_with_an_html_400(alice):
    client = logged_in(alice)
    for path in ("/zones/calendar/?month=9999-12", "/zones/calendar/?month=0001-01", "/zones/new?x=%00"):
        response = client.get(path)
        assert response.status_code == 400 and response["Content-Type"].startswith("text/html"), path


def test_it_answers_a_failing_api_view_with_a_json_500(alice, monkeypatch):
    from geo_server.features import api

    def fail(*_args):
        raise RuntimeError("boom")
    monkeypatch.setattr(api, "page_of_features", fail)
    response = logged_in(alice).get("/api/features")
    assert response.status_code == 500 and response.json()["code"] == "server_error"


def test_it_exports_feature_layers_and_hazards_into_one_csv(world, alice):
    response = logged_in(alice).get("/exports/?layer=building,river_reach,hazards&format=csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert header[:3] == ["layer", "id", "code"] and "feature_id" in header
    assert header[-6:] == ["longitude", "latitude", "area_m2", "length_m", "wkt", "wkt_simplified"]
    assert sorted(line.split(",")[0].strip('"') for line in lines[1:]) == ["building", "hazards", "river_reach"]


def test_it_exports_river_reaches_and_construction_sites_into_one_kml(world, alice):
    response = logged_in(alice).get("/exports/?layer=river_reach&layer=construction_site&format=kml")
    assert response.status_code == 200
    kml = b"".join(response.streaming_content).decode()
    assert "RR-TEST-001" in kml and "CS-1" in kml


def test_it_answers_a_phone_action_with_an_impossible_time_with_the_field(world, alice):
    action = {"id": "0b9c2f8e-3c1a-4f5e-9d1b-2a7c4e6f8a10", "type": "start_patrol", "zone": world["zone"],
              "started_at": YEAR_ONE}
    response = logged_in(alice).post("/api/m/sync", {"actions": [action]}, content_type="application/json")
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert (result["code"], result["details"]) == ("implausible_time", {"field": "started_at"})
    assert PatrolSession.objects.count() == 0


def test_it_keeps_text_with_a_surrogate_pair_escape(bob):
    body = '{"name": "\\ud83d\\ude00 片区", "geometry": %s}' % SQUARE
    response = logged_in(bob).post("/api/zones", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert PatrolZone.objects.get().name == "😀 片区"
