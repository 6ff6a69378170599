"""The construction site's section of a feature's record page: the enterprises on it, its workers
(masked ids) and each month's attendance against pay, from indicators.py's SQL."""

from datetime import date

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.features.kinds import RecordSection
from geo_server.sectors.worksites import indicators
from geo_server.sectors.worksites.models import Subcontract, Worker

# The record page lists this many workers; the rest are on the paged worker list.
WORKERS_ON_RECORD = 200


def blacklisting_model():
    """integrity.Blacklisting once it exists (another change adds it); None before."""
    try:
        return apps.get_model("integrity", "Blacklisting")
    except LookupError:
        return None


def blacklisted_ids(org_ids, today: date | None = None) -> set[int]:
    """The organisations among org_ids blacklisted today; set() while there is no blacklist."""
    org_ids = [i for i in org_ids if i is not None]
    if not org_ids or blacklisting_model() is None:
        return set()
    today = today or timezone.localdate()
    try:
        from geo_server.integrity.blacklist import active_blacklisting
    except ImportError:
        return _active_by_fields(org_ids, today)
    found = active_blacklisting(org_ids, today)
    if isinstance(found, dict):
        return set(found)
    return {getattr(item, "organisation_id", item) for item in found}


def _active_by_fields(org_ids, today: date) -> set[int]:
    """The fallback: (organisation, <from>, until) with until empty or not yet past."""
    model = blacklisting_model()
    names = {f.name for f in model._meta.concrete_fields}
    rows = model.objects.filter(organisation_id__in=org_ids)
    start = next((n for n in ("starts_on", "valid_from", "from_date", "since", "start") if n in names), None)
    if start:
        rows = rows.filter(**{f"{start}__lte": today})
    if "until" in names:
        rows = rows.filter(Q(until__isnull=True) | Q(until__gte=today))
    return set(rows.values_list("organisation_id", flat=True))


def enterprises_on(site) -> list[dict]:
    subcontracts = list(Subcontract.objects.filter(site=site).select_related("enterprise")
                        .order_by("-role", "starts_on", "enterprise__name"))  # general before sub
    blacklisted = blacklisted_ids({s.enterprise.organisation_id for s in subcontracts})
    return [{"subcontract": s, "enterprise": s.enterprise,
             "blacklisted": s.enterprise.organisation_id in blacklisted} for s in subcontracts]


def chart_data(months: list[indicators.SiteMonth]) -> dict:
    """The ECharts series, as plain JSON for json_script: labels are the page language's."""
    return {
        "months": [f"{m.month:%Y-%m}" for m in months],
        "owed": [float(m.owed) for m in months],
        "paid": [float(m.paid) for m in months],
        "unpaid": [m.unpaid for m in months],
        "labels": {"owed": _("Owed (days × daily minimum)"), "paid": _("Paid"),
                   "unpaid": _("Unpaid worker-months"), "yuan": _("yuan")},
    }


def site_section(feature, user) -> dict:
    """Context for worksites/_site.html."""
    months = indicators.site_months(feature.pk)
    workers = Worker.objects.filter(site=feature).select_related("employer").order_by("team", "name", "pk")
    total = workers.count()
    return {
        "enterprises": enterprises_on(feature),
        "workers": list(workers[:WORKERS_ON_RECORD]),
        "worker_total": total,
        "workers_paged": total > WORKERS_ON_RECORD,
        "workers_url": reverse("worksites-site-workers", args=[feature.pk]),
        "months": months,
        "unpaid_total": sum(m.unpaid for m in months),
        "daily_minimum": indicators.daily_minimum(),
        "chart": chart_data(months),
    }


SITE_SECTION = RecordSection("worksites/_site.html", site_section)
