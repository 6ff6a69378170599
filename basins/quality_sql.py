"""basins.quality's indicator levels as SQL, for counting a whole jurisdiction's samples in the
database (the dashboard): the same limits, the same shallow-water rule, one CASE per indicator.
tests/test_dashboard_sectors.py checks that every expression agrees with indicator_level at the
limits. The point and water-body rules stay in Python (judge_counts, body_level)."""

from datetime import datetime

from django.db import connection

from basins.quality import INDICATORS, IndicatorCounts

# Level 2 severe, 1 mild, 0 none, NULL not measured; over a sample row `s`.
SAMPLE_LEVEL_SQL = {
    "transparency_cm": """CASE WHEN s.transparency_cm IS NULL THEN NULL
        WHEN s.depth_cm < 25 THEN CASE WHEN s.transparency_cm < 0.4 * s.depth_cm * 10.0 / 25.0 THEN 2
                                      WHEN s.transparency_cm <= 0.4 * s.depth_cm THEN 1 ELSE 0 END
        WHEN s.transparency_cm < 10 THEN 2 WHEN s.transparency_cm <= 25 THEN 1 ELSE 0 END""",
    "dissolved_oxygen_mg_l": """CASE WHEN s.dissolved_oxygen_mg_l IS NULL THEN NULL
        WHEN s.dissolved_oxygen_mg_l < 0.2 THEN 2 WHEN s.dissolved_oxygen_mg_l <= 2.0 THEN 1 ELSE 0 END""",
    "orp_mv": """CASE WHEN s.orp_mv IS NULL THEN NULL
        WHEN s.orp_mv < -200 THEN 2 WHEN s.orp_mv <= 50 THEN 1 ELSE 0 END""",
    "ammonia_n_mg_l": """CASE WHEN s.ammonia_n_mg_l IS NULL THEN NULL
        WHEN s.ammonia_n_mg_l > 15 THEN 2 WHEN s.ammonia_n_mg_l >= 8.0 THEN 1 ELSE 0 END""",
}

_LEVELS = ",\n           ".join(f"{SAMPLE_LEVEL_SQL[name]} AS {name}" for name in INDICATORS)
_COUNTS = ",\n       ".join(f"count({name}), count(*) FILTER (WHERE {name} = 2), COALESCE(bool_or({name} >= 1), false)"
                           for name in INDICATORS)

POINT_COUNTS_SQL = f"""
WITH levels AS (
    SELECT p.reach_id, s.point_id,
           {_LEVELS}
    FROM basins_watersample s JOIN basins_monitoringpoint p ON p.id = s.point_id
    WHERE p.reach_id = ANY(%(reaches)s::bigint[])
      AND (%(since)s::timestamptz IS NULL OR s.taken_at >= %(since)s)
      AND (%(before)s::timestamptz IS NULL OR s.taken_at < %(before)s)
)
SELECT reach_id, point_id,
       {_COUNTS}
FROM levels GROUP BY reach_id, point_id
"""


def point_counts(reach_ids: list[int], since: datetime | None, before: datetime | None
                 ) -> dict[int, list[dict[str, IndicatorCounts]]]:
    """reach id -> one {indicator: counts} per monitoring point with samples taken in [since, before)."""
    with connection.cursor() as cursor:
        cursor.execute(POINT_COUNTS_SQL, {"reaches": reach_ids, "since": since, "before": before})
        rows = cursor.fetchall()
    result: dict[int, list[dict[str, IndicatorCounts]]] = {}
    for reach_id, _point_id, *values in rows:
        result.setdefault(reach_id, []).append(
            {name: IndicatorCounts(*values[3 * i:3 * i + 3]) for i, name in enumerate(INDICATORS)})
    return result
