"""The one Celery task behind every job: acknowledged when it ends (task_acks_late), so a worker
that dies mid-job hands the message back and another worker runs the job again."""

from celery import shared_task

from geo_server.jobs import kinds
from geo_server.jobs.models import Job
from geo_server.jobs.progress import execute


@shared_task(name="jobs.run", bind=True, acks_late=True, reject_on_worker_lost=True)
def run_job(self, job_id: str) -> str:
    kind = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    if kind is None:
        return ""
    return execute(job_id, kinds.get(kind).run, worker="" if self.request.is_eager else self.request.hostname or "")
