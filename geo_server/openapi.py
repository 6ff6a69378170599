"""The OpenAPI 3.1 document of the JSON API (/api/...), written by hand from small helpers.

Served at /api/openapi.json and rendered at /api/docs. The OGC API - Features service has its own
document at /ogc/openapi (layers/ogcapi/openapi.py). tests/test_openapi.py checks that the document
validates and that its paths and the `api/` routes of geo_server/urls.py are the same set.
"""

from django.conf import settings

from geo_server.features.kinds import Kind
from geo_server.features.models import AdminArea
from geo_server.supervision.evidence import APPRAISAL_GRADES, EVIDENCE
from geo_server.supervision.listing import LEVELS, SORT_VALUES
from geo_server.supervision.states import TRANSITIONS, State

JSON = "application/json"
GEOJSON = "application/geo+json"


# --- helpers -------------------------------------------------------------------------------------

def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(required: tuple[str, ...] = (), description: str = "", **properties) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


def string(description: str = "", **extra) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def integer(description: str = "", **extra) -> dict:
    return {"type": "integer", **({"description": description} if description else {}), **extra}


def query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def path_id(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema or {"type": "integer"}}


def body(schema: dict, media: str = JSON, description: str = "") -> dict:
    return {"required": True, "description": description, "content": {media: {"schema": schema}}}


def ok(description: str, schema: dict, media: str = JSON) -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


ERROR_TEXT = {"400": "Bad request: a parameter or the body is invalid", "401": "Not authenticated",
              "403": "Forbidden: role or jurisdiction", "404": "Not found, or not yours to see",
              "409": "Conflict: illegal transition or stale version", "413": "Payload too large",
              "422": "Unprocessable: the content was read and refused"}


def errors(*statuses: str) -> dict:
    return {status: {"$ref": f"#/components/responses/E{status}"} for status in ("401", *statuses)}


def operation(summary: str, tag: str, operation_id: str, responses: dict, *, parameters: list | None = None,
              request: dict | None = None, description: str = "") -> dict:
    op = {"summary": summary, "operationId": operation_id, "tags": [tag], "responses": responses}
    if description:
        op["description"] = description
    if parameters:
        op["parameters"] = parameters
    if request:
        op["requestBody"] = request
    return op


# --- schemas -------------------------------------------------------------------------------------

def _geojson_schemas() -> dict:
    return {
        "Geometry": obj(("type",), "A GeoJSON geometry (RFC 7946), WGS84 longitude/latitude.",
                        type=string(), coordinates=array({})),
        "LineString": obj(("type", "coordinates"), "A GeoJSON LineString, longitude/latitude.",
                          type=string(enum=["LineString"]), coordinates=array(array({"type": "number"}), minItems=2)),
        "Feature": obj(("type", "geometry", "properties"), type=string(enum=["Feature"]), id=integer(),
                       geometry=ref("Geometry"), properties={"type": "object"}),
        "FeatureCollection": obj(("type", "features"), type=string(enum=["FeatureCollection"]),
                                 features=array(ref("Feature")), numberMatched=integer(), numberReturned=integer(),
                                 links=array(ref("Link"))),
        "Link": obj(("rel", "href"), rel=string(), type=string(), href=string()),
    }


def _hazard_schemas() -> dict:
    named = obj(("id", "name"), id=integer(), name=string())
    hazard = obj(
        ("id", "feature", "kind", "rule", "level", "state", "deadline", "overdue", "age_days", "version"),
        id=integer(), feature=obj(("id", "code", "name"), id=integer(), code=string(), name=string()),
        kind=string(enum=Kind.values), rule=string("Rule code, e.g. building.dangerous_grade"),
        level=string(enum=LEVELS), state=string(enum=State.values),
        message=obj(("zh", "en"), zh=string(), en=string()),
        district=nullable(obj(("code", "name"), code=string(), name=string())), organisation=nullable(named),
        deadline=nullable(string(format="date")), overdue={"type": "boolean", "description": "Open and past its deadline."},
        age_days=integer("Days since the hazard was raised."), version=integer("Send it back with a transition."),
        created_at=string(format="date-time"))
    event = obj(("at", "action", "from", "to"), at=string(format="date-time"), actor=nullable(string()),
                action=string(), **{"from": string(), "to": string()}, reason=string(), data={"type": "object"})
    return {
        "Hazard": hazard,
        "HazardPage": obj(("hazards", "numberReturned", "links"), hazards=array(ref("Hazard")),
                          numberReturned=integer(), links=array(ref("Link"), description="`next` while more follow.")),
        "HazardDetail": {"allOf": [ref("Hazard"), obj(
            ("geometry", "allowed_actions", "timeline"), geometry=ref("Geometry"),
            allowed_actions=array(string(enum=list(TRANSITIONS))), timeline=array(ref("HazardEvent")),
            evidence_required=array(string(enum=list(EVIDENCE)), description="What a reply must carry before "
                                    "confirm (422 evidence_missing otherwise)."),
            notice=nullable(ref("Notice")), photos=array(ref("Photo")))]},
        "Notice": obj(("number", "issued_at"), "The latest rectification notice (整改通知书).",
                      number=string("e.g. 穗建整〔2026〕第0001号"), issued_at=string(format="date-time"),
                      deadline=nullable(string(format="date")), html=string(format="uri-reference"),
                      pdf=string(format="uri-reference")),
        "HazardEvent": event,
        "Transition": obj(("action", "version"), "Move a hazard; reason, deadline and organisation as the action "
                          "requires (reply, reject, extend, refer and close_not_fixed need a reason).",
                          action=string(enum=list(TRANSITIONS)), version=integer("The version you loaded."),
                          reason=string(), deadline=string("New deadline (dispatch, extend, refer).", format="date"),
                          organisation=integer("Organisation id to dispatch or refer to."),
                          photos=array(integer(), description="Ids of photos uploaded first (reply evidence)."),
                          reappraisal_grade=string("Re-appraisal grade of a dangerous building (reply).",
                                                   enum=list(APPRAISAL_GRADES))),
        "Photo": obj(("id", "hazard", "urls", "content_type"), "A stored photo; urls need the same login.",
                     id=integer(), hazard=integer(), event=nullable(integer("The reply it is evidence of.")),
                     client_id=nullable(string(format="uuid")),
                     urls=obj(("original", "thumbnail"), original=string(format="uri-reference"),
                              thumbnail=string("320 px JPEG.", format="uri-reference")),
                     content_type=string(enum=["image/jpeg", "image/png", "image/webp"]), width=integer(),
                     height=integer(), bytes=integer(), sha256=string(),
                     taken_at=nullable(string("EXIF time, when the photo carries one.", format="date-time")),
                     location=nullable(ref("Geometry")), uploaded_by=nullable(string()),
                     uploaded_at=string(format="date-time")),
        "Photos": obj(("photos",), photos=array(ref("Photo"))),
        "InboxItem": obj(("id", "kind", "title", "created_at", "read", "hazard", "event"),
                         "A message in the user's inbox, in the request's language.", id=integer(),
                         kind=string("What happened", enum=["dispatch", "refer", "issue_notice", "reply", "reject",
                                                            "extend", "overdue", "escalate"]),
                         title=string(), created_at=string(format="date-time"), read={"type": "boolean"},
                         read_at=nullable(string(format="date-time")),
                         hazard=obj(("id", "url"), id=integer(), url=string(), message=string(), level=string(),
                                    level_label=string(), state=string(), state_label=string(),
                                    deadline=nullable(string(format="date")), feature={"type": "object"},
                                    organisation=nullable(string())),
                         event=obj(("id", "action", "at"), id=integer(), action=string(),
                                   at=string(format="date-time"), actor=nullable(string()), reason=string(),
                                   **{"from": string(), "to": string()})),
        "Inbox": obj(("messages", "numberReturned", "unread", "links"), messages=array(ref("InboxItem")),
                     numberReturned=integer(), unread=integer("Unread messages in all"),
                     links=array({"type": "object"})),
    }


def _other_schemas() -> dict:
    sample = obj(("point_code", "taken_at"), point_code=string(), taken_at=string(format="date-time"),
                 transparency_cm={"type": "number"}, dissolved_oxygen_mg_l={"type": "number"},
                 orp_mv={"type": "number"}, ammonia_n_mg_l={"type": "number"}, depth_cm={"type": "number"})
    track = obj(("track", "times"), track=ref("LineString"),
                times=array(string(format="date-time"), description="One ISO 8601 time per vertex, in order."))
    return {
        "Error": obj(("code", "message"), "Every error of the JSON API.", code=string("Stable, e.g. invalid_level."),
                     message=string(), details={"type": "object"}),
        "Sample": sample,
        "SampleImport": obj(("added", "already_present", "errors"), added=integer(), already_present=integer(),
                            errors=array({"type": "object"})),
        "Track": track,
        "ReachPatrol": {"allOf": [track, obj(("reach",), reach=integer("River reach feature id."))]},
        "PatrolResult": obj(("id", "valid", "reasons"), id=integer(), reach=integer(), zone=integer(),
                            valid={"type": "boolean"}, reasons=array(string("English")),
                            reasons_zh=array(string("Chinese")), length_m={"type": "number"},
                            near_share={"type": "number"}, inside_share={"type": "number"},
                            started_at=string(format="date-time"), ended_at=string(format="date-time")),
        "Tasks": obj(("tasks",), tasks=array({"type": "object"})),
        "ZoneInput": obj((), "A GeoJSON Feature with properties.name, or name and geometry (both needed to "
                         "create; either to change).",
                         type=string(), name=string(), properties={"type": "object"}, geometry=ref("Geometry")),
        "Rasters": obj(("rasters",), rasters=array({"type": "object"})),
        "Zonal": obj(("raster", "count"), raster=string(), units=string(), target={"type": "object"},
                     mean=nullable({"type": "number"}), min=nullable({"type": "number"}),
                     max=nullable({"type": "number"}), count=integer(), share_above=nullable({"type": "number"})),
    }


# --- paths ---------------------------------------------------------------------------------------

def _hazard_paths() -> dict:
    hazard_id = path_id("hazard_id", "Hazard id")
    limit = settings.GEO_SERVER["API_MAX_PAGE_SIZE"]
    listing = [
        query("district", "District code (AdminArea level district), e.g. 440106."),
        query("kind", "Kind codes, comma-separated.", string(enum=Kind.values)),
        query("level", "Levels, comma-separated.", string(enum=LEVELS)),
        query("state", "States, comma-separated; every state when absent.", string(enum=State.values)),
        query("overdue", "true: open and past the deadline; false: not overdue.", string(enum=["true", "false"])),
        query("sort", "Order; `-` reverses. age sorts youngest first. Default id.", string(enum=SORT_VALUES)),
        query("limit", "Hazards per page.", integer(minimum=1, maximum=limit, default=100)),
        query("after", "Cursor from the `next` link (an id, or key_id when sorted)."),
    ]
    return {
        "/api/hazards": {"get": operation(
            "List hazards", "hazards", "listHazards", {"200": ok("A page of hazards", ref("HazardPage")),
                                                       **errors("400")},
            parameters=listing, description="Hazards on features you may see, and those dispatched to your "
            "organisation. Unknown codes answer 400 with invalid_<parameter>.")},
        "/api/hazards/{hazard_id}": {"get": operation(
            "One hazard with its timeline and your allowed actions", "hazards", "getHazard",
            {"200": ok("The hazard", ref("HazardDetail")), **errors("404")}, parameters=[hazard_id])},
        "/api/hazards/{hazard_id}/transitions": {"post": operation(
            "Move a hazard through the rectification states", "hazards", "transitionHazard",
            {"200": ok("The hazard after the transition", ref("HazardDetail")), **errors("400", "403", "404", "409")},
            parameters=[hazard_id], request=body(ref("Transition")),
            description="409 illegal_transition lists the allowed actions in details.allowed; 409 stale_version "
            "gives the current version in details.version.")},
        "/api/hazards/{hazard_id}/photos": {
            "get": operation("The hazard's photos", "hazards", "listHazardPhotos",
                             {"200": ok("Oldest first", ref("Photos")), **errors("404")}, parameters=[hazard_id]),
            "post": operation(
                "Add a photo to an open hazard (either side of the loop)", "hazards", "addHazardPhoto",
                {"201": ok("The stored photo", ref("Photo")),
                 "200": ok("Already stored under this client_id: the same photo", ref("Photo")),
                 **errors("400", "403", "404", "409", "413")},
                parameters=[hazard_id],
                request=body(obj(("photo",), photo=string("JPEG, PNG or WebP, checked by content.",
                                                          contentMediaType="image/*"),
                                 client_id=string("A UUID of the client's choosing: a retry stores nothing twice.",
                                                  format="uuid")), "multipart/form-data"),
                description="400 invalid_photo / unsupported_photo_type, 409 hazard_closed / client_id_taken, "
                            "413 photo_too_large / photo_too_many_pixels.")},
    }


def _feature_paths() -> dict:
    limit = settings.GEO_SERVER["API_MAX_PAGE_SIZE"]
    return {
        "/api/features": {"get": operation(
            "List features you may see", "features", "listFeatures",
            {"200": ok("A page of features", ref("FeatureCollection"), GEOJSON), **errors("400")},
            parameters=[query("kind", "Kind codes, comma-separated.", string(enum=Kind.values)),
                        query("bbox", "minx,miny,maxx,maxy in WGS84."),
                        query("district", "District code."),
                        query("limit", "Features per page.", integer(minimum=1, maximum=limit)),
                        query("after", "Keyset cursor: features with an id above it.", integer(minimum=0))])},
        "/api/features/{feature_id}": {"get": operation(
            "One feature with its details", "features", "getFeature",
            {"200": ok("The feature", ref("Feature"), GEOJSON), **errors("404")},
            parameters=[path_id("feature_id", "Feature id")])},
        "/api/areas": {"get": operation(
            "Administrative areas (simplified boundaries)", "features", "listAreas",
            {"200": ok("The areas", ref("FeatureCollection"), GEOJSON), **errors("400")},
            parameters=[query("level", "Default district.", string(enum=AdminArea.Level.values)),
                        query("parent", "Code of the parent area.")])},
        "/api/rasters": {"get": operation("Raster layers", "rasters", "listRasters",
                                          {"200": ok("The raster layers", ref("Rasters")), **errors()})},
        "/api/rasters/{slug}/zonal": {"get": operation(
            "Zonal statistics of a raster over one feature, district or basin", "rasters", "rasterZonal",
            {"200": ok("The statistics", ref("Zonal")), **errors("400", "404")},
            parameters=[path_id("slug", "Raster id", string()), query("feature", "Feature id."),
                        query("district", "District code."), query("basin", "Basin code."),
                        query("threshold", "share_above counts pixels above it.", {"type": "number"}),
                        query("buffer", "Metres around points and lines (0-5000).", {"type": "number"})])},
    }


def _field_paths() -> dict:
    created = {"201": ok("Recorded", ref("PatrolResult")), **errors("400", "403", "404")}
    zone = {"201": ok("The zone", ref("Feature")), **errors("400", "403", "422")}
    zone_path = path_id("zone_id", "Patrol zone id")
    return {
        "/api/samples": {"post": operation(
            "Import water samples", "basins", "importSamples",
            {"201": ok("Some samples added", ref("SampleImport")), "200": ok("Nothing new", ref("SampleImport")),
             **errors("400", "403", "413", "422")},
            parameters=[query("partial", "1: save the good samples, list the bad ones.", string(enum=["1"]))],
            request=body(array(ref("Sample"), maxItems=10_000)))},
        "/api/patrols": {"post": operation("Record a river chief's patrol track", "basins", "recordPatrol", created,
                                           request=body(ref("ReachPatrol")))},
        "/api/patrols/tasks": {"get": operation("My patrol tasks (river chiefs)", "basins", "myPatrolTasks",
                                                {"200": ok("The tasks", ref("Tasks")), **errors()})},
        "/api/zones": {"post": operation("Create a patrol zone", "zones", "createZone", zone,
                                         request=body(ref("ZoneInput")))},
        "/api/zones/import": {"post": operation(
            "Import patrol zones from a file", "zones", "importZones",
            {"201": ok("The zones", ref("FeatureCollection")), **errors("400", "403", "413", "422")},
            request=body(obj(("file",), file=string(".geojson, .kml or .gpkg", contentMediaType="application/octet-stream"),
                             name=string("Name for unnamed features.")), "multipart/form-data"))},
        "/api/zones/{zone_id}": {
            "get": operation("A patrol zone", "zones", "getZone", {"200": ok("The zone", ref("Feature")),
                                                                   **errors("404")}, parameters=[zone_path]),
            "put": operation("Redraw or rename a patrol zone", "zones", "putZone",
                             {"200": ok("The zone", ref("Feature")), **errors("400", "403", "404", "422")},
                             parameters=[zone_path], request=body(ref("ZoneInput"))),
            "patch": operation("Redraw or rename a patrol zone", "zones", "patchZone",
                               {"200": ok("The zone", ref("Feature")), **errors("400", "403", "404", "422")},
                               parameters=[zone_path], request=body(ref("ZoneInput")))},
        "/api/zones/{zone_id}/patrols": {"post": operation(
            "Record a patrol of a zone (its plan's inspectors)", "zones", "recordZonePatrol", created,
            parameters=[zone_path], request=body(ref("Track")))},
    }


def _inbox_paths() -> dict:
    return {
        "/api/inbox": {"get": operation(
            "My inbox", "inbox", "listInbox", {"200": ok("Newest first", ref("Inbox")), **errors("400")},
            parameters=[query("unread", "true: unread messages only", {"type": "string", "enum": ["true", "false"]}),
                        query("limit", "Page size, 1-500 (50)", integer()),
                        query("after", "Continue after this message id (the next link)", integer())])},
        "/api/inbox/read-all": {"post": operation(
            "Mark every message read", "inbox", "readAllInbox",
            {"200": ok("How many were marked", obj(("marked", "unread"), marked=integer(), unread=integer())),
             **errors()})},
        "/api/inbox/{item_id}/read": {"post": operation(
            "Mark an inbox item read", "inbox", "readInboxItem",
            {"200": ok("The item", ref("InboxItem")), **errors("404")}, parameters=[path_id("item_id", "Inbox item id")])},
    }


def _risk_paths() -> dict:
    run = obj(("id", "version", "started_at", "metrics", "parameters"), "One stored run of the relapse risk model.",
              id=integer(), version=string(), basin=nullable(string()), started_at=string(format="date-time"),
              finished_at=nullable(string(format="date-time")), duration_s={"type": "number"},
              training_labels=integer("How many visible labels trained it"),
              metrics={"type": "object", "description": "Held-out ROC AUC and precision@10% of model and baseline"},
              parameters={"type": "object", "description": "Model parameters and the cross-validation choice"})
    return {
        "/api/risk-runs": {"get": operation(
            "Stored risk-model runs, newest first", "basins", "listRiskRuns",
            {"200": ok("Runs", obj(("runs", "numberReturned"), runs=array(run), numberReturned=integer())),
             **errors("400")},
            parameters=[query("basin", "Runs of one basin (empty: every-basin runs)"),
                        query("limit", "1-500", integer())])},
        "/api/risk-runs/{run_id}": {"get": operation(
            "One run with its assessments by level and warning type", "basins", "getRiskRun",
            {"200": ok("The run", {"allOf": [run, obj(("assessments",), training_reach_ids=array(integer()),
                                                         assessments={"type": "object"})]}), **errors("404")},
            parameters=[path_id("run_id", "Run id")])},
    }


def _mobile_paths() -> dict:
    action = obj(("id", "type"), "One queued action. Applied at most once per id: a replay answers `duplicate` "
                 "with the first result.", id=string("Client-generated UUID", format="uuid"),
                 type=string(enum=["start_patrol", "track_points", "finish_patrol", "checklist_result",
                                   "hazard_transition"]),
                 patrol=string("The patrol's UUID (start_patrol: defaults to id)", format="uuid"),
                 zone=integer("start_patrol: the zone"), started_at=string(format="date-time"),
                 finished_at=string(format="date-time"),
                 points=array(array({"type": ["number", "string"]}, minItems=3, maxItems=3),
                              description="track_points: [longitude, latitude, ISO 8601 time] per GPS fix"),
                 result=string("checklist_result: the checklist's UUID (defaults to id)", format="uuid"),
                 feature=integer(), template=integer(), filled_at=string(format="date-time"),
                 answers=array(obj(("item", "answer"), item=integer(), answer=string(enum=["pass", "fail", "na"]),
                                   note=string())),
                 version=integer("checklist_result edits and hazard_transition: the version the phone saw"),
                 hazard=integer("hazard_transition: the hazard"), action=string("hazard_transition: the action"))
    outcome = obj(("id", "status"), id=string(format="uuid"),
                  status=string(enum=["applied", "duplicate", "conflict", "error"]), type=string(),
                  result={"type": "object"}, code=string(), message=string(),
                  current={"type": "object", "description": "conflict: the server's current values"})
    photo_form = obj(("id", "result", "item", "file"), id=string("The photo's UUID", format="uuid"),
                     result=string("The checklist's UUID", format="uuid"), item=integer("The checklist item"),
                     file=string(format="binary"))
    return {
        "/api/m/today": {"get": operation(
            "The phone's day: tasks, zones, features inside with open hazards, checklist templates", "mobile",
            "mobileToday", {"200": ok("Today", {"type": "object"}), **errors()})},
        "/api/m/sync": {"post": operation(
            "Apply queued offline actions in order", "mobile", "mobileSync",
            {"200": ok("One outcome per action, in order", obj(("results",), results=array(outcome))),
             **errors("400", "413")},
            request=body(obj(("actions",), actions=array(action, maxItems=200))))},
        "/api/m/photos": {"post": operation(
            "Upload one photo of a checklist item under its own UUID", "mobile", "mobilePhoto",
            {"201": ok("Stored", outcome), "200": ok("Already stored (a replay)", outcome),
             **errors("400", "404", "409", "413")},
            request=body(photo_form, "multipart/form-data"))},
    }


def _doc_paths() -> dict:
    return {
        "/api/openapi.json": {"get": operation("This document", "documentation", "openapi",
                                               {"200": ok("OpenAPI 3.1", {"type": "object"}), **errors()})},
        "/api/docs": {"get": operation("This document as a page", "documentation", "apiDocs",
                                       {"200": ok("HTML", {"type": "string"}, "text/html"), **errors()})},
    }


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
                                             "documentation")],
        "paths": {**_hazard_paths(), **_inbox_paths(), **_feature_paths(), **_field_paths(), **_risk_paths(), **_mobile_paths(), **_doc_paths()},
        "components": {
            "schemas": {**_geojson_schemas(), **_hazard_schemas(), **_other_schemas()},
            "responses": {f"E{status}": ok(text, ref("Error")) for status, text in ERROR_TEXT.items()},
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
                                "basic": {"type": "http", "scheme": "basic"},
                                "bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
