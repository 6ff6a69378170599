"""Jobs inline (no broker): progress, cancellation at the next report, scoping, error codes, download.

alice supervises for the province bureau, dave is an inspector there, bob works at the Tianhe office."""

import io
import json
import zipfile

import pytest

from geo_server.jobs import control, kinds, progress
from geo_server.jobs.kinds import JobKind
from geo_server.jobs.models import Job
from tests.conftest import make_user
from tests.test_exports import buildings  # noqa: F401 (fixture)

GUANGZHOU_DISTRICTS = 11


@pytest.fixture
def dave(province_bureau):
    return make_user("dave", province_bureau, "inspector")


@pytest.fixture
def counting(settings):
    """A test kind counting to ten; at step 2 it cancels itself, as a user's click would."""
    settings.GEO_SERVER = {**settings.GEO_SERVER, "JOB_PROGRESS_INTERVAL_MS": 0}
    ran = []

    def run(job):
        for step in range(10):
            progress.progress(job, step, 10, f"step {step}")
            ran.append(step)
            if step == 2 and job.params.get("cancel_at_2"):
                control.cancel(job.requested_by, job.pk)
        return {"counted": len(ran)}

    kinds.register_job_kind(JobKind("counting", "Counting", run, lambda user, params: params,
                                    lambda user: True))
    yield ran
    kinds._KINDS.pop("counting")


def submitted(capture, user, kind, params=None) -> Job:
    with capture(execute=True):
        job = control.submit(user, kind, params or {})
    job.refresh_from_db()
    return job


def test_it_records_progress_and_the_result(counting, dave, django_capture_on_commit_callbacks):
    job = submitted(django_capture_on_commit_callbacks, dave, "counting")
    assert (job.state, job.done, job.total, job.stage) == ("done", 10, 10, "step 9")
    assert job.result == {"counted": 10}
    assert job.started_at <= job.finished_at and job.worker == ""


def test_it_stops_a_cancelled_job_at_its_next_progress_report(counting, dave, django_capture_on_commit_callbacks):
    job = submitted(django_capture_on_commit_callbacks, dave, "counting", {"cancel_at_2": True})
    assert counting == [0, 1, 2]
    assert (job.state, job.done, job.stage, job.result) == ("cancelled", 2, "step 2", None)
    assert job.finished_at is not None


def test_it_writes_progress_at_most_once_a_second(counting, dave, settings, monkeypatch,
                                                  django_assert_num_queries):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "JOB_PROGRESS_INTERVAL_MS": 1000}
    job = Job.objects.create(kind="counting", requested_by=dave, state="running")
    clock = iter([100.0, 100.2, 100.9, 101.0, 101.5])
    monkeypatch.setattr(progress, "monotonic", lambda: next(clock))
    with django_assert_num_queries(2):  # at 100.0 and 101.0
        for step in range(5):
            progress.progress(job, step, 5)
    job.refresh_from_db()
    assert job.done == 3


def test_it_leaves_a_job_cancelled_before_it_started_alone(counting, dave):
    job = Job.objects.create(kind="counting", requested_by=dave, state="cancelled")
    assert progress.execute(job.pk, kinds.get("counting").run) == "cancelled"
    assert counting == []


def test_it_runs_again_a_job_whose_worker_died(counting, dave):
    """The message came back (acks late): the row still says running, so the job runs again."""
    job = Job.objects.create(kind="counting", requested_by=dave, state="running", done=4, total=10)
    assert progress.execute(job.pk, kinds.get("counting").run) == "done"
    assert counting == list(range(10))


def test_it_shows_each_user_their_jobs_and_a_supervisor_the_organisations(client, alice, bob, dave):
    mine = {name: Job.objects.create(kind="counting", requested_by=user)
            for name, user in {"alice": alice, "bob": bob, "dave": dave}.items()}
    seen = {}
    for user in (alice, bob, dave):
        client.force_login(user)
        seen[user.username] = {job["id"] for job in client.get("/api/jobs").json()["jobs"]}
        page = client.get("/jobs/").content.decode()
        assert all((str(job.pk) in page) == (str(job.pk) in seen[user.username]) for job in mine.values())
    assert seen == {"alice": {str(mine["alice"].pk), str(mine["dave"].pk)},
                    "bob": {str(mine["bob"].pk)}, "dave": {str(mine["dave"].pk)}}


def test_it_answers_404_for_someone_elses_job_and_409_for_a_finished_one(client, alice, bob):
    job = Job.objects.create(kind="counting", requested_by=alice, state="done")
    client.force_login(bob)
    for response in (client.get(f"/api/jobs/{job.pk}"), client.post(f"/api/jobs/{job.pk}/cancel"),
                     client.get(f"/jobs/{job.pk}/download")):
        assert response.status_code == 404
    assert client.get(f"/api/jobs/{job.pk}").json()["code"] == "unknown_job"
    client.force_login(alice)
    response = client.post(f"/api/jobs/{job.pk}/cancel")
    assert (response.status_code, response.json()["code"]) == (409, "job_finished")


def test_it_cancels_a_queued_job_from_its_page(client, dave):
    job = Job.objects.create(kind="counting", requested_by=dave)
    client.force_login(dave)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'action="/jobs/{job.pk}/cancel" id="job-cancel">' in page  # shown (not hidden)
    assert client.post(f"/jobs/{job.pk}/cancel").status_code == 302
    job.refresh_from_db()
    assert job.state == "cancelled"


def test_it_lets_only_supervisors_sweep_the_rules(client, alice, bob, django_capture_on_commit_callbacks):
    client.force_login(bob)
    response = client.post("/api/jobs", {"kind": "rule_sweep"}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (403, "job_forbidden")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/jobs", {"kind": "rule_sweep", "params": {"kind": "building"}},
                               content_type="application/json")
    assert response.status_code == 202
    body = client.get(response["Location"]).json()
    assert (body["state"], body["done"], body["total"]) == ("done", 1, 1)
    assert set(body["result"]) == {"building"}


@pytest.mark.parametrize("body, code", [
    ({"kind": "nothing"}, "unknown_job_kind"),
    ({"kind": "risk_model", "params": {"basin": "NO-SUCH"}}, "unknown_basin"),
    ({"kind": "district_export", "params": {"layer": ["nothing"]}}, "invalid_layer"),
    ({"kind": "district_export", "params": {"layer": ["building"], "format": "pdf"}}, "invalid_format"),
])
def test_it_refuses_bad_job_requests_before_queueing(client, alice, body, code):
    client.force_login(alice)
    response = client.post("/api/jobs", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert not Job.objects.exists()


def test_it_keeps_a_district_export_for_download(client, bob, alice, buildings,  # noqa: F811
                                                 django_capture_on_commit_callbacks):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/jobs", {"kind": "district_export",
                                             "params": {"layer": "building", "format": "geojson"}},
                               content_type="application/json")
    job = client.get(response["Location"]).json()
    assert (job["state"], job["done"], job["total"]) == ("done", GUANGZHOU_DISTRICTS, GUANGZHOU_DISTRICTS)
    download = client.get(job["links"]["download"])
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == GUANGZHOU_DISTRICTS
    names = {name.split("_")[1]: [feature["properties"]["name"] for feature in
                                  json.loads(archive.read(name))["features"]] for name in archive.namelist()}
    # bob sees Tianhe only: the Haizhu building is not his to export.
    assert names["天河区"] == ["天河体育中心大楼", "黄村商住楼"]
    assert names["海珠区"] == []
    client.force_login(alice)
    assert client.get(job["links"]["download"]).status_code == 404


def test_it_answers_400_to_a_form_or_a_body_without_a_kind(client, alice):
    client.force_login(alice)
    assert client.post("/api/jobs", {"kind": "rule_sweep"}).json()["code"] == "bad_json"
    response = client.post("/api/jobs", {"params": {}}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_job")
