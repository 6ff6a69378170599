"""What a job's task calls: `progress()` to report (and to learn it was cancelled), `attach()` to
keep a result file; `execute()` wraps the task's body with the job's state changes."""

import logging
from pathlib import Path
from time import monotonic

from django.conf import settings
from django.core.files import File
from django.db.models import F
from django.db.models.functions import Coalesce, Now

from geo_server.jobs.models import Job

logger = logging.getLogger(__name__)
State = Job.State


class Cancelled(Exception):
    """Raised inside a job's task at its first progress report after the job was cancelled."""


def progress(job: Job, done: int, total: int | None = None, stage: str | None = None) -> None:
    """Record how far the job is; at most one write per JOB_PROGRESS_INTERVAL_MS (the first always).

    The write is an UPDATE guarded by state=running, so it is also the cancellation check."""
    now = monotonic()
    last = getattr(job, "_progress_written", None)
    job.done = done
    job.total = total if total is not None else job.total
    job.stage = stage[:120] if stage is not None else job.stage
    if last is not None and (now - last) * 1000 < settings.GEO_SERVER["JOB_PROGRESS_INTERVAL_MS"]:
        return
    job._progress_written = now
    updated = Job.objects.filter(pk=job.pk, state=State.RUNNING).update(
        done=job.done, total=job.total, stage=job.stage)
    if not updated:
        raise Cancelled(str(job.pk))


def attach(job: Job, path: Path, name: str) -> None:
    """Keep the file as the job's result (for download), under MEDIA_ROOT."""
    with path.open("rb") as file:
        job.result_file.save(name, File(file), save=False)
    Job.objects.filter(pk=job.pk).update(result_file=job.result_file.name)


def execute(job_id, run, *, worker: str = "") -> str:
    """Run `run(job)` for a queued or running job (running: a worker died and the message came back);
    a cancelled or finished job is left alone. Returns the job's final state."""
    claimed = Job.objects.filter(pk=job_id, state__in=(State.QUEUED, State.RUNNING)).update(
        state=State.RUNNING, started_at=Coalesce(F("started_at"), Now()), worker=worker)
    if not claimed:
        return Job.objects.filter(pk=job_id).values_list("state", flat=True).first() or ""
    job = Job.objects.get(pk=job_id)
    try:
        result = run(job)
    except Cancelled:
        return State.CANCELLED
    except Exception as error:  # a job's failure is its result: shown on its page, not a worker crash
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk, state=State.RUNNING).update(
            state=State.FAILED, error=str(getattr(error, "message", error))[:2000], finished_at=Now())
        return State.FAILED
    finished = Job.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.DONE, result=result, done=job.total or job.done, finished_at=Now())
    return State.DONE if finished else State.CANCELLED
