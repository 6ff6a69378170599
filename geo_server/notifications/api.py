"""The inbox JSON API: GET /api/inbox, POST /api/inbox/<id>/read, POST /api/inbox/read-all."""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_server.errors import BadRequest
from geo_server.features import params
from geo_server.notifications import inbox

_JSON = {"ensure_ascii": False}
LIST_PARAMS = {"unread", "limit", "after"}


def page(user, query) -> tuple[list, int | None]:
    """Newest first, keyset-paged on the id; the id to continue after, or None on the last page."""
    params.reject_unknown(query, LIST_PARAMS)
    unread = query.get("unread")
    if unread not in (None, "", "true", "false", "1", "0"):
        raise BadRequest(_("unread must be true or false."), code="invalid_unread")
    limit = params.parse_int(query.get("limit"), "limit", 50, 1, 500)
    after = params.parse_int(query.get("after"), "after", 0, 0, 2**63 - 1)
    queryset = inbox.messages_for(user, unread_only=unread in ("true", "1"))
    if after:
        queryset = queryset.filter(id__lt=after)
    rows = list(queryset[: limit + 1])
    following = rows[limit - 1].pk if len(rows) > limit else None
    return rows[:limit], following


@require_GET
def inbox_list(request):
    messages, following = page(request.user, request.GET)
    links = []
    if following is not None:
        links.append({"rel": "next",
                      "href": f"{reverse('inbox-api')}?{urlencode({**request.GET.dict(), 'after': following})}"})
    return JsonResponse({"messages": [inbox.as_json(m) for m in messages], "numberReturned": len(messages),
                         "unread": inbox.unread_count(request.user), "links": links}, json_dumps_params=_JSON)


@require_POST
def inbox_read(request, message_id: int):
    message = inbox.mark_read(request.user, message_id)
    return JsonResponse({**inbox.as_json(message), "unread": inbox.unread_count(request.user)},
                        json_dumps_params=_JSON)


@require_POST
def inbox_read_all(request):
    marked = inbox.mark_all_read(request.user)
    return JsonResponse({"marked": marked, "unread": 0}, json_dumps_params=_JSON)
