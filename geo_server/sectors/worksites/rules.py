"""Construction-site warning rules (DOMAIN.md §3): one per-row rule over a site's own data, and the
five wage rules, each one set-based SQL statement over the whole kind (supervision.rules.SqlRule).

The wage statements read `rule_params` (feature_id, p jsonb: each site's parameters), %(today)s and
%(only)s, and yield (feature_id, subject, level, message_zh, message_en, evidence). A worker-month is
the attendance of one registered person (site, id_hash) in one calendar month (read from the rollup
worksites_workermonth, rollup.py), joined to the wage payments for that month by the same keys. Messages name the worker by name and masked ID number;
evidence carries days, amounts and dates, never an ID or account number.
"""

from datetime import date

from django.conf import settings

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.rules import Finding, Rule, SqlRule


def past_planned_completion(row: dict, params: dict, today: date) -> Finding | None:
    """Still under construction after the planned completion date [D]: yellow, orange after
    orange_after_days [D]. Long overruns are where wage arrears gather (seed)."""
    planned = row.get("planned_completion")
    if planned is None or row.get("status") != "under_construction" or today <= planned:
        return None
    days = (today - planned).days
    level = RiskLevel.ORANGE if days > params["orange_after_days"] else RiskLevel.YELLOW
    return Finding(level, f"超过计划竣工日期 {days} 天仍在施工", f"Still under construction {days} days after planned completion",
                   {"planned_completion": planned.isoformat(), "days_late": days})


# -- the wage rules: shared pieces of SQL ------------------------------------------------------------

# Parameters [S/D]: the payday of month M is this day of M+1 (a site's wage account may set its own);
# the minimum daily wage is the minimum monthly wage / 21.75 paid days [S].
PAYDAY = {"payday": 15}
MINIMUM = {"min_monthly_wage": settings.GEO_SERVER["MIN_MONTHLY_WAGE"], "paid_days": 21.75}

# Attendance per person and month up to today, from the worker-month rollup (rollup.py): a month
# whose last day of attendance is after today (today inside it, or attendance recorded ahead) is
# counted again from the daily rows up to today; only such months read the daily table.
_ATTENDANCE_MONTHS = """
attendance_months AS (
    SELECT m.site_id, m.id_hash, m.month, m.days, m.first_day, m.last_day
    FROM worksites_workermonth m
    WHERE m.last_day <= %(today)s AND (%(only)s::bigint[] IS NULL OR m.site_id = ANY(%(only)s::bigint[]))
    UNION ALL
    SELECT m.site_id, m.id_hash, m.month, count(*)::int, min(a.day), max(a.day)
    FROM worksites_workermonth m
    JOIN worksites_dailyattendance a ON a.site_id = m.site_id AND a.id_hash = m.id_hash
                                    AND a.day >= m.first_day AND a.day <= %(today)s
    WHERE m.first_day <= %(today)s AND m.last_day > %(today)s
      AND (%(only)s::bigint[] IS NULL OR m.site_id = ANY(%(only)s::bigint[]))
    GROUP BY m.site_id, m.id_hash, m.month
)"""

# Attendance per registered worker and month, up to today, with the month's payday: the day
# `payday` of the next month (the site's wage account's, else the parameter), clamped to its end.
# The workers are joined before rule_params (materialized): with rule_params first, a few sites'
# row estimate of 1 made the planner merge-join the workers on the site alone (48M rows filtered).
_WORKER_MONTHS = _ATTENDANCE_MONTHS + """,
registered_months AS MATERIALIZED (
    SELECT am.site_id, w.id AS worker_id, w.name, w.id_masked, am.id_hash, am.month, am.days
    FROM attendance_months am
    JOIN worksites_worker w ON w.site_id = am.site_id AND w.id_hash = am.id_hash
    WHERE %(only)s::bigint[] IS NULL OR w.site_id = ANY(%(only)s::bigint[])  -- the workers of those sites only
),
site_paydays AS MATERIALIZED (  -- once per site, not per worker-month
    SELECT rp.feature_id AS site_id, rp.p, COALESCE(wa.payday, (rp.p->>'payday')::int) AS payday
    FROM rule_params rp LEFT JOIN worksites_wageaccount wa ON wa.site_id = rp.feature_id
),
worker_months AS (
    SELECT rm.site_id, rm.worker_id, rm.name, rm.id_masked, rm.id_hash, sp.p, rm.month, rm.days,
           LEAST((rm.month + interval '1 month')::date + (sp.payday - 1),
                 (rm.month + interval '2 months')::date - 1) AS payday
    FROM registered_months rm
    JOIN site_paydays sp ON sp.site_id = rm.site_id
)"""

# The worker named in messages: 张三（440106********1234）; the month as 2026-03.
_WHO_ZH = "wm.name || '（' || wm.id_masked || '）'"
_WHO_EN = "wm.name || ' (' || wm.id_masked || ')'"
_MONTH = "to_char(wm.month, 'YYYY-MM')"

UNPAID_SQL = "WITH" + _WORKER_MONTHS + """,
unpaid AS (
    SELECT wm.*, %(today)s::date - wm.payday AS days_overdue,
           count(*) OVER (PARTITION BY wm.site_id, wm.month) AS unpaid_workers
    FROM worker_months wm
    WHERE wm.payday < %(today)s::date
      AND NOT EXISTS (SELECT 1 FROM worksites_payment pay
                      WHERE pay.site_id = wm.site_id AND pay.id_hash = wm.id_hash AND pay.month = wm.month)
)
SELECT wm.site_id AS feature_id,
       'worker:' || wm.worker_id || ':' || """ + _MONTH + """ AS subject,
       (CASE WHEN wm.days_overdue > (wm.p->>'red_after_days')::int
                  OR wm.unpaid_workers >= (wm.p->>'red_unpaid_workers')::int THEN 3 ELSE 2 END)::smallint AS level,
       """ + _WHO_ZH + """ || """ + _MONTH + """ || ' 有考勤 ' || wm.days || ' 天，发薪日 '
           || wm.payday || ' 已过 ' || wm.days_overdue || ' 天仍无工资发放记录' AS message_zh,
       """ + _WHO_EN + """ || ' worked ' || wm.days || ' days in ' || """ + _MONTH + """
           || ' and has no wage payment ' || wm.days_overdue || ' days after the payday ' || wm.payday AS message_en,
       jsonb_build_object('month', """ + _MONTH + """, 'days', wm.days, 'payday', wm.payday,
                          'days_overdue', wm.days_overdue, 'unpaid_workers', wm.unpaid_workers) AS evidence
FROM unpaid wm
"""

# Paid for the month (all its payments summed) less than days x the minimum daily wage, judged once
# the payday has passed (an advance before it is not underpayment).
UNDERPAID_SQL = "WITH" + _WORKER_MONTHS + """,
paid AS (
    SELECT wm.*, pay.amount, pay.payments,
           round(wm.days * (wm.p->>'min_monthly_wage')::numeric / (wm.p->>'paid_days')::numeric, 2) AS minimum
    FROM worker_months wm
    -- summed per worker-month from the index alone (payment_site_person_month), not by grouping
    -- the wide worker-month rows after the join
    CROSS JOIN LATERAL (SELECT sum(p.amount) AS amount, count(*) AS payments FROM worksites_payment p
                        WHERE p.site_id = wm.site_id AND p.id_hash = wm.id_hash AND p.month = wm.month) pay
    WHERE wm.payday < %(today)s::date AND pay.payments > 0
)
SELECT wm.site_id AS feature_id,
       'worker:' || wm.worker_id || ':' || """ + _MONTH + """ AS subject,
       2::smallint AS level,
       """ + _WHO_ZH + """ || """ + _MONTH + """ || ' 有考勤 ' || wm.days || ' 天，实发 ' || wm.amount
           || ' 元，低于最低工资标准折算的 ' || wm.minimum || ' 元' AS message_zh,
       """ + _WHO_EN + """ || ' was paid ' || wm.amount || ' yuan for ' || wm.days || ' days in ' || """ + _MONTH + """
           || ', less than the minimum wage of ' || wm.minimum || ' yuan' AS message_en,
       jsonb_build_object('month', """ + _MONTH + """, 'days', wm.days, 'paid', wm.amount, 'minimum', wm.minimum,
                          'payments', wm.payments, 'payday', wm.payday) AS evidence
FROM paid wm
WHERE wm.amount < wm.minimum
"""

# A payment for a registered worker's month into an account whose holder is not the worker.
WRONG_PAYEE_SQL = """
SELECT wm.site_id AS feature_id,
       'worker:' || wm.worker_id || ':' || """ + _MONTH + """ AS subject,
       2::smallint AS level,
       """ + _WHO_ZH + """ || """ + _MONTH + """ || ' 的工资 ' || wm.amount || ' 元发放至他人账户（收款人 '
           || wm.payees || '）' AS message_zh,
       """ + _WHO_EN + """ || ': wages of ' || wm.amount || ' yuan for ' || """ + _MONTH + """
           || ' paid into an account in another name (' || wm.payees || ')' AS message_en,
       jsonb_build_object('month', """ + _MONTH + """, 'paid', wm.amount, 'payments', wm.payment_ids,
                          'payees', wm.payees, 'accounts', wm.accounts) AS evidence
FROM (
    SELECT pay.site_id, w.id AS worker_id, w.name, w.id_masked, pay.month, sum(pay.amount) AS amount,
           jsonb_agg(pay.id ORDER BY pay.id) AS payment_ids,
           string_agg(DISTINCT pay.payee_name, '、') AS payees,
           jsonb_agg(DISTINCT pay.payee_account_masked) AS accounts
    FROM worksites_payment pay
    JOIN worksites_worker w ON w.site_id = pay.site_id AND w.id_hash = pay.id_hash
    WHERE btrim(pay.payee_name) <> btrim(w.name)
      AND (%(only)s::bigint[] IS NULL OR pay.site_id = ANY(%(only)s::bigint[]))
      AND (%(only)s::bigint[] IS NULL OR w.site_id = ANY(%(only)s::bigint[]))  -- the workers of those sites only
    GROUP BY pay.site_id, w.id, w.name, w.id_masked, pay.month
) wm
-- rule_params after the join: first, its estimate of a few rows made the planner probe the workers
-- once per payment (150,000 index probes for 50 sites) instead of hashing them
JOIN rule_params rp ON rp.feature_id = wm.site_id
"""

# Attendance continuing more than `inflow_gap_months` after the last labour-cost allocation (or,
# with none yet, after the account opened / the first attendance): one warning per month of
# attendance past the gap, all closed by the next allocation.
NO_INFLOW_SQL = "WITH" + _ATTENDANCE_MONTHS + """, months AS (
    SELECT am.site_id, rp.p, am.month, max(am.last_day) AS last_day, min(am.first_day) AS first_day,
           count(*) AS people
    FROM attendance_months am
    JOIN rule_params rp ON rp.feature_id = am.site_id
    GROUP BY am.site_id, rp.p, am.month
), sites AS (
    SELECT m.site_id, (SELECT max(i.received_on) FROM worksites_inflow i
                       WHERE i.site_id = m.site_id AND i.received_on <= %(today)s) AS last_inflow,
           (SELECT wa.opened_on FROM worksites_wageaccount wa WHERE wa.site_id = m.site_id) AS opened_on,
           min(m.first_day) AS first_day
    FROM months m GROUP BY m.site_id
), gaps AS (
    SELECT m.*, s.last_inflow, COALESCE(s.last_inflow, s.opened_on, s.first_day) AS since,
           (COALESCE(s.last_inflow, s.opened_on, s.first_day)
               + make_interval(months => (m.p->>'inflow_gap_months')::int))::date AS due
    FROM months m JOIN sites s USING (site_id)
)
SELECT g.site_id AS feature_id, 'account:' || to_char(g.month, 'YYYY-MM') AS subject, 3::smallint AS level,
       '工资专用账户自 ' || g.since || ' 起超过 ' || (g.p->>'inflow_gap_months') || ' 个月未拨付人工费用，'
           || to_char(g.month, 'YYYY-MM') || ' 仍有 ' || g.people || ' 人考勤' AS message_zh,
       'No labour-cost allocation into the wage account for more than ' || (g.p->>'inflow_gap_months')
           || ' month(s) since ' || g.since || ' while ' || g.people || ' people worked in '
           || to_char(g.month, 'YYYY-MM') AS message_en,
       jsonb_build_object('month', to_char(g.month, 'YYYY-MM'), 'last_inflow', g.last_inflow, 'since', g.since,
                          'due', g.due, 'last_attendance', g.last_day, 'people', g.people) AS evidence
FROM gaps g
WHERE g.last_day > g.due
"""

# Attendance by a person with no real-name registration on the site: the person is named only by
# the first 16 characters of the ID hash.
UNREGISTERED_SQL = "WITH" + _ATTENDANCE_MONTHS + """
SELECT u.site_id AS feature_id, 'person:' || left(u.id_hash, 16) || ':' || to_char(u.month, 'YYYY-MM') AS subject,
       1::smallint AS level,
       '未实名登记人员（' || left(u.id_hash, 16) || '）' || to_char(u.month, 'YYYY-MM') || ' 在本工地考勤 '
           || u.days || ' 天' AS message_zh,
       'A person not registered on the site (' || left(u.id_hash, 16) || ') worked ' || u.days || ' days in '
           || to_char(u.month, 'YYYY-MM') AS message_en,
       jsonb_build_object('month', to_char(u.month, 'YYYY-MM'), 'days', u.days, 'first_day', u.first_day,
                          'last_day', u.last_day, 'person', left(u.id_hash, 16)) AS evidence
FROM (
    SELECT am.* FROM attendance_months am
    JOIN rule_params rp ON rp.feature_id = am.site_id
    WHERE NOT EXISTS (SELECT 1 FROM worksites_worker w WHERE w.site_id = am.site_id AND w.id_hash = am.id_hash)
) u
"""

_SITE = Kind.CONSTRUCTION_SITE
WAGE_RULES = (
    SqlRule("wage.unpaid", _SITE, UNPAID_SQL, {**PAYDAY, "red_after_days": 30, "red_unpaid_workers": 10},
            "有考勤无工资发放", "Attendance but no wage payment", ("wage_payment",)),
    SqlRule("wage.underpaid", _SITE, UNDERPAID_SQL, {**PAYDAY, **MINIMUM},
            "工资低于最低工资标准", "Paid below the minimum wage", ("wage_payment",)),
    SqlRule("wage.wrong_payee", _SITE, WRONG_PAYEE_SQL, {},
            "工资未发放至本人账户", "Wages paid into another person's account", ("wage_payment",)),
    SqlRule("wage.no_inflow", _SITE, NO_INFLOW_SQL, {"inflow_gap_months": 1},
            "人工费用未按月拨付", "Labour costs not allocated monthly"),
    SqlRule("wage.unregistered", _SITE, UNREGISTERED_SQL, {},
            "未实名登记人员考勤", "Attendance by an unregistered person"),
)
WAGE_RULE_CODES = tuple(rule.code for rule in WAGE_RULES)

# The per-row rules (registered today); the sector's declaration lists RULES + WAGE_RULES once the sweep
# runs SqlRules.
RULES = (
    Rule("site.past_planned_completion", Kind.CONSTRUCTION_SITE, past_planned_completion, {"orange_after_days": 180},
         "超期未竣工", "Past planned completion"),
)
