"""POST /api/hazards/<id>/blacklist: record a confirmed malicious arrears case on a closed hazard."""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from geo_server.integrity import blacklist
from geo_server.validation import read_json


def blacklisting_json(row) -> dict:
    return {"id": row.pk, "organisation": {"id": row.organisation_id, "name": row.organisation.name},
            "hazard": row.hazard_id, "reason": row.reason, "from": row.starts_on.isoformat(),
            "until": row.until.isoformat() if row.until else None}


@require_POST
def blacklist_hazard(request, hazard_id: int):
    reason, until = blacklist.parse(read_json(request))
    row = blacklist.record(request.user, hazard_id, reason, until)
    return JsonResponse(blacklisting_json(row), status=201, json_dumps_params={"ensure_ascii": False})
