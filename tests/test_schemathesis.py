"""Schemathesis over both OpenAPI documents, in-process through the WSGI app on the test database.

Every documented operation is one test: its examples, the coverage phase (boundary and
schema-violating values) and a few derandomized fuzzed cases, sent as bob (district officer, HTTP
Basic) into a small hand-made world. Each response must be no server error, with a documented
status code, a documented Content-Type and a body matching the documented schema.
"""

import base64
from datetime import datetime, timedelta, timezone

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import HealthCheck
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from basins.models import RiskModelRun, WaterSample
from geo_server import openapi as api_openapi
from geo_server.patrols.models import PatrolPlan
from geo_server.patrols.zones import create_zone
from geo_server.wsgi import application
from layers.catalogue import LAYERS
from layers.ogcapi import openapi as ogc_openapi
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature
from tests.loop import raise_hazard
from tests.reaches import add_points, make_chief, make_reach
from tests.test_zones import SQUARE

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OGC_BASE = "http://testserver/ogc"
MAX_EXAMPLES = 10
# Ids of the world's objects by path parameter name, filled by the `world` fixture for the hook below.
WORLD_IDS: dict[str, list[int]] = {}


@schemathesis.serializer("application/x-ndjson")
def ndjson_body(_ctx, value) -> bytes:
    """The concrete plants' feeds take NDJSON: the generated text is the body as it is."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


def configured(schema):
    schema.app = application
    # The world is built once per operation, not per example: the rows it makes are read, not consumed.
    schema.config.update(headers={"Host": "testserver"}, suppress_health_check=[HealthCheck.all])
    schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, database="none",
                                    with_security_parameters=False)
    schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
    # TRACE, OPTIONS... on each operation only test Django's 405, not the documents.
    schema.config.phases.coverage.unexpected_methods = set()
    return schema


def repeated_item_paths() -> list[str]:
    """Items of a layer with the same fields as an earlier one: the same code with the same parameters."""
    seen, repeated = set(), []
    for layer in LAYERS.values():
        if layer.fields in seen:
            repeated.append(f"/collections/{layer.id}/items")
        seen.add(layer.fields)
    return repeated


api = configured(schemathesis.openapi.from_dict(api_openapi.document()))
ogc = configured(schemathesis.openapi.from_dict(ogc_openapi.document(OGC_BASE))).exclude(path=repeated_item_paths())


@pytest.fixture
def in_process():
    """The WSGI app answers inside the test's transaction: keep its connection open between requests,
    as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(in_process, tianhe_office, enterprise, bob):
    """In Tianhe: a red building hazard, a reach with three points sampled once each, two concrete
    plants (one in Haizhu, outside bob's district), a patrol zone planned for bob and a risk-model run."""
    hazard = raise_hazard(organisation=enterprise)
    reach = make_reach()
    make_chief(reach, bob)
    start = datetime(2026, 5, 6, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    for day, point in enumerate(add_points(reach)):
        WaterSample.objects.create(point=point, taken_at=start + timedelta(days=day), transparency_cm=30,
                                   dissolved_oxygen_mg_l=3.0, orp_mv=100, ammonia_n_mg_l=2.0)
    plant = point_feature("CP-1", *TIANHE_SPORTS_CENTER)
    other = point_feature("CP-2", *CANTON_TOWER)
    zone = create_zone(bob, "体育中心", SQUARE)
    PatrolPlan.objects.create(zone=zone).inspectors.set([bob])
    run = RiskModelRun.objects.create(model_version="test-1", started_at=start, training_reach_ids=[reach.pk],
                                      metrics={"auc": 0.8}, parameters={"cutoff": "2026-05-01"})
    WORLD_IDS.clear()
    WORLD_IDS.update(hazard_id=[hazard.pk], feature_id=[plant.pk, reach.pk, other.pk], zone_id=[zone.pk],
                     run_id=[run.pk], featureId=[plant.pk, reach.pk, hazard.pk, zone.pk])
    yield
    WORLD_IDS.clear()


def real_ids(context, path_parameters):
    """Fuzzed ids rarely exist: a generated case may also take one of the world's."""
    choices = [st.just(path_parameters)]
    for name, ids in WORLD_IDS.items():
        if name in (path_parameters or {}):
            choices.append(st.sampled_from(ids).map(lambda pk, name=name: {**path_parameters, name: pk}))
    return st.one_of(choices)


def basic(username: str) -> dict:
    token = base64.b64encode(f"{username}:{username}-password".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def call_and_validate(case):
    response = case.call(headers=basic("bob"))
    case.validate_response(response, checks=CHECKS)


@api.hooks.apply(real_ids, name="flatmap_path_parameters")
@api.parametrize()
def test_the_json_api_answers_as_documented(case, world):
    call_and_validate(case)


@ogc.hooks.apply(real_ids, name="flatmap_path_parameters")
@ogc.parametrize()
def test_the_ogc_api_answers_as_documented(case, world):
    call_and_validate(case)


def test_it_fuzzes_the_documents_the_server_serves(client, bob):
    client.force_login(bob)
    assert client.get("/api/openapi.json").json() == api_openapi.document()
    assert client.get("/ogc/openapi").json() == ogc_openapi.document(OGC_BASE)
