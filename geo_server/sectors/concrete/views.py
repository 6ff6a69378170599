"""The concrete pages: failed evaluations and chloride tests within scope (the entry to the trace),
the trace page with its map and table, and the trace as GeoJSON or CSV. Every page starts from
scope_features(user): an origin outside it is a 404."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Case, DecimalField, F, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import render

from geo_server.features.scoping import scope_features
from geo_server.sectors.concrete import trace_exports
from geo_server.sectors.concrete.models import ChlorideTest, EvaluationBatch, MaterialType
from geo_server.sectors.concrete.rules_production import CHLORIDE_LIMITS
from geo_server.sectors.concrete.trace import trace

FAILURES_SHOWN = 200
# The page maps and counts the newest PAGE_ROWS rows and lists ROWS_SHOWN of them (a site may have
# received thousands of batches); the downloads have them all.
PAGE_ROWS = 2000
ROWS_SHOWN = 200
DOWNLOADS = {"geojson": ("application/geo+json", trace_exports.geojson),
             "csv": ("text/csv", trace_exports.csv_text)}


def _trace_or_404(request, direction: str, origin_id: int, limit: int | None = None):
    found = trace(request.user, direction, origin_id, limit)
    if found is None:
        raise Http404("No such trace origin, or not within your jurisdiction.")
    return found


@login_required
def trace_page(request, direction: str, origin_id: int):
    found = _trace_or_404(request, direction, origin_id, PAGE_ROWS)
    for lot in found.lots:
        lot["label"] = MaterialType(lot["material"]).label
    map_data = {"plants": [p for p in found.plants if p["geojson"]],
                "sites": [{k: s[k] for k in ("id", "code", "name", "geojson", "point", "status", "plants",
                                             "batches", "parts", "in_scope")} for s in found.sites]}
    return render(request, "concrete/trace.html", {
        "trace": found, "origin": found.origin, "map_data": map_data,
        "rows_shown": found.rows[-ROWS_SHOWN:], "rows_cut": min(len(found.rows), ROWS_SHOWN) < found.total,
        "elsewhere": sum(1 for row in found.rows if row["elsewhere"]),
    })


@login_required
def trace_download(request, direction: str, origin_id: int, fmt: str):
    if fmt not in DOWNLOADS:
        raise Http404("No such format.")
    found = _trace_or_404(request, direction, origin_id)
    content_type, write = DOWNLOADS[fmt]
    response = HttpResponse(write(found), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="trace-{direction}-{origin_id}.{fmt}"'
    return response


@login_required
def failures_page(request):
    """Failed evaluation batches and over-limit chloride tests of the plants within scope, newest first."""
    plants = scope_features(request.user).filter(kind="concrete_plant").values("id")
    evaluations = (EvaluationBatch.objects.filter(plant__in=plants, passed=False).select_related("plant", "mix")
                   .order_by("-period_start", "plant__code")[:FAILURES_SHOWN])
    over = (ChlorideTest.objects.filter(plant__in=plants).annotate(limit=_chloride_limit())
            .filter(chloride_pct__gt=F("limit")).select_related("plant", "batch", "mix")
            .order_by("-tested_at")[:FAILURES_SHOWN])
    return render(request, "concrete/failures.html", {"evaluations": evaluations, "chlorides": over})


def _chloride_limit() -> Case:
    """The limit of the test's mix, else of its batch's mix (JGJ 55-2011 table 3.0.6, rules_production)."""
    return Case(*[When(**{path: k}, then=Value(Decimal(v)))
                  for path in ("mix__exposure_class", "batch__mix__exposure_class")
                  for k, v in CHLORIDE_LIMITS.items()],
                output_field=DecimalField(max_digits=5, decimal_places=3))
