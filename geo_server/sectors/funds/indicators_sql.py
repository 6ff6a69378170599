"""The fund indicators over every center's current returns at once (the formulas of indicators.py),
for the rules, the record section and the dashboard: one place for the SQL of a center-month."""

# One row per (center, month) of the current returns: the figures the indicators need and the
# indicators themselves. The 12-month withdrawal average and the negative-flow streak are windows
# over the center's months in order (a missing month is not filled in: the window counts returns).
MONTHS = """
SELECT m.*,
       m.loan_balance / NULLIF(m.deposit_balance, 0) AS loan_ratio,
       m.overdue / NULLIF(m.loan_balance, 0) AS overdue_rate,
       (m.deposit_balance - m.loan_balance) / NULLIF(avg(m.withdrawals) OVER twelve, 0) AS liquidity_months,
       sum(CASE WHEN m.net_flow < 0 THEN 1 ELSE 0 END) OVER (PARTITION BY m.center_id, m.run ORDER BY m.month)
           AS negative_streak
FROM (
    SELECT s.*, count(*) FILTER (WHERE s.net_flow >= 0) OVER (PARTITION BY s.center_id ORDER BY s.month) AS run
    FROM (
        SELECT r.center_id, r.month, r.version, r.deposit_balance, r.loan_balance, r.deposits_collected,
               r.loans_issued_amount, r.principal_recovered,
               r.withdrawal_purchase + r.withdrawal_rent + r.withdrawal_repayment + r.withdrawal_retirement
                   + r.withdrawal_other AS withdrawals,
               r.overdue_1_3 + r.overdue_3_6 + r.overdue_6_12 + r.overdue_over_12 AS overdue,
               r.deposits_collected + r.principal_recovered - r.loans_issued_amount
                   - (r.withdrawal_purchase + r.withdrawal_rent + r.withdrawal_repayment + r.withdrawal_retirement
                      + r.withdrawal_other) AS net_flow
        FROM funds_monthlyreturn r
        WHERE r.is_current
    ) s
) m
WINDOW twelve AS (PARTITION BY m.center_id ORDER BY m.month ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
"""

# Each center's latest month up to the sweep's day (%(today)s), with its thresholds: the center's
# own (CenterThresholds) over the rule's parameters (code defaults merged with RuleThreshold rows).
LATEST = f"""
SELECT DISTINCT ON (m.center_id) m.*, rp.p,
       COALESCE(t.loan_ratio_line, (rp.p->>'loan_ratio_line')::numeric) AS loan_ratio_line,
       COALESCE(t.overdue_rate_line, (rp.p->>'overdue_rate_line')::numeric) AS overdue_rate_line,
       COALESCE(t.negative_flow_months, (rp.p->>'negative_flow_months')::int) AS negative_flow_months,
       COALESCE(t.liquidity_floor_months, (rp.p->>'liquidity_floor_months')::numeric) AS liquidity_floor_months,
       to_char(m.month, 'YYYY-MM') AS subject
FROM ({MONTHS}) m
JOIN rule_params rp ON rp.feature_id = m.center_id
LEFT JOIN funds_centerthresholds t ON t.center_id = m.center_id
WHERE m.month <= %(today)s::date AND (%(only)s::bigint[] IS NULL OR m.center_id = ANY(%(only)s))
ORDER BY m.center_id, m.month DESC
"""
