"""The district's ranking of construction sites by unpaid worker-months (open `wage.unpaid`
warnings; indicators.py): one statement over the sites of the user's scope."""

from dataclasses import dataclass

from geo_server.db_router import read_connection
from geo_server.sectors.worksites.indicators import OPEN_UNPAID, REGISTERED_MONTHS

IN_SCOPE = "{column} IN (SELECT id FROM sites)"

RANKING_SQL = """
WITH sites AS ({scope}),
worker_months AS (
    SELECT att.site_id, count(*) AS n
    FROM (""" + REGISTERED_MONTHS.format(sites=IN_SCOPE.format(column="m.site_id")) + """) att
    GROUP BY att.site_id
), unpaid AS (
    SELECT u.site_id, count(*) AS n
    FROM (""" + OPEN_UNPAID.format(sites=IN_SCOPE.format(column="u.feature_id")) + """) u
    GROUP BY u.site_id
)
SELECT f.id, f.code, f.name, f.name_en, d.name, d.name_en,
       COALESCE(unpaid.n, 0), COALESCE(worker_months.n, 0),
       (SELECT count(*) FROM worksites_worker w WHERE w.site_id = f.id),
       e.id, e.name
FROM features_feature f
JOIN sites ON sites.id = f.id
LEFT JOIN features_adminarea d ON d.id = f.district_id
LEFT JOIN worker_months ON worker_months.site_id = f.id
LEFT JOIN unpaid ON unpaid.site_id = f.id
LEFT JOIN worksites_subcontract s ON s.site_id = f.id AND s.role = 'general'
LEFT JOIN worksites_enterprise e ON e.id = s.enterprise_id
ORDER BY 7 DESC, 8 DESC, f.code
"""


@dataclass(frozen=True)
class RankedSite:
    id: int
    code: str
    name: str
    name_en: str
    district: str | None
    district_en: str | None
    unpaid: int
    worker_months: int
    workers: int
    contractor_id: int | None
    contractor: str | None


def ranking(sites_queryset) -> list[RankedSite]:
    """The sites of `sites_queryset` (already scoped) ranked by unpaid worker-months, then by
    worker-months, then by code; one statement."""
    scope_sql, scope_params = sites_queryset.values("id").query.sql_with_params()
    with read_connection().cursor() as cursor:
        cursor.execute(RANKING_SQL.replace("{scope}", scope_sql), scope_params)
        return [RankedSite(*row) for row in cursor.fetchall()]
