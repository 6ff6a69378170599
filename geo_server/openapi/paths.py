"""The operations, one function per part of the API."""

from django.conf import settings

from geo_server.features.kinds import Kind
from geo_server.features.models import AdminArea
from geo_server.openapi.builders import (GEOJSON, array, body, errors, integer, nullable, obj, ok, operation,
                                         path_id, query, ref, string)
from geo_server.supervision.listing import LEVELS, SORT_VALUES
from geo_server.supervision.states import State


def hazard_paths() -> dict:
    hazard_id = path_id("hazard_id", "Hazard id")
    return {**_hazard_listing(), **_hazard_dispatch(), **_hazard_record(hazard_id), **_hazard_photos(hazard_id),
            **_hazard_blacklist(hazard_id)}


def _hazard_listing() -> dict:
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
    }


def _hazard_dispatch() -> dict:
    return {
        "/api/hazards/dispatch": {"post": operation(
            "Dispatch many new hazards at once, all or none", "hazards", "dispatchHazards",
            {"200": ok("The dispatched hazards", obj(("dispatched", "numberDispatched"),
                                                     dispatched=array(ref("Hazard")), numberDispatched=integer())),
             **errors("400", "403", "404", "409")},
            request=body(obj(("ids",), ids=array(integer(minimum=1), minItems=1, maxItems=200,
                                                 description="Hazard ids, as on the list page."),
                             reason=string(), deadline=string("One deadline for all; by level when absent.",
                                                              format="date"))),
            description="Each hazard is dispatched as POST /transitions would (its responsible party, its "
            "deadline by level), in one transaction: the first that may not be dispatched rolls the others back "
            "and is named in details.hazard (400 invalid_ids, 404 hazard_not_found also for a hazard outside your "
            "jurisdiction, 403 not_allowed, 409 illegal_transition with details.state).")},
    }


def _hazard_record(hazard_id: dict) -> dict:
    """One hazard and its transitions."""
    return {
        "/api/hazards/{hazard_id}": {"get": operation(
            "One hazard with its timeline and your allowed actions", "hazards", "getHazard",
            {"200": ok("The hazard", ref("HazardDetail")), **errors("404")}, parameters=[hazard_id])},
        "/api/hazards/{hazard_id}/transitions": {"post": operation(
            "Move a hazard through the rectification states", "hazards", "transitionHazard",
            {"200": ok("The hazard after the transition", ref("HazardDetail")), **errors("400", "403", "404", "409")},
            parameters=[hazard_id], request=body(ref("Transition")),
            description="409 illegal_transition lists the allowed actions in details.allowed; 409 stale_version "
            "gives the current version in details.version.")},
    }


def _hazard_photos(hazard_id: dict) -> dict:
    return {
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


def _hazard_blacklist(hazard_id: dict) -> dict:
    return {
        "/api/hazards/{hazard_id}/blacklist": {"post": operation(
            "Blacklist the organisation of a closed hazard (confirmed malicious wage arrears)", "hazards",
            "blacklistHazardOrganisation",
            {"201": ok("The blacklisting", obj(
                ("id", "organisation", "hazard", "reason", "from", "until"), id=integer(),
                organisation=obj(("id", "name"), id=integer(), name=string()), hazard=integer(), reason=string(),
                **{"from": string(format="date"), "until": nullable(string(format="date"))})),
             **errors("400", "403", "404", "409")},
            parameters=[hazard_id],
            request=body(obj(("reason",), reason=string("Why (恶意欠薪 confirmed)."),
                             until=nullable(string("Last day blacklisted; null: no end.", format="date")))),
            description="A supervisor of the hazard's jurisdiction, on a closed hazard of a blacklistable rule "
                        "(the wage rules): 409 hazard_not_closed / not_blacklistable, 403 not_allowed.")},
    }


def feature_paths() -> dict:
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
        "/api/search": {"get": operation(
            "Search the features you may see by code or name, and districts and streets by name", "features",
            "search", {"200": ok("Matching areas and features, at most 20 of each", ref("SearchResults")),
                       **errors("400")},
            parameters=[query("q", "1 to 64 characters.", string(minLength=1, maxLength=64))])},
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


def field_paths() -> dict:
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
        "/api/zones/preview": {"post": operation(
            "What a zone not yet saved would cover: features you may see by kind and risk, open hazards", "zones",
            "previewZone", {"200": ok("The counts", ref("ZonePreview")), **errors("400", "422")},
            request=body(ref("ZoneInput")))},
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


def inbox_paths() -> dict:
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


def risk_paths() -> dict:
    run = obj(("id", "version", "started_at", "metrics", "parameters"), "One stored run of the relapse risk model.",
              id=integer(), version=string(), basin=nullable(string()), started_at=string(format="date-time"),
              finished_at=nullable(string(format="date-time")),
              duration_s=nullable({"type": "number", "description": "null until the run has finished"}),
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


def mobile_paths() -> dict:
    action = obj(("id", "type"), "One queued action. Applied at most once per id: a replay answers `duplicate` "
                 "with the first result.", id=string("Client-generated UUID", format="uuid"),
                 type=string(enum=["start_patrol", "track_points", "finish_patrol", "checklist_result",
                                   "hazard_transition", "issue_notice"]),
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
                 hazard=integer("hazard_transition: the hazard"), action=string("hazard_transition: the action"),
                 finding=string("issue_notice: what was found on site (the notice's problem)", maxLength=300),
                 deadline=string("issue_notice: rectify by", format="date"),
                 level=integer("issue_notice: 1 yellow, 2 orange (default), 3 red", minimum=1, maximum=3))
    outcome = obj(("id", "status"), id=string(format="uuid"),
                  status=string(enum=["applied", "duplicate", "conflict", "error"]), type=string(),
                  result={"type": "object"}, code=string(), message=string(),
                  current={"type": "object", "description": "conflict: the server's current values"})
    photo_form = obj(("id", "file"), id=string("The photo's UUID", format="uuid"),
                     result=string("The checklist's UUID", format="uuid"), item=integer("The checklist item"),
                     notice=string("Or: the issue_notice action's UUID", format="uuid"),
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


def doc_paths() -> dict:
    return {
        "/api/openapi.json": {"get": operation("This document", "documentation", "openapi",
                                               {"200": ok("OpenAPI 3.1", {"type": "object"}), **errors()})},
        "/api/docs": {"get": operation("This document as a page", "documentation", "apiDocs",
                                       {"200": ok("HTML", {"type": "string"}, "text/html"), **errors()})},
    }


def wage_paths() -> dict:
    """The construction-wage ingestion (geo_server/sectors/worksites/api.py): NDJSON or CSV streams."""
    counts = ok("Rows received, inserted, and already there (replays)", obj(
        ("received", "inserted", "duplicates"), received=integer(), inserted=integer(), duplicates=integer()))
    responses = {"201": counts, "200": counts, **errors("403", "413", "415", "422")}
    rows = {"required": True, "description": "One row a line (NDJSON) or CSV with a header row; "
            "Content-Encoding: gzip allowed. All or nothing: a 422 lists every bad row (line, field, reason).",
            "content": {"application/x-ndjson": {"schema": string()}, "text/csv": {"schema": string()}}}
    fields = {"attendance": "event_id, site, id_number, device, method (face|fingerprint), at (ISO 8601 with offset)",
              "payments": "payment_id, site, id_number, month (YYYY-MM), amount, payee_name, payee_account, paid_at",
              "inflows": "inflow_id, site, amount, received_on (YYYY-MM-DD), payer"}
    return {f"/api/worksites/{name}": {"post": operation(
        f"Import {name} rows", "worksites", f"import{name.title()}", responses, request=rows,
        description=f"Fields: {text}. Idempotent on the first field.")} for name, text in fields.items()}


def concrete_paths() -> dict:
    """The concrete plants' production feeds (geo_server/sectors/concrete/api.py): NDJSON streams."""
    counts = ok("Rows received, inserted, updated (a specimen group's results), already there (replays)", obj(
        ("received", "inserted", "updated", "duplicates"), received=integer(), inserted=integer(),
        updated=integer(), duplicates=integer()))
    responses = {"201": counts, "200": counts, **errors("403", "413", "415", "422")}
    rows = {"required": True, "description": "One JSON object a line; Content-Encoding: gzip allowed. All or "
            "nothing: a 422 lists every bad row (line, field, reason), a 403 `plant_forbidden` another plant's.",
            "content": {"application/x-ndjson": {"schema": string()}}}
    fields = {
        "batches": "serial, plant, line, produced_at, mix, grade, volume_m3, order_no, shift; a delivery: ticket_no, "
                   "site, truck, delivered_at",
        "batching": "record_id, plant, serial, line, material_type, lot, target_kg, actual_kg, batched_at",
        "lots": "lot_id, plant, material_type, supplier (credit code), supplier_name, specification, quantity_t, "
                "supplier_lot_no, weighbridge_ticket, arrived_at, recorded_at, manufactured_on, has_certificate, "
                "certificate_no, has_test_report, sand_certificate_no, sand_certificate_expires_on, mb_value, "
                "stone_powder_pct",
        "tests": "type self_test (test_id, plant, lot, item, result, limit_value, limit_kind, passed, tested_at), "
                 "specimen (group_id, plant, serial, cast_date, curing, age_days, test_date, strength_1_mpa, "
                 "strength_2_mpa, strength_3_mpa) or chloride (test_id, plant, serial or mix, method, chloride_pct, "
                 "tested_at)",
        "heartbeats": "line, plant, at, last_serial",
    }
    return {f"/api/concrete/{name}": {"post": operation(
        f"Send a plant's {name}", "concrete", f"concrete{name.title()}", responses, request=rows,
        description=f"Fields: {text}. Idempotent on the plant and the first field.")} for name, text in fields.items()}


def dashboard_paths() -> dict:
    month = string(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    return {"/api/dashboards/{dashboard_id}/panels/{panel_id}": {"get": operation(
        "One dashboard panel's data", "dashboards", "dashboardPanel",
        {"200": {"description": "The chart's data (geo_server/dashboards: kpi, ranking, table, pie, bar, stacked_bar, "
                                "line, choropleth), or with format the same as a table",
                 "content": {"application/json": {"schema": {"type": "object"}},
                             "text/csv": {"schema": string()},
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                                 {"schema": string(format="binary")}}},
         **errors("400", "403", "404")},
        parameters=[path_id("dashboard_id", "Dashboard id, e.g. hazards", string()),
                    path_id("panel_id", "Panel id, e.g. by_state", string()),
                    query("start", "First month, YYYY-MM (inclusive).", month),
                    query("end", "Last month, YYYY-MM (inclusive).", month),
                    query("area", "Area code inside your jurisdiction (province, city, district or street)."),
                    query("format", "The data as a file instead of the chart.", string(enum=["csv", "xlsx"]))],
        description="Scoped to what you may see; a bad month or unknown area answers 400 bad_filter, an area "
                    "outside your jurisdiction 403 area_out_of_scope.")}}


def waterworks_paths() -> dict:
    """A water project's site documents (geo_server/sectors/waterworks/views.py)."""
    document = obj(("id", "doc_type", "title"), id=integer(), project=integer(), title=string(),
                   doc_type=string(enum=["plan", "material", "work_point", "safety_education"]),
                   file_url=nullable(string()), content_type=nullable(string()), certificate_no=string(),
                   held_on=nullable(string(format="date")), attendance=nullable(integer()))
    form = obj(("doc_type", "title"), doc_type=document["properties"]["doc_type"], title=string(maxLength=200),
               material=string(), certificate_no=string(), lon=string(), lat=string(), held_on=string(format="date"),
               trainer=string(), topic=string(), attendance=string(),
               file=string("PDF, JPEG, PNG or WebP, checked by content", format="binary"))
    return {"/api/waterworks/projects/{project}/documents": {
        "get": operation("A water project's site documents", "waterworks", "waterDocuments",
                         {"200": ok("The documents", obj(("project", "documents"), project=integer(),
                                                         documents=array(document))), **errors("404")},
                         parameters=[path_id("project", "The water project (feature id)")]),
        "post": operation("Add a site document", "waterworks", "addWaterDocument",
                          {"201": ok("Stored", document), **errors("400", "403", "404")},
                          parameters=[path_id("project", "The water project (feature id)")],
                          request=body(form, "multipart/form-data",
                                       "plan: file; material: material, certificate_no, file; work_point: lon, lat; "
                                       "safety_education: held_on, trainer, topic, attendance")),
    }}
