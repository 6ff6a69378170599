"""The rectification notice of a hazard as a printable page and as a PDF, for users who may see it."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from geo_server.errors import NotFound
from geo_server.supervision import notices
from geo_server.supervision.hazards import get_visible


def _notice(request, hazard_id: int):
    try:
        hazard = get_visible(request.user, hazard_id)
    except NotFound:
        raise Http404(_("No such hazard, or not yours to see.")) from None
    notice = notices.latest(hazard)
    if notice is None:
        raise Http404(_("No rectification notice has been issued for this hazard."))
    return hazard, notice


@require_GET
def notice_page(request, hazard_id: int):
    hazard, notice = _notice(request, hazard_id)
    paragraphs = notice.text_zh.split("\n\n")
    return render(request, "supervision/notice.html", {
        "hazard": hazard, "notice": notice, "salutation": paragraphs[0], "paragraphs": paragraphs[1:-1],
        "signature": paragraphs[-1].split("\n")})


@require_GET
def notice_pdf(request, hazard_id: int):
    _hazard, notice = _notice(request, hazard_id)
    response = HttpResponse(notices.render_pdf(notice), content_type="application/pdf")
    filename = f"notice-{notice.year}-{notice.sequence:04d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
