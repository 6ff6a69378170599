"""The integrity ranking (/integrity/) and an organisation's page with its score history."""

from django.core.paginator import Paginator
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_server.accounts.models import Organisation
from geo_server.integrity.blacklist import active_blacklisting
from geo_server.integrity.models import Reason, ScoreEvent
from geo_server.integrity.weights import current_weights, start_score
from geo_server.supervision.hazards import visible_hazards
from geo_server.supervision.states import CLOSED_STATES

PAGE_SIZE = 100


def _with_scores(queryset):
    return queryset.annotate(score=Coalesce("integrity__score", Value(start_score()),
                                            output_field=DecimalField(max_digits=7, decimal_places=1)))


def ranking(request):
    """Every organisation by score, lowest last; `type` limits to one organisation type."""
    chosen = request.GET.get("type") or ""
    if chosen not in Organisation.Type.values:
        chosen = ""
    queryset = _with_scores(Organisation.objects.defer("jurisdiction__geom").select_related("jurisdiction"))
    if chosen:
        queryset = queryset.filter(type=chosen)
    queryset = queryset.annotate(changes=Count("score_events")).order_by("-score", "name")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    offset = (page.number - 1) * PAGE_SIZE
    return render(request, "integrity/ranking.html", {
        "page": page, "rows": [(offset + i + 1, o) for i, o in enumerate(page.object_list)],
        "types": Organisation.Type.choices, "chosen": chosen, "start": start_score(),
        "weights": [(Reason(reason).label, delta) for reason, delta in current_weights().items()],
        "english": (get_language() or "").startswith("en")})


def organisation_page(request, organisation_id: int):
    """Open to every user, like the ranking: the score and its history are the organisation's public
    credit record. What it says about hazards (counts, the open list, which hazard moved the score)
    is limited to the hazards the viewer may see, so a page of another enterprise or of an office of
    another district tells nothing of hazards outside the viewer's jurisdiction."""
    organisation = (_with_scores(Organisation.objects.filter(pk=organisation_id))
                    .select_related("jurisdiction", "parent").defer("jurisdiction__geom")
                    .annotate(members_count=Count("members", distinct=True)).first())
    if organisation is None:
        raise Http404(_("No such organisation."))
    visible = visible_hazards(request.user)
    hazards = visible.filter(responsible_organisation=organisation)
    counts = hazards.aggregate(open=Count("id", filter=~Q(state__in=CLOSED_STATES)), total=Count("id"))
    open_visible = (hazards.exclude(state__in=CLOSED_STATES).select_related("feature").defer("geom", "feature__geom")
                    .order_by("-level", "deadline", "id")[:20])
    history = (ScoreEvent.objects.filter(organisation=organisation).select_related("hazard").defer("hazard__geom")
               .annotate(hazard_visible=Exists(visible.filter(pk=OuterRef("hazard_id")))).order_by("-id")[:200])
    return render(request, "integrity/organisation.html", {
        "organisation": organisation, "open_hazards": counts["open"], "all_hazards": counts["total"],
        "open_visible": open_visible, "history": history, "start": start_score(),
        "blacklisted": active_blacklisting([organisation.pk]).get(organisation.pk, []),
        "english": (get_language() or "").startswith("en")})
