"""The inbox page: the user's messages, newest first, each linking to its hazard."""

from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from geo_server.errors import ApiError
from geo_server.notifications import api, inbox


def inbox_page(request):
    query = request.GET.copy()
    try:
        messages, following = api.page(request.user, query)
    except ApiError:
        messages, following = api.page(request.user, {})
    return render(request, "notifications/inbox.html", {
        "messages": [{**inbox.as_json(m), "received": m.created_at} for m in messages], "following": following,
        "unread_only": query.get("unread") in ("true", "1"), "unread": inbox.unread_count(request.user)})


@require_POST
def mark_read(request, message_id: int):
    try:
        inbox.mark_read(request.user, message_id)
    except ApiError:
        pass  # not this user's message: nothing to mark, the page shows the inbox as it is
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "inbox"
    return redirect(target)


@require_POST
def mark_all_read(request):
    inbox.mark_all_read(request.user)
    return redirect("inbox")
