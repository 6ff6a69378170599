"""The fund warnings (DOMAIN.md §5) as set-based rules over every center at once. Each warns on
the center's feature (its own organisation answers for it, Sector.responsible_party); the subject
says what the warning is about: the month "YYYY-MM" of the center's latest return up to the sweep's
day, a transaction "txn:<id>" or a day "day:YYYY-MM-DD:in|out", a loan's collateral "loan:<ref>".
A later return that is back under the line closes the month's warning.

Lines: the center's own (CenterThresholds) over the rule parameters (THRESHOLD_DEFAULTS, which
RuleThreshold rows override per city or organisation). Levels: yellow 1, orange 2 (promoted to a
hazard), red 3; the margins are [D]."""

from geo_server.features.kinds import Kind
from geo_server.sectors.funds.indicators_sql import LATEST
from geo_server.sectors.funds.models.centers import THRESHOLD_DEFAULTS as T
from geo_server.supervision.rules import SqlRule

CENTER = Kind.FUND_CENTER

# Over the line orange; over the line + red_margin red [D].
LOAN_RATIO_SQL = f"""
SELECT center_id AS feature_id, subject,
       (CASE WHEN loan_ratio > loan_ratio_line + (p->>'red_margin')::numeric THEN 3 ELSE 2 END)::smallint AS level,
       subject || ' 个贷率 ' || round(loan_ratio * 100, 2) || '%%，超过预警线 ' || round(loan_ratio_line * 100, 2) || '%%'
           AS message_zh,
       subject || ' loan ratio ' || round(loan_ratio * 100, 2) || '%% over the warning line '
           || round(loan_ratio_line * 100, 2) || '%%' AS message_en,
       jsonb_build_object('month', subject, 'loan_ratio', round(loan_ratio, 4), 'line', loan_ratio_line) AS evidence
FROM ({LATEST}) l
WHERE loan_ratio > loan_ratio_line
"""

OVERDUE_RATE_SQL = f"""
SELECT center_id AS feature_id, subject,
       (CASE WHEN overdue_rate > overdue_rate_line * 2 THEN 3 ELSE 2 END)::smallint AS level,
       subject || ' 逾期率 ' || round(overdue_rate * 100, 2) || '%%，超过预警线 ' || round(overdue_rate_line * 100, 2)
           || '%%' AS message_zh,
       subject || ' overdue rate ' || round(overdue_rate * 100, 2) || '%% over the line '
           || round(overdue_rate_line * 100, 2) || '%%' AS message_en,
       jsonb_build_object('month', subject, 'overdue_rate', round(overdue_rate, 5), 'line', overdue_rate_line)
           AS evidence
FROM ({LATEST}) l
WHERE overdue_rate > overdue_rate_line
"""

NET_FLOW_SQL = f"""
SELECT center_id AS feature_id, subject, 2::smallint AS level,
       subject || ' 资金净流量已连续 ' || negative_streak || ' 个月为负（本月 ' || round(net_flow / 10000, 2) || ' 万元）'
           AS message_zh,
       subject || ' net flow negative for ' || negative_streak || ' consecutive months (this month '
           || round(net_flow / 10000, 2) || ' 10k yuan)' AS message_en,
       jsonb_build_object('month', subject, 'months', negative_streak, 'net_flow', net_flow,
                          'line_months', negative_flow_months) AS evidence
FROM ({LATEST}) l
WHERE negative_streak >= negative_flow_months
"""

LIQUIDITY_SQL = f"""
SELECT center_id AS feature_id, subject, 2::smallint AS level,
       subject || ' 流动性 ' || round(liquidity_months, 2) || ' 个月，低于下限 ' || liquidity_floor_months || ' 个月'
           AS message_zh,
       subject || ' liquidity ' || round(liquidity_months, 2) || ' months of withdrawals, below the floor of '
           || liquidity_floor_months AS message_en,
       jsonb_build_object('month', subject, 'liquidity_months', round(liquidity_months, 2),
                          'floor', liquidity_floor_months) AS evidence
FROM ({LATEST}) l
WHERE liquidity_months < liquidity_floor_months
"""

# Transactions of the last lookback_days before the sweep's day: each one over the center's
# threshold, and each day's total per direction over it when no single transaction of it is.
LARGE_FLOW_SQL = """
WITH recent AS (
    SELECT x.*, (x.occurred_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
           COALESCE(t.large_transaction_yuan, (rp.p->>'large_transaction_yuan')::numeric) AS line
    FROM funds_largetransaction x
    JOIN rule_params rp ON rp.feature_id = x.center_id
    LEFT JOIN funds_centerthresholds t ON t.center_id = x.center_id
    WHERE (x.occurred_at AT TIME ZONE 'Asia/Shanghai')::date
              BETWEEN %(today)s::date - (rp.p->>'lookback_days')::int AND %(today)s::date
      AND (%(only)s::bigint[] IS NULL OR x.center_id = ANY(%(only)s))
), days AS (
    SELECT center_id, day, direction, sum(amount) AS total, count(*) AS n, max(line) AS line,
           bool_or(amount > line) AS single
    FROM recent GROUP BY center_id, day, direction
)
SELECT center_id AS feature_id, 'txn:' || txn_id AS subject, 1::smallint AS level,
       to_char(day, 'YYYY-MM-DD') || CASE direction WHEN 'in' THEN ' 大额流入 ' ELSE ' 大额流出 ' END
           || round(amount / 10000, 2) || ' 万元，超过阈值 ' || round(line / 10000, 2) || ' 万元（' || txn_id || '）'
           AS message_zh,
       to_char(day, 'YYYY-MM-DD') || CASE direction WHEN 'in' THEN ' large inflow ' ELSE ' large outflow ' END
           || round(amount / 10000, 2) || ' 10k yuan over the threshold ' || round(line / 10000, 2) || ' (' || txn_id
           || ')' AS message_en,
       jsonb_build_object('txn_id', txn_id, 'day', day, 'direction', direction, 'amount', amount, 'line', line)
           AS evidence
FROM recent WHERE amount > line
UNION ALL
SELECT center_id, 'day:' || to_char(day, 'YYYY-MM-DD') || ':' || direction, 1::smallint,
       to_char(day, 'YYYY-MM-DD') || CASE direction WHEN 'in' THEN ' 当日流入 ' ELSE ' 当日流出 ' END || n || ' 笔合计 '
           || round(total / 10000, 2) || ' 万元，超过阈值 ' || round(line / 10000, 2) || ' 万元',
       to_char(day, 'YYYY-MM-DD') || ' ' || n || CASE direction WHEN 'in' THEN ' inflows' ELSE ' outflows' END
           || ' total ' || round(total / 10000, 2) || ' 10k yuan over the threshold ' || round(line / 10000, 2),
       jsonb_build_object('day', day, 'direction', direction, 'total', total, 'count', n, 'line', line)
FROM days WHERE total > line AND NOT single
"""

COLLATERAL_SQL = """
SELECT c.center_id AS feature_id, 'loan:' || c.loan_ref AS subject, 2::smallint AS level,
       '贷款 ' || c.loan_ref || ' 抵押物覆盖率 ' || round(c.appraised_value / c.outstanding_loan * 100, 1) || '%%，不足 100%%'
           AS message_zh,
       'Loan ' || c.loan_ref || ': collateral coverage ' || round(c.appraised_value / c.outstanding_loan * 100, 1)
           || '%% below 100%%' AS message_en,
       jsonb_build_object('loan_ref', c.loan_ref, 'appraised_value', c.appraised_value,
                          'outstanding_loan', c.outstanding_loan,
                          'coverage', round(c.appraised_value / c.outstanding_loan, 4)) AS evidence
FROM funds_collateral c
JOIN rule_params rp ON rp.feature_id = c.center_id
WHERE c.state = 'registered' AND c.outstanding_loan > 0 AND c.appraised_value < c.outstanding_loan
  AND (%(only)s::bigint[] IS NULL OR c.center_id = ANY(%(only)s))
"""

RULES = (
    SqlRule("fund.loan_ratio", CENTER, LOAN_RATIO_SQL, {"loan_ratio_line": T["loan_ratio_line"], "red_margin": "0.10"},
            "个贷率超预警线", "Loan ratio over the warning line"),
    SqlRule("fund.overdue_rate", CENTER, OVERDUE_RATE_SQL, {"overdue_rate_line": T["overdue_rate_line"]},
            "逾期率超预警线", "Overdue rate over the line"),
    SqlRule("fund.net_flow", CENTER, NET_FLOW_SQL, {"negative_flow_months": T["negative_flow_months"]},
            "资金净流量持续为负", "Negative net flow for consecutive months"),
    SqlRule("fund.liquidity", CENTER, LIQUIDITY_SQL, {"liquidity_floor_months": T["liquidity_floor_months"]},
            "流动性低于下限", "Liquidity below the floor"),
    SqlRule("fund.large_flow", CENTER, LARGE_FLOW_SQL,
            {"large_transaction_yuan": T["large_transaction_yuan"], "lookback_days": 31},
            "大额资金流动", "Large inflow or outflow"),
    SqlRule("fund.collateral", CENTER, COLLATERAL_SQL, {}, "抵押物覆盖不足", "Collateral coverage below 1"),
)


def _forecast_sql(indicator: str, zh: str, en: str) -> str:
    """The stored forecast (forecast_runs.py) crossing the center's line within the horizon while the
    latest month is still under it (over it, the line's own rule warns); yellow, subject the month."""
    return f"""
SELECT r.center_id AS feature_id, to_char(r.last_month, 'YYYY-MM') AS subject, 1::smallint AS level,
       '预测{zh}将在 ' || r.months_to_cross || ' 个月内超过预警线 ' || round((r.line * 100)::numeric, 2) || '%%（'
           || to_char(r.last_month, 'YYYY-MM') || ' 为 ' || round((r.last_value * 100)::numeric, 2) || '%%）'
           AS message_zh,
       'The {en} is forecast to cross its line of ' || round((r.line * 100)::numeric, 2) || '%% within '
           || r.months_to_cross || ' months (' || to_char(r.last_month, 'YYYY-MM') || ': '
           || round((r.last_value * 100)::numeric, 2) || '%%)' AS message_en,
       jsonb_build_object('month', to_char(r.last_month, 'YYYY-MM'), 'months_to_cross', r.months_to_cross,
                          'line', r.line, 'last_value', r.last_value, 'method', r.method,
                          'mean', r.mean, 'lower', r.lower, 'upper', r.upper) AS evidence
FROM funds_forecastrun r
JOIN rule_params rp ON rp.feature_id = r.center_id
WHERE r.indicator = '{indicator}' AND r.months_to_cross IS NOT NULL AND r.last_value <= r.line
  AND r.last_month <= %(today)s::date AND (%(only)s::bigint[] IS NULL OR r.center_id = ANY(%(only)s))
"""


RULES += (
    SqlRule("fund.forecast_loan_ratio", CENTER, _forecast_sql("loan_ratio", "个贷率", "loan ratio"), {},
            "个贷率预测将超预警线", "Loan ratio forecast to cross its line"),
    SqlRule("fund.forecast_overdue_rate", CENTER, _forecast_sql("overdue_rate", "逾期率", "overdue rate"), {},
            "逾期率预测将超预警线", "Overdue rate forecast to cross its line"),
)
