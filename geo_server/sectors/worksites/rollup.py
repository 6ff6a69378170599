"""The worker-month rollup (worksites_workermonth): per site, person and calendar month, the count
and the first and last day of daily attendance. The wage rules read it instead of re-aggregating
the daily rows at every sweep; whatever writes daily attendance refreshes the months it touched.
"""

from datetime import date

from django.db import connection

DELETE = "DELETE FROM worksites_workermonth m WHERE {where}"

INSERT = """
INSERT INTO worksites_workermonth (site_id, id_hash, month, days, first_day, last_day)
SELECT a.site_id, a.id_hash, date_trunc('month', a.day)::date, count(*), min(a.day), max(a.day)
FROM worksites_dailyattendance a
WHERE {where}
GROUP BY a.site_id, a.id_hash, date_trunc('month', a.day)::date
"""


def refresh_worker_months(site_ids=None, first_day: date | None = None) -> int:
    """Recompute the worker-months of `site_ids` (all sites when None) from the month of `first_day`
    on (all months when None): one DELETE and one INSERT ... SELECT ... GROUP BY, in the caller's
    transaction. Returns the number of worker-months written."""
    month = first_day.replace(day=1) if first_day is not None else None
    params = {"sites": list(site_ids) if site_ids is not None else None, "month": month}
    kept, read = ["true"], ["true"]
    if site_ids is not None:
        kept.append("m.site_id = ANY(%(sites)s::bigint[])")
        read.append("a.site_id = ANY(%(sites)s::bigint[])")
    if month is not None:
        kept.append("m.month >= %(month)s::date")
        read.append("a.day >= %(month)s::date")  # the literal date prunes the earlier partitions
    with connection.cursor() as cursor:
        cursor.execute(DELETE.format(where=" AND ".join(kept)), params)
        cursor.execute(INSERT.format(where=" AND ".join(read)), params)
        return cursor.rowcount
