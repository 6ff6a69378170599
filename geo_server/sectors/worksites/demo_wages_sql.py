"""The wage demo's set-based statements (demo_wages.py). Every choice is a hash of the seed and a
stable key (the person's id hash, the day, the month), so the same seed gives the same rows whatever
ids the database hands out. `hashtext` is stable within a PostgreSQL major version."""

COPY_WORKERS = ("COPY worksites_worker (site_id, employer_id, name, id_hash, id_masked, phone_masked, trade, team, "
                "registered_on, synthetic) FROM STDIN")

# Each worker comes on 30-79 % of the working days (not Sundays) from registration; in about 7:30
# and out about 17:30, local time.
ATTENDANCE = """
INSERT INTO worksites_dailyattendance (site_id, worker_id, id_hash, day, first_at, last_at, events)
SELECT w.site_id, w.id, w.id_hash, d::date,
       (d + make_interval(mins => 440 + x.h %% 40)) AT TIME ZONE %(tz)s,
       (d + make_interval(mins => 1040 + x.h / 40 %% 90)) AT TIME ZONE %(tz)s, 2
FROM worksites_worker w
CROSS JOIN LATERAL generate_series(greatest(%(first)s, w.registered_on)::timestamp, %(last)s::timestamp,
                                   interval '1 day') d
CROSS JOIN LATERAL (SELECT abs(hashtext(%(seed)s || w.id_hash || d::date::text)) AS h) x
WHERE w.site_id = ANY(%(sites)s) AND w.synthetic AND extract(isodow FROM d) < 7
  AND x.h %% 100 < 30 + abs(hashtext(%(seed)s || ':p:' || w.id_hash)) %% 50
ON CONFLICT DO NOTHING
"""

# Persons with no real-name record, clocking in on some days of the current month (rule 5).
UNREGISTERED = """
INSERT INTO worksites_dailyattendance (site_id, worker_id, id_hash, day, first_at, last_at, events)
SELECT u.site_id, NULL, u.id_hash, d::date, (d + interval '7 hours 45 minutes') AT TIME ZONE %(tz)s,
       (d + interval '17 hours 20 minutes') AT TIME ZONE %(tz)s, 2
FROM unnest(%(u_sites)s::bigint[], %(u_hashes)s::text[]) AS u(site_id, id_hash)
CROSS JOIN LATERAL generate_series(%(u_first)s::timestamp, %(last)s::timestamp, interval '1 day') d
WHERE abs(hashtext(%(seed)s || u.id_hash || d::date::text)) %% 100 < 40
ON CONFLICT DO NOTHING
"""

# The clock events behind the last week's days: in and out.
CLOCK_EVENTS = """
INSERT INTO worksites_clockevent (source_id, site_id, worker_id, id_hash, device, method, at)
SELECT 'demo:' || f.code || ':' || left(a.id_hash, 16) || ':' || a.day || ':' || e.k, a.site_id, a.worker_id,
       a.id_hash, f.code || '-G' || (abs(hashtext(a.id_hash)) %% 3 + 1),
       CASE WHEN abs(hashtext(a.id_hash)) %% 4 = 0 THEN 'fingerprint' ELSE 'face' END,
       CASE e.k WHEN 'in' THEN a.first_at ELSE a.last_at END
FROM worksites_dailyattendance a
JOIN features_feature f ON f.id = a.site_id
CROSS JOIN (VALUES ('in'), ('out')) e(k)
WHERE a.site_id = ANY(%(sites)s) AND a.day >= %(week)s
ON CONFLICT DO NOTHING
"""

# Settled on the 10th of the next month at a daily rate of 250-449 yuan; on "semi" sites 40 % as an
# advance on the 25th of the month. Only what is due by `today`. Defects, in the latest month whose
# payday has passed: a third of the workers of "unpaid" sites unpaid, 30 % of "short" sites' paid
# 60 yuan a day, 20 % of "wrong_payee" sites' paid to the team leader.
PAYMENTS = """
WITH months AS (
    SELECT a.site_id, a.worker_id, date_trunc('month', a.day)::date AS month, count(*) AS days
    FROM worksites_dailyattendance a
    WHERE a.site_id = ANY(%(sites)s) AND a.worker_id IS NOT NULL AND a.day >= %(first)s
    GROUP BY 1, 2, 3
), plan AS (
    SELECT m.*, w.id_hash, w.name, f.code,
           abs(hashtext(%(seed)s || ':roll:' || w.id_hash || m.month::text)) %% 100 AS roll,
           m.month = %(defect_month)s AS defect_month,
           250 + abs(hashtext(%(seed)s || ':rate:' || w.id_hash)) %% 200 AS rate
    FROM months m JOIN worksites_worker w ON w.id = m.worker_id JOIN features_feature f ON f.id = m.site_id
), parts AS (
    SELECT p.*, v.part, v.share,
           CASE v.part WHEN 'advance' THEN (p.month + interval '24 days 10 hours') AT TIME ZONE %(tz)s
                       ELSE (p.month + interval '1 month 9 days 10 hours') AT TIME ZONE %(tz)s END AS paid_at
    FROM plan p
    CROSS JOIN LATERAL (VALUES ('advance', 0.4), ('settle', 0.6), ('whole', 1.0)) v(part, share)
    WHERE (v.part = 'whole') = NOT (p.site_id = ANY(%(semi)s))
)
INSERT INTO worksites_payment (source_id, site_id, worker_id, id_hash, month, amount, payee_name,
                               payee_account_hash, payee_account_masked, paid_at)
SELECT 'demo:' || code || ':' || left(id_hash, 16) || ':' || to_char(month, 'YYYY-MM') || ':' || part,
       site_id, worker_id, id_hash, month,
       round(days * CASE WHEN site_id = ANY(%(short)s) AND defect_month AND roll < 30 THEN 60 ELSE rate END * share, 2),
       CASE WHEN site_id = ANY(%(wrong_payee)s) AND defect_month AND roll < 20 THEN '黄志强' ELSE name END,
       encode(sha256(convert_to(%(seed)s || ':account:' || id_hash, 'UTF8')), 'hex'),
       '6222***********' || lpad((abs(hashtext(%(seed)s || ':acct:' || id_hash)) %% 10000)::text, 4, '0'),
       paid_at
FROM parts
WHERE paid_at < %(today)s::timestamp AT TIME ZONE %(tz)s
  AND NOT (site_id = ANY(%(unpaid)s) AND defect_month AND roll < 34)
ON CONFLICT (source_id) DO NOTHING
"""

# One allocation a month, on the 5th, of 6,000-6,999 yuan a registered worker; "no_inflow" sites
# receive nothing from the latest paid month on.
INFLOWS = """
INSERT INTO worksites_inflow (source_id, site_id, amount, received_on, payer)
SELECT 'demo:' || f.code || ':' || to_char(m, 'YYYY-MM'), f.id,
       (SELECT count(*) FROM worksites_worker w WHERE w.site_id = f.id) * (6000 + abs(hashtext(%(seed)s || f.code)) %% 1000),
       (m + interval '4 days')::date, '建设单位（合成数据）'
FROM features_feature f
CROSS JOIN generate_series(%(first_month)s::timestamp, %(last_month)s::timestamp, interval '1 month') m
WHERE f.id = ANY(%(sites)s) AND (m + interval '4 days')::date <= %(today)s
  AND NOT (f.id = ANY(%(no_inflow)s) AND m >= %(defect_month)s::timestamp)
ON CONFLICT (source_id) DO NOTHING
"""
