"""The risk model as a job, on the demo data (as tests/test_risk.py runs it)."""

from basins.models import RiskModelRun
from geo_server.accounts.models import Organisation
from geo_server.jobs import control
from tests.conftest import make_user
from tests.test_rasters import rasters, synthetic_dir  # noqa: F401 (fixtures)
from tests.test_risk import demo  # noqa: F401 (fixture)


def test_it_runs_the_risk_model_as_a_job_and_keeps_its_run(demo, django_capture_on_commit_callbacks):  # noqa: F811
    # The demo brings the province bureau; its supervisor starts the run.
    sam = make_user("sam", Organisation.objects.get(type="province_bureau"), "supervisor")
    with django_capture_on_commit_callbacks(execute=True):
        job = control.submit(sam, "risk_model", {})
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.error) == ("done", 1, 1, "")
    run = RiskModelRun.objects.get(pk=job.result["run_id"])
    assert run.metrics == job.result["metrics"] and run.finished_at is not None


def test_it_refuses_the_risk_model_to_a_district_officer(client, bob):
    client.force_login(bob)
    response = client.post("/api/jobs", {"kind": "risk_model"}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (403, "job_forbidden")
