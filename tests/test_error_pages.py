"""Django's error handlers: an exhausted connection pool is overload (503 + Retry-After), not a fault."""

import json

from django.db import OperationalError
from psycopg_pool import PoolTimeout

from geo_server.error_pages import server_error


def handle(request, error):
    try:
        raise error
    except Exception:
        return server_error(request)


def pool_timeout() -> OperationalError:
    """What Django raises when psycopg's pool gives no connection in time (wrapped, cause kept)."""
    error = OperationalError("couldn't get a connection after 10.00 sec")
    error.__cause__ = PoolTimeout("couldn't get a connection after 10.00 sec")
    return error


def test_it_answers_503_json_with_retry_after_on_an_api_path_when_the_pool_is_exhausted(rf):
    response = handle(rf.get("/api/features"), pool_timeout())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content)["code"] == "busy"


def test_it_answers_the_ogc_shape_on_ogc_paths_when_the_pool_is_exhausted(rf):
    body = json.loads(handle(rf.get("/ogc/collections"), pool_timeout()).content)
    assert body["geo_server_code"] == "busy"


def test_it_answers_a_page_503_when_the_pool_is_exhausted(rf):
    response = handle(rf.get("/hazards/"), pool_timeout())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_it_keeps_500_for_other_database_errors(rf):
    response = handle(rf.get("/api/features"), OperationalError("server closed the connection"))
    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"
