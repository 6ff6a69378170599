"""The OpenAPI 3.1 document of the JSON API (/api/...), written by hand from small helpers.

Served at /api/openapi.json and rendered at /api/docs. The OGC API - Features service has its own
document at /ogc/openapi (layers/ogcapi/openapi.py). tests/test_openapi.py checks that the document
validates and that its paths and the `api/` routes of geo_server/urls.py are the same set.
`builders` holds the small helpers, `schemas` the components, `paths` the operations.
"""

from geo_server.openapi import jobs, paths, schemas
from geo_server.openapi.fund_paths import fund_paths
from geo_server.openapi.builders import ERROR_TEXT, ok, ref
from geo_server.openapi.building_paths import building_paths


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "geo_server JSON API", "version": "1.0.0",
                 "description": "Spatial supervision of Guangdong: features, hazards and their rectification, "
                                "patrols. Every error is JSON with a stable `code` and a `message`. Authenticate "
                                "with the session cookie, HTTP Basic or `Authorization: Bearer <token>`. The OGC "
                                "API - Features service is described at /ogc/openapi."},
        "security": [{"session": []}, {"basic": []}, {"bearer": []}],
        "tags": [{"name": name} for name in ("hazards", "inbox", "mobile", "features", "rasters", "basins", "zones",
                                             "worksites", "concrete", "buildings", "funds", "waterworks",
                                             "dashboards", "jobs",
                                             "documentation")],
        "paths": {**paths.hazard_paths(), **paths.inbox_paths(), **paths.feature_paths(),
                  **paths.field_paths(), **paths.risk_paths(), **paths.mobile_paths(), **paths.wage_paths(),
                  **paths.concrete_paths(), **building_paths(), **fund_paths(), **paths.waterworks_paths(),
                  **paths.dashboard_paths(), **jobs.job_paths(),
                  **paths.doc_paths()},
        "components": {
            "schemas": {**schemas.geojson_schemas(), **schemas.hazard_schemas(), **schemas.photo_schemas(),
                        **schemas.inbox_schemas(), **schemas.other_schemas(), **jobs.job_schemas()},
            "responses": {f"E{status}": ok(text, ref("Error")) for status, text in ERROR_TEXT.items()},
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
                                "basic": {"type": "http", "scheme": "basic"},
                                "bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
