"""The concrete sections of a record page: on a plant, its lines, recent batches, open warnings by
rule and evaluation batches with their verdicts; on a construction site, the concrete it received
with each batch's test status (the trace's site direction, so scoped the same way)."""

from django.db.models import Count, Max
from django.utils.translation import get_language

from geo_server.features.kinds import Kind, RecordSection
from geo_server.sectors.concrete.models import Batch, EvaluationBatch, MixingLine
from geo_server.sectors.concrete.trace import trace
from geo_server.supervision.models import Warning
from geo_server.supervision.rules import get_rule

RECENT_BATCHES = 20
EVALUATIONS_SHOWN = 24
RECEIVED_SHOWN = 200


def warnings_by_rule(plant) -> list[dict]:
    """Open warnings of the plant per rule: count, highest level, rule title in the page's language."""
    english = (get_language() or "").startswith("en")
    rows = (Warning.objects.filter(feature=plant, is_open=True).values("rule_code")
            .annotate(n=Count("id"), level=Max("level")).order_by("-level", "rule_code"))
    result = []
    for row in rows:
        rule = get_rule(row["rule_code"])
        title = (rule.title_en if english else rule.title_zh) if rule else row["rule_code"]
        result.append({**row, "title": title})
    return result


def plant_section(feature, user) -> dict:
    """Context for concrete/_plant.html; the record page has already checked the plant is in scope."""
    return {
        "lines": list(MixingLine.objects.filter(plant=feature).order_by("code")),
        "batches": list(Batch.objects.filter(plant=feature).select_related("mix", "line", "order")
                        .order_by("-produced_at")[:RECENT_BATCHES]),
        "warnings_by_rule": warnings_by_rule(feature),
        "evaluations": list(EvaluationBatch.objects.filter(plant=feature).select_related("mix")
                            .order_by("-period_start", "mix__code")[:EVALUATIONS_SHOWN]),
    }


def site_section(feature, user) -> dict:
    """Context for concrete/_site.html: the newest deliveries of the trace's site direction."""
    found = trace(user, "site", feature.pk, RECEIVED_SHOWN)
    rows = found.rows if found else []
    return {"received": rows, "received_total": found.total if found else 0,
            "received_failed": sum(1 for row in rows if row["status"] == "failed")}


PLANT_SECTION = RecordSection("concrete/_plant.html", plant_section)
SITE_SECTION = RecordSection("concrete/_site.html", site_section, kind=Kind.CONSTRUCTION_SITE)
