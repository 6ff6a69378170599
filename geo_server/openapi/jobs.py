"""The background jobs' operations and their schema (geo_server/jobs)."""

from geo_server.openapi.builders import array, body, errors, integer, nullable, obj, ok, operation, path_id, ref, string

STATES = ["queued", "running", "done", "failed", "cancelled"]


def job_schemas() -> dict:
    return {"Job": obj(
        ("id", "kind", "state", "done", "total", "stage", "percent", "links"),
        "A long piece of work run by a Celery worker; poll it until its state is done, failed or cancelled.",
        id=string(format="uuid"), kind=string(), title=string(), state=string(enum=STATES), stateLabel=string(),
        done=integer(), total=nullable(integer()), stage=string(), percent=nullable(integer()),
        params={"type": "object"}, result={"description": "The job's JSON result once done"},
        error=string(), worker=string("The Celery worker that ran it; empty when run inline"),
        requestedBy=nullable(string()), created=string(format="date-time"),
        started=nullable(string(format="date-time")), finished=nullable(string(format="date-time")),
        links=obj(("self", "page", "cancel"), self=string(), page=string(), cancel=string(),
                  download=nullable(string("The result file, when the job keeps one"))))}


def job_paths() -> dict:
    job_id = path_id("job_id", "Job id", string(format="uuid"))
    start = obj(("kind",), kind=string("rule_sweep (supervisors; params.kind), risk_model (supervisors; "
                                       "params.basin) or district_export (params.layer, format, crs, city)"),
                params={"type": "object"})
    return {
        "/api/jobs": {
            "get": operation("My jobs (a supervisor: the organisation's), newest first", "jobs", "listJobs",
                             {"200": ok("Up to 100 jobs", obj(("jobs",), jobs=array(ref("Job")),
                                                             numberReturned=integer())), **errors()}),
            "post": operation("Start a job", "jobs", "startJob",
                              {"202": ok("The queued job (inline without a broker: already finished)", ref("Job")),
                               **errors("400", "403")}, request=body(start),
                              description="400 unknown_job_kind or the parameter's code; 403 job_forbidden.")},
        "/api/jobs/{job_id}": {"get": operation(
            "One job and its progress", "jobs", "getJob", {"200": ok("The job", ref("Job")), **errors("404")},
            parameters=[job_id])},
        "/api/jobs/{job_id}/cancel": {"post": operation(
            "Cancel a job: a queued one never runs, a running one stops at its next progress report", "jobs",
            "cancelJob", {"200": ok("The cancelled job", ref("Job")), **errors("404", "409")}, parameters=[job_id],
            description="409 job_finished when it had already finished.")},
    }
