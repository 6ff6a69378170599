"""The river-reach section of a feature's record page: class and why, sample charts, chiefs, compliance.
Registered with the core in BasinsConfig.ready(); the core never imports this module."""

from datetime import timedelta

from django.db import connection
from django.utils.translation import gettext as _

from basins.charts import line_chart
from basins.compliance import reach_compliance
from basins.models import MonitoringPoint, ReachChief, RiskAssessment, WaterSample
from basins.quality import BodyResult, Sample, classify_point, classify_water_body
from basins.risk_features import factor_label
from geo_server.features.models import Feature

# The reach page lists this many latest model runs.
RISK_HISTORY_RUNS = 10
# [D] the guideline assesses a monitoring campaign; we take the reach's latest 180 days of samples.
ASSESSMENT_DAYS = 180
SAMPLE_FIELDS = ("taken_at", "transparency_cm", "dissolved_oxygen_mg_l", "orp_mv", "ammonia_n_mg_l", "depth_cm")

MONTHLY_SQL = """
SELECT date_trunc('month', s.taken_at AT TIME ZONE 'Asia/Shanghai')::date,
       avg(s.ammonia_n_mg_l), avg(s.dissolved_oxygen_mg_l), avg(s.transparency_cm)
FROM basins_watersample s JOIN basins_monitoringpoint p ON p.id = s.point_id
WHERE p.reach_id = %s GROUP BY 1 ORDER BY 1
"""


def classify_reach(reach: Feature) -> BodyResult | None:
    """The guideline's water-body class over the assessment window; None without samples."""
    samples = WaterSample.objects.filter(point__reach=reach)
    latest = samples.order_by("-taken_at").values_list("taken_at", flat=True).first()
    if latest is None:
        return None
    window = samples.filter(taken_at__gt=latest - timedelta(days=ASSESSMENT_DAYS))
    by_point: dict[int, list[Sample]] = {}
    for row in window.values("point_id", *SAMPLE_FIELDS):
        by_point.setdefault(row.pop("point_id"), []).append(Sample(**row))
    points = MonitoringPoint.objects.filter(reach=reach).order_by("chainage_m", "code")
    return classify_water_body([classify_point(p.code, by_point.get(p.pk, []), p.chainage_m)
                                for p in points if p.pk in by_point])


def sample_charts(reach: Feature) -> list:
    with connection.cursor() as cursor:
        cursor.execute(MONTHLY_SQL, [reach.pk])
        rows = cursor.fetchall()
    series = lambda i: [(r[0], float(r[i])) for r in rows if r[i] is not None]  # noqa: E731
    mild, severe = _("mild"), _("severe")
    limits = lambda m, s: [(float(m), f"{mild} {m}", "#d98c00"), (float(s), f"{severe} {s}", "#c0392b")]  # noqa: E731
    return [
        line_chart(_("Ammonia nitrogen (mg/L), monthly mean"), series(1), limits("8", "15")),
        line_chart(_("Dissolved oxygen (mg/L), monthly mean"), series(2), limits("2.0", "0.2")),
        line_chart(_("Transparency (cm), monthly mean"), series(3), limits("25", "10")),
    ]


def risk_history(reach: Feature) -> list[RiskAssessment]:
    """The reach's assessments, newest run first: probability, level, type and top factors (each
    factor with its label in the page language)."""
    rows = list(RiskAssessment.objects.filter(reach=reach).select_related("run")
                .order_by("-run__started_at")[:RISK_HISTORY_RUNS])
    for row in rows:
        row.labelled_factors = [{**f, "label": factor_label(f["name"])} for f in row.factors]
    return rows


def reach_section(feature: Feature, user) -> dict:
    """Context for templates/features/_river_reach.html."""
    return {
        "quality": classify_reach(feature),
        "assessment_days": ASSESSMENT_DAYS,
        "charts": sample_charts(feature),
        "chiefs": ReachChief.objects.filter(reach=feature).select_related("chief").order_by("level"),
        "compliance": reach_compliance(feature),
        "point_count": MonitoringPoint.objects.filter(reach=feature).count(),
        "risk_history": risk_history(feature),
    }
