"""A job on a real Celery worker over Redis: it runs in the worker's process (the row names the
worker), reports progress, and a job cancelled while queued is skipped by the worker.

The worker reads the test database, so the test commits (transactional). It has a queue of its
own on Redis database 15; waiting is polling the Job row until it finishes, with a timeout."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from geo_server.celery import app
from geo_server.jobs import control
from geo_server.jobs.models import Job
from tests.conftest import ensure_areas
from tests.test_exports import buildings  # noqa: F401 (fixture)

REDIS_URL = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parent.parent
GUANGZHOU_DISTRICTS = 11


@pytest.fixture
def live_areas(transactional_db):
    """A transactional test flushes every table after itself; areas must be back for it."""
    ensure_areas()


def fresh_broker_connections() -> None:
    """Celery pools its broker connections on first use: a test that sent anything before (a revoke
    in tests/test_jobs.py) leaves the pools on the default broker, and this test's messages would go
    there, never reaching the worker on database 15. Drop the pools so the next send connects anew."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def queue(monkeypatch):
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    name = f"geo_server_jobs_test_{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", REDIS_URL)
    monkeypatch.setitem(app.conf, "task_default_queue", name)
    monkeypatch.setattr(control.settings, "CELERY_TASK_ALWAYS_EAGER", False)
    fresh_broker_connections()
    yield name
    fresh_broker_connections()  # and later tests' on their own broker again
    client.delete(name)


def start_worker(queue: str, media) -> subprocess.Popen:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    database = f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": database, "CELERY_BROKER_URL": REDIS_URL,
           "GEO_SERVER_MEDIA_ROOT": str(media)}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "geo_server", "worker", "--pool", "solo", "--concurrency", "1",
         "-Q", queue, "-n", f"{queue}@test", "--without-mingle", "--without-gossip", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finished(job: Job, worker: subprocess.Popen, timeout: float = 120) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            return job
        if worker.poll() is not None:
            pytest.fail(f"the worker exited: {worker.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)
    pytest.fail(f"job {job.pk} still {job.state} after {timeout} s")


def test_it_runs_a_job_on_a_celery_worker_off_the_web_process(live_areas, queue, media, bob,
                                                             buildings):  # noqa: F811
    skipped = control.submit(bob, "district_export", {"layer": ["building"], "format": "geojson"})
    control.cancel(bob, skipped.pk)  # queued, no worker yet: its message waits on Redis
    job = control.submit(bob, "district_export", {"layer": ["building"], "format": "geojson"})
    assert Job.objects.get(pk=job.pk).state == "queued"  # nothing ran it inline
    worker = start_worker(queue, media)
    try:
        job = finished(job, worker)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert (job.state, job.done, job.total) == ("done", GUANGZHOU_DISTRICTS, GUANGZHOU_DISTRICTS), job.error
    assert job.worker == f"{queue}@test"
    assert job.result["districts"] == GUANGZHOU_DISTRICTS
    assert (media / job.result_file.name).stat().st_size > 0
    assert redis.Redis.from_url(REDIS_URL).llen(queue) == 0  # both messages were taken
    skipped.refresh_from_db()  # its message came first (one queue, one message at a time): skipped
    assert (skipped.state, skipped.started_at, skipped.worker) == ("cancelled", None, "")
