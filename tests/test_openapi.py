"""The JSON API's OpenAPI 3.1 document: valid, and the same set of paths and methods as urls.py."""

import re
from datetime import datetime, timezone

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from basins.models import RiskModelRun
from geo_server.features import api as feature_api
from geo_server.supervision import listing

# Documented here, built on another branch (the inbox): checked like the others once it is routed.
ROUTED_ELSEWHERE = {"/api/inbox", "/api/inbox/{}/read"}
EXAMPLES = {"slug": "dem", "job_id": "00000000-0000-4000-8000-000000000000"}


def normalised(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def django_api_routes() -> set[str]:
    """Every route of urls.py under api/, as an OpenAPI path template with {} for each converter."""
    routes = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/"):
                routes.add("/" + re.sub(r"<[^>]+>", "{}", route))
    walk(get_resolver().url_patterns)
    return routes


def concrete(path: str) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: EXAMPLES.get(m.group(1), "999999"), path)


@pytest.fixture
def document(client, alice):
    client.force_login(alice)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def test_it_is_a_valid_openapi_31_document(document):
    assert document["openapi"] == "3.1.0"
    validate(document, cls=OpenAPIV31SpecValidator)


def test_every_documented_path_is_routed_and_every_api_route_documented(document):
    documented = {normalised(path) for path in document["paths"]}
    routes = django_api_routes()
    assert routes <= documented, f"undocumented: {routes - documented}"
    for path in document["paths"]:
        if normalised(path) in ROUTED_ELSEWHERE and normalised(path) not in routes:
            continue
        try:
            match = resolve(concrete(path))
        except Resolver404:
            pytest.fail(f"{path} is documented but not routed")
        assert "/" + re.sub(r"<[^>]+>", "{}", match.route) == normalised(path)
    assert documented - routes <= ROUTED_ELSEWHERE


def test_documented_methods_are_the_ones_answered(client, alice, document):
    client.force_login(alice)
    routes = django_api_routes()
    for path, item in document["paths"].items():
        if normalised(path) not in routes:
            continue
        for method in ("get", "post", "put", "patch"):
            status = getattr(client, method)(concrete(path)).status_code
            assert (status == 405) == (method not in item), (method, path, status)


def test_the_list_parameters_are_the_ones_the_views_accept(document):
    def names(path):
        return {p["name"] for p in document["paths"][path]["get"]["parameters"]}

    assert names("/api/hazards") == listing.LIST_PARAMS
    assert names("/api/features") == feature_api.LIST_PARAMS
    assert names("/api/areas") == feature_api.AREA_PARAMS
    sort = next(p for p in document["paths"]["/api/hazards"]["get"]["parameters"] if p["name"] == "sort")
    assert set(sort["schema"]["enum"]) == {"id", "deadline", "-deadline", "level", "-level", "district", "-district",
                                           "age", "-age"}
    transition = document["components"]["schemas"]["Transition"]
    assert transition["required"] == ["action", "version"]
    # Every registered evidence type's reply field: the wage payments, the concrete test report (the
    # buildings' re-appraisal is a published report the sector finds itself: no reply field).
    assert set(transition["properties"]) == {"action", "version", "reason", "deadline", "organisation", "photos",
                                             "payment_ids", "test_report_no"}
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "message"]
    photo = document["paths"]["/api/hazards/{hazard_id}/photos"]["post"]
    form = photo["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["photo"] and set(form["properties"]) == {"photo", "client_id"}


def test_the_documented_photo_and_hazard_shapes_are_what_the_api_answers(client, bob, media, document):
    from geo_server.supervision.evaluation import sweep
    from geo_server.supervision.models import Hazard
    from tests.photos import upload
    from tests.test_hazards import building

    feature = building("B-1")
    sweep("building")
    hazard = Hazard.objects.get(feature=feature)
    client.force_login(bob)
    photo = client.post(f"/api/hazards/{hazard.pk}/photos", {"photo": upload()})
    assert photo.status_code == 201, photo.json()
    schemas = document["components"]["schemas"]
    assert set(photo.json()) == set(schemas["Photo"]["properties"])
    assert set(photo.json()["urls"]) == set(schemas["Photo"]["properties"]["urls"]["properties"])
    listed = client.get("/api/hazards").json()["hazards"][0]
    assert set(listed) == set(schemas["Hazard"]["properties"])
    detail = client.get(f"/api/hazards/{hazard.pk}").json()
    documented = set(schemas["Hazard"]["properties"]) | set(schemas["HazardDetail"]["allOf"][1]["properties"])
    assert set(detail) == documented


def test_an_unknown_hazard_list_code_answers_the_documented_error_shape(client, alice, document):
    client.force_login(alice)
    body = client.get("/api/hazards?level=purple").json()
    assert set(document["components"]["schemas"]["Error"]["required"]) <= set(body)
    assert "400" in document["paths"]["/api/hazards"]["get"]["responses"]


def test_the_docs_page_renders_every_operation(client, alice, document):
    client.force_login(alice)
    page = client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for path, item in document["paths"].items():
        for method in item:
            assert f'id="{item[method]["operationId"]}"' in page and f"<code>{path}</code>" in page
    assert "array of Hazard" in page and "one of: dispatch, issue_notice" in page
    assert "multipart/form-data" in page


def test_it_needs_a_login(client, db):
    assert client.get("/api/openapi.json").status_code == 401


def test_it_documents_401_and_429_on_every_operation_and_413_wherever_a_body_is_sent(client, document):
    client.logout()
    assert client.get("/api/hazards").status_code == 401
    for path, item in document["paths"].items():
        for method, operation in item.items():
            expected = {"401", "429"} | ({"413"} if "requestBody" in operation else set())
            assert expected <= set(operation["responses"]), (method, path)
    assert set(document["components"]["responses"]) >= {"E401", "E413", "E429"}


def test_the_ogc_document_lists_the_401_every_ogc_path_answers_without_credentials(client, alice):
    client.force_login(alice)
    ogc = client.get("/ogc/openapi").json()
    client.logout()
    for path, item in ogc["paths"].items():
        response = client.get("/ogc" + path.replace("{featureId}", "1"))
        assert response.status_code == 401 and set(response.json()) == {"code", "description", "geo_server_code"}, path
        assert {"401", "429"} <= set(item["get"]["responses"]), path


def test_an_unfinished_risk_run_matches_its_documented_shape(client, alice, document):
    RiskModelRun.objects.create(model_version="test-1", started_at=datetime(2026, 5, 6, 1, tzinfo=timezone.utc))
    client.force_login(alice)
    body = client.get("/api/risk-runs").json()
    assert body["runs"][0]["finished_at"] is None and body["runs"][0]["duration_s"] is None
    schema = document["paths"]["/api/risk-runs"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    Draft202012Validator(schema).validate(body)
