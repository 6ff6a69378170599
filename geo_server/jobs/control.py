"""Starting, seeing and cancelling jobs, for a given user (views call these, nothing else)."""

import uuid

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext as _

from geo_server.celery import app
from geo_server.errors import Conflict, Forbidden, NotFound
from geo_server.jobs import kinds
from geo_server.jobs.models import Job
from geo_server.jobs.tasks import run_job

State = Job.State


def visible_jobs(user):
    """A user sees their own jobs; a supervisor their organisation's; a superuser every job."""
    jobs = Job.objects.select_related("requested_by")
    if user.is_superuser:
        return jobs
    if kinds.is_supervisor(user) and user.organisation_id:
        return jobs.filter(requested_by__organisation_id=user.organisation_id)
    return jobs.filter(requested_by=user)


def job_for(user, job_id) -> Job:
    job = visible_jobs(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("No such job, or not yours to see."), code="unknown_job")
    return job


def submit(user, kind: str, params: dict) -> Job:
    """Check and store the job, then queue it once the row is committed (the worker must see it)."""
    job_kind = kinds.get(kind)
    if not job_kind.may_start(user):
        raise Forbidden(_("You may not start this kind of job."), code="job_forbidden")
    job = Job.objects.create(kind=kind, requested_by=user, params=job_kind.clean(user, params),
                             celery_task_id=str(uuid.uuid4()))
    transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    run_job.apply_async((str(job.pk),), task_id=job.celery_task_id)


def cancel(user, job_id) -> Job:
    """Cancel a queued job (its message is revoked) or a running one (it stops at its next progress
    report); a finished job is a 409."""
    job = job_for(user, job_id)
    was = job.state
    cancelled = Job.objects.filter(pk=job.pk, state__in=(State.QUEUED, State.RUNNING)).update(
        state=State.CANCELLED, finished_at=Now())
    if not cancelled:
        raise Conflict(_("The job has already finished."), code="job_finished")
    if was == State.QUEUED and not settings.CELERY_TASK_ALWAYS_EAGER:
        app.control.revoke(job.celery_task_id)
    job.refresh_from_db()
    return job


def as_json(job: Job) -> dict:
    return {
        "id": str(job.pk), "kind": job.kind, "title": kinds.title_of(job.kind),
        "state": job.state, "stateLabel": str(job.get_state_display()),
        "done": job.done, "total": job.total, "stage": job.stage, "percent": job.percent,
        "params": job.params, "result": job.result, "error": job.error,
        "worker": job.worker, "requestedBy": job.requested_by.username if job.requested_by else None,
        "created": job.created_at.isoformat(), "started": job.started_at and job.started_at.isoformat(),
        "finished": job.finished_at and job.finished_at.isoformat(),
        "links": {"self": reverse("job-api", args=[job.pk]), "page": reverse("job-page", args=[job.pk]),
                  "cancel": reverse("job-api-cancel", args=[job.pk]),
                  "download": reverse("job-download", args=[job.pk]) if job.result_file else None},
    }
