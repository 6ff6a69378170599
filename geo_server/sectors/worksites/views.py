"""The worksites pages: a worker's, an enterprise's, a site's paged worker list and the district's
ranking. Every page starts from scope_features(user): a site outside it is a 404, and so is a
worker on such a site or an enterprise with no site in it (but its own)."""

from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from geo_server.db_router import lag_tolerant
from geo_server.features.kinds import Kind
from geo_server.features.scoping import scope_features
from geo_server.integrity.models import ScoreEvent
from geo_server.sectors.worksites import indicators
from geo_server.sectors.worksites.ranking import ranking
from geo_server.sectors.worksites.records import blacklisted_ids, blacklisting_model
from geo_server.sectors.worksites.models import Enterprise, Subcontract, Worker

WORKERS_PER_PAGE = 200
SCORE_HISTORY = 50


def scoped_sites(user):
    return scope_features(user).filter(kind=Kind.CONSTRUCTION_SITE)


def _english() -> bool:
    return (get_language() or "").startswith("en")


@login_required
def worker_page(request, worker_id: int):
    worker = (Worker.objects.filter(pk=worker_id, site__in=scoped_sites(request.user))
              .select_related("site", "employer").first())
    if worker is None:
        raise Http404("No such worker, or not within your jurisdiction.")
    context = {
        "worker": worker,
        "months": indicators.worker_months(worker.site_id, worker.id_hash),
        "warnings": open_worker_warnings(worker),
        "english": _english(),
    }
    return render(request, "worksites/worker.html", context)


def open_worker_warnings(worker) -> list:
    """Open warnings about this worker: subject "worker:<id>:<YYYY-MM>". Warning.subject is being
    added by another change; before it exists there are none to show."""
    from geo_server.supervision.models import Warning

    if "subject" not in {f.name for f in Warning._meta.concrete_fields}:
        return []
    return list(Warning.objects.filter(feature_id=worker.site_id, is_open=True,
                                       subject__startswith=f"worker:{worker.pk}:").order_by("subject", "rule_code"))


@login_required
def site_workers(request, site_id: int):
    site = scoped_sites(request.user).filter(pk=site_id).first()
    if site is None:
        raise Http404("No such site, or not within your jurisdiction.")
    workers = Worker.objects.filter(site=site).select_related("employer").order_by("team", "name", "pk")
    page = Paginator(workers, WORKERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "worksites/site_workers.html", {"site": site, "page": page})


@login_required
def enterprise_page(request, enterprise_id: int):
    enterprise = Enterprise.objects.filter(pk=enterprise_id).select_related("organisation").first()
    if enterprise is None:
        raise Http404("No such enterprise.")
    sites = scoped_sites(request.user)
    subcontracts = list(Subcontract.objects.filter(enterprise=enterprise, site__in=sites)
                        .select_related("site").order_by("site__code", "starts_on"))
    own = enterprise.organisation_id is not None and enterprise.organisation_id == request.user.organisation_id
    if not subcontracts and not own and not request.user.is_superuser:
        raise Http404("No such enterprise, or none of its sites within your jurisdiction.")
    site_ids = {s.site_id for s in subcontracts}
    geometries = list(sites.filter(pk__in=site_ids).annotate(geojson=AsGeoJSON("geom", precision=6))
                      .values("id", "code", "name", "geojson"))
    organisation_id = enterprise.organisation_id
    context = {
        "enterprise": enterprise,
        "subcontracts": subcontracts,
        "sites_geojson": [{"id": g["id"], "code": g["code"], "name": g["name"], "geometry": g["geojson"]}
                          for g in geometries],
        "score_history": list(ScoreEvent.objects.filter(organisation_id=organisation_id).order_by("-at", "-id")
                              [:SCORE_HISTORY]) if organisation_id else [],
        "blacklisted": organisation_id in blacklisted_ids([organisation_id]),
        "blacklist": blacklist_entries(organisation_id),
        "english": _english(),
    }
    return render(request, "worksites/enterprise.html", context)


# Fields of a blacklist entry the page shows: not the links to other rows.
_BLACKLIST_HIDDEN = {"id", "organisation", "hazard", "created_by"}


def blacklist_entries(organisation_id) -> list[list[tuple[str, object]]]:
    """Each blacklist entry of the organisation as (label, value) pairs, newest first; the model
    comes from another change, so its fields are read from its meta."""
    model = blacklisting_model()
    if model is None or organisation_id is None:
        return []
    fields = [f for f in model._meta.concrete_fields if f.name not in _BLACKLIST_HIDDEN]
    return [[(str(f.verbose_name), getattr(row, f.attname)) for f in fields]
            for row in model.objects.filter(organisation_id=organisation_id).order_by("-pk")]


@lag_tolerant
@login_required
def ranking_page(request):
    rows = ranking(scoped_sites(request.user))
    return render(request, "worksites/ranking.html", {"rows": rows, "english": _english(),
                                                      "unpaid_total": sum(r.unpaid for r in rows)})
