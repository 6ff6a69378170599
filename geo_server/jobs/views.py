"""Pages: the jobs list (with the kinds the user may start), a job's page, cancel and download."""

import json

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_server.errors import Conflict
from geo_server.jobs import control, kinds


@require_GET
def job_list_page(request):
    jobs = control.visible_jobs(request.user)[:100]
    return render(request, "jobs/list.html", {"jobs": jobs, "startable": kinds.startable_on_page(request.user)})


@require_GET
def job_page(request, job_id):
    job = control.job_for(request.user, job_id)
    result_text = json.dumps(job.result, indent=2, ensure_ascii=False) if job.result is not None else ""
    return render(request, "jobs/detail.html", {"job": job, "job_json": control.as_json(job),
                                                "result_text": result_text})


@require_POST
def job_start(request):
    """Start a kind that needs no parameters (the API takes parameters)."""
    job = control.submit(request.user, request.POST.get("kind", ""), {})
    return redirect("job-page", job.pk)


@require_POST
def job_cancel(request, job_id):
    try:
        control.cancel(request.user, job_id)
    except Conflict:
        pass  # it finished meanwhile: its page says so
    return redirect("job-page", job_id)


@require_GET
def job_download(request, job_id):
    job = control.job_for(request.user, job_id)
    if not job.result_file:
        raise Http404(_("This job has no file."))
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
