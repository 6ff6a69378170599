"""The jobs JSON API: GET/POST /api/jobs, GET /api/jobs/<id>, POST /api/jobs/<id>/cancel."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from geo_server.errors import BadRequest
from geo_server.jobs import control
from geo_server.validation import json_object

_JSON = {"ensure_ascii": False}


def _body(request) -> tuple[str, dict]:
    body = json_object(request)
    if not isinstance(body.get("kind"), str) or not isinstance(body.get("params", {}), dict):
        raise BadRequest(_('Send a JSON object with "kind" and, optionally, "params".'), code="invalid_job")
    return body["kind"], body.get("params", {})


@require_http_methods(["GET", "POST"])
def job_list(request):
    if request.method == "POST":
        job = control.submit(request.user, *_body(request))
        job.refresh_from_db()  # inline (no broker) it has already run
        response = JsonResponse(control.as_json(job), status=202, json_dumps_params=_JSON)
        response["Location"] = control.as_json(job)["links"]["self"]
        return response
    jobs = list(control.visible_jobs(request.user)[:100])
    return JsonResponse({"jobs": [control.as_json(job) for job in jobs], "numberReturned": len(jobs)},
                        json_dumps_params=_JSON)


@require_GET
def job_detail(request, job_id):
    return JsonResponse(control.as_json(control.job_for(request.user, job_id)), json_dumps_params=_JSON)


@require_POST
def job_cancel(request, job_id):
    return JsonResponse(control.as_json(control.cancel(request.user, job_id)), json_dumps_params=_JSON)
