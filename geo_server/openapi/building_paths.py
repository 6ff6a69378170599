"""The building-safety API (geo_server/sectors/buildings/api.py): appraisal reports, their review
and history, census entries and structural-monitoring readings."""

from geo_server.openapi.builders import (array, body, errors, integer, obj, ok, operation, path_id, string)

MULTIPART = "multipart/form-data"
REPORT = obj(("id", "building", "grade", "state"), id=integer(), building=integer(), agency=string(),
             appraisers=string(), appraised_on=string(format="date"), grade=string(enum=["A", "B", "C", "D"]),
             handling=string(enum=["observe", "treat", "stop", "demolish"]),
             state=string(enum=["submitted", "reviewed", "published"]), published_at=string(), pdf=string(),
             findings=array(obj(("member", "location", "defect", "grade"), member=string(), location=string(),
                                defect=string(), grade=string())))
FEATURE = path_id("feature_id", "The building's feature id")
REPORT_ID = path_id("report_id", "The appraisal report's id")


def building_paths() -> dict:
    report = ok("The report", REPORT)
    return {
        "/api/buildings/{feature_id}/appraisals": {
            "get": operation("A building's grade and appraisal history, newest first", "buildings",
                             "buildingAppraisals", {"200": ok("Grade and reports", obj(
                                 ("grade", "reports"), grade=string(), reports=array(REPORT))), **errors("404")},
                             parameters=[FEATURE]),
            "post": operation("Upload one appraisal report", "buildings", "uploadAppraisal",
                              {"201": report, **errors("400", "403", "404", "422")}, parameters=[FEATURE],
                              request=body(obj(("agency", "appraisers", "appraised_on", "grade", "handling", "pdf"),
                                               findings=string("JSON list of {member, location, defect, grade}"),
                                               pdf=string(format="binary")), MULTIPART),
                              description="Grade per JGJ 125-2016; handling observe, treat, stop or demolish (or "
                                          "观察使用, 处理使用, 停止使用, 整体拆除). The PDF must start with %PDF- and parse."),
        },
        "/api/buildings/{feature_id}/census": {"post": operation(
            "Record a census entry", "buildings", "recordCensus", {"201": ok("Stored", obj()),
                                                                    **errors("400", "403", "404", "422")},
            parameters=[FEATURE], request=body(obj(("surveyed_on", "surveyor", "structure", "floors", "year_built",
                                                    "use")), description="suggests_danger, visible_defects, photos"))},
        "/api/buildings/appraisals/import": {"post": operation(
            "Import appraisal reports in bulk", "buildings", "importAppraisals",
            {"201": ok("Created", obj(("created", "ids"), created=integer(), ids=array(integer()))),
             **errors("400", "403", "422")},
            request=body(obj(("zip",), zip=string(format="binary")), MULTIPART),
            description="A zip of reports.csv (ref, building, agency, appraisers, appraised_on, grade, handling, "
                        "pdf), findings.csv (ref, member, location, defect, grade) and the PDFs. All or nothing: "
                        "a 422 lists every problem (file, row, column, code, message).")},
        "/api/buildings/appraisals/{report_id}/transitions": {"post": operation(
            "Review, return or publish a report", "buildings", "appraisalTransition",
            {"200": report, **errors("400", "403", "404", "409")}, parameters=[REPORT_ID],
            request=body(obj(("action",), action=string(enum=["review", "return", "publish"]))),
            description="submitted -> reviewed -> published (reviewed may return to submitted); 409 otherwise.")},
        "/api/buildings/appraisals/{report_id}/report.pdf": {"get": operation(
            "The report's PDF", "buildings", "appraisalPdf",
            {"200": ok("The PDF", string(format="binary"), "application/pdf"), **errors("404")},
            parameters=[REPORT_ID])},
        "/api/buildings/readings": {"post": operation(
            "Send structural-monitoring readings", "buildings", "buildingReadings",
            {"201": ok("Counts", obj(("received", "inserted", "duplicates"))), "200": ok("Counts", obj()),
             **errors("400", "403", "415", "422")},
            request={"required": True, "description": "NDJSON: building, point, quantity (tilt, crack, "
                     "settlement), at (ISO 8601 with offset), value, unit, limit. Idempotent on (point, at).",
                     "content": {"application/x-ndjson": {"schema": string()}}})},
    }
