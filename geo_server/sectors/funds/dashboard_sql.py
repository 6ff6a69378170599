"""The fund dashboard's SQL, one statement per panel, over the current returns (indicators_sql.MONTHS)
of the centers a panel was handed (already scoped and filtered by area) within the time range."""

from geo_server.sectors.funds.indicators_sql import MONTHS

# Each center's latest month within the range, with its indicators: the ranking and the choropleth.
LATEST_IN_RANGE = f"""
SELECT DISTINCT ON (m.center_id) m.center_id, to_char(m.month, 'YYYY-MM') AS month, m.deposit_balance,
       m.loan_balance, m.loan_ratio, m.overdue_rate, m.net_flow, m.liquidity_months, a.code AS area,
       a.name AS area_name, a.name_en AS area_name_en, f.name, f.name_en
FROM ({MONTHS}) m
JOIN features_feature f ON f.id = m.center_id
LEFT JOIN features_adminarea a ON a.id = f.city_id
WHERE m.center_id = ANY(%(centers)s) AND m.month BETWEEN %(start)s AND %(end)s
ORDER BY m.center_id, m.month DESC
"""

# Sums per month over the centers: flows, withdrawals by reason, and the ratios of the sums.
PER_MONTH = """
SELECT to_char(r.month, 'YYYY-MM') AS month, sum(r.deposits_collected) AS deposits,
       sum(r.withdrawal_purchase) AS purchase, sum(r.withdrawal_rent) AS rent,
       sum(r.withdrawal_repayment) AS repayment, sum(r.withdrawal_retirement) AS retirement,
       sum(r.withdrawal_other) AS other, sum(r.loans_issued_amount) AS loans,
       sum(r.loan_balance) / NULLIF(sum(r.deposit_balance), 0) AS loan_ratio,
       sum(r.overdue_1_3 + r.overdue_3_6 + r.overdue_6_12 + r.overdue_over_12) / NULLIF(sum(r.loan_balance), 0)
           AS overdue_rate
FROM funds_monthlyreturn r
WHERE r.is_current AND r.center_id = ANY(%(centers)s) AND r.month BETWEEN %(start)s AND %(end)s
GROUP BY r.month ORDER BY r.month
"""

LARGE_FLOWS = """
SELECT x.txn_id, x.occurred_at, x.direction, x.amount, x.counterparty_masked, f.id AS center_id, f.name, f.name_en,
       a.code AS area
FROM funds_largetransaction x
JOIN features_feature f ON f.id = x.center_id
LEFT JOIN features_adminarea a ON a.id = f.city_id
WHERE x.center_id = ANY(%(centers)s) AND x.occurred_at >= %(start)s AND x.occurred_at < %(end)s::date + 1
ORDER BY x.amount DESC, x.occurred_at DESC
LIMIT %(limit)s
"""
