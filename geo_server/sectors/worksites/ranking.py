"""The district's ranking of construction sites by unpaid worker-months (indicators.py defines
them): one statement over the sites of the user's scope."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from geo_server.sectors.worksites.indicators import NOT_PAID, PARTITION_MONTHS, PAYDAY_PASSED, WORKER_MONTH_ROWS, page_cursor

RANKING_SQL = f"""
WITH sites AS ({{scope}}), {PARTITION_MONTHS},
att AS ({WORKER_MONTH_ROWS.replace("{sites}", "a.site_id IN (SELECT id FROM sites)")}
), per_site AS (
    SELECT att.site_id, count(*) AS worker_months,
           count(*) FILTER (WHERE {PAYDAY_PASSED} AND {NOT_PAID}) AS unpaid
    FROM att LEFT JOIN worksites_wageaccount wa ON wa.site_id = att.site_id
    GROUP BY att.site_id
)
SELECT f.id, f.code, f.name, f.name_en, d.name, d.name_en,
       COALESCE(per_site.unpaid, 0), COALESCE(per_site.worker_months, 0),
       (SELECT count(*) FROM worksites_worker w WHERE w.site_id = f.id),
       e.id, e.name
FROM features_feature f
JOIN sites ON sites.id = f.id
LEFT JOIN features_adminarea d ON d.id = f.district_id
LEFT JOIN per_site ON per_site.site_id = f.id
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


def ranking(sites_queryset, now: datetime | None = None) -> list[RankedSite]:
    """The sites of `sites_queryset` (already scoped) ranked by unpaid worker-months, then by
    worker-months, then by code; one statement."""
    scope_sql, scope_params = sites_queryset.values("id").query.sql_with_params()
    # The scope's own placeholders are positional; name them so they sit with %(now)s.
    params = {f"scope{i}": value for i, value in enumerate(scope_params)}
    scope_sql = scope_sql % tuple(f"%(scope{i})s" for i in range(len(scope_params)))
    params["now"] = now or timezone.now()
    with page_cursor() as cursor:
        cursor.execute(RANKING_SQL.replace("{scope}", scope_sql), params)
        return [RankedSite(*row) for row in cursor.fetchall()]
