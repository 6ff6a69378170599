"""Rules on the plant and its mixing lines (DOMAIN.md §4 warnings 1, 2, 3 and 17); the definitions are
in rules.py's table. Rule 1 is a per-row rule over the plant's detail row; the others are SqlRules
reading `rule_params`, %(today)s and %(only)s (supervision.rules.SqlRule).

Rules 3 and 17 compare with the database's now(): a link silent for 30 minutes is a matter of
minutes, not of the day a sweep is run for.
"""

from datetime import date

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.rules import Finding, Rule, SqlRule

PLANT = Kind.CONCRETE_PLANT

_QUALIFICATIONS = (("licence_no", "licence_expires_on", "资质证书", "qualification certificate"),
                   ("lab_qualification_no", "lab_qualification_expires_on", "试验室资质", "laboratory qualification"))


def _qualification_problem(number: str, expires: date | None, today: date, notice_days: int):
    """(level, zh, en) of one qualification, or None when it is valid beyond the notice period."""
    if not (number or "").strip():
        return RiskLevel.ORANGE, "缺失", "missing"
    if expires is None:
        return None  # a certificate without an end date on record is taken as valid
    days_left = (expires - today).days
    if days_left < 0:
        return RiskLevel.ORANGE, f"已于 {expires} 过期", f"expired on {expires}"
    if days_left <= notice_days:
        return RiskLevel.YELLOW, f"将于 {expires} 到期（{days_left} 天）", f"expires on {expires} ({days_left} days)"
    return None


def basic(row: dict, params: dict, today: date) -> Finding | None:
    """1. 基础预警: the qualification certificate or the laboratory qualification missing (orange),
    expired (orange: valid through its expiry date) or expiring within notice_days [D 30] (yellow)."""
    problems = []
    for number_field, expiry_field, zh, en in _QUALIFICATIONS:
        problem = _qualification_problem(row.get(number_field), row.get(expiry_field), today, params["notice_days"])
        if problem:
            problems.append((problem[0], f"{zh}{problem[1]}", f"{en} {problem[2]}", number_field))
    if not problems:
        return None
    level = max(level for level, *_rest in problems)
    return Finding(level, "；".join(p[1] for p in problems), "; ".join(p[2] for p in problems).capitalize(),
                   {"problems": [p[3] for p in problems]})


EQUIPMENT_SQL = """
SELECT l.plant_id AS feature_id, 'line:' || l.code AS subject, 2::smallint AS level,
       '拌台 ' || l.code || CASE WHEN l.last_verified_on IS NULL THEN ' 计量设备无检定记录'
                                 ELSE ' 计量设备检定已于 ' || l.due || ' 到期' END AS message_zh,
       'Mixing line ' || l.code || CASE WHEN l.last_verified_on IS NULL THEN ': no metering verification on record'
                                        ELSE ': metering verification due on ' || l.due END AS message_en,
       jsonb_build_object('line', l.code, 'equipment', l.metering_equipment,
                          'last_verified_on', l.last_verified_on, 'due', l.due) AS evidence
FROM (SELECT l.*, (l.last_verified_on + make_interval(months => (rp.p->>'verification_months')::int))::date AS due
      FROM concrete_mixingline l JOIN rule_params rp ON rp.feature_id = l.plant_id) l
WHERE l.last_verified_on IS NULL OR l.due < %(today)s::date
"""

# (a) a line that produced in the last active_minutes while its last batching record is older than
# silence_minutes; (b) batches older than silence_minutes with no batching record at all.
BATCHING_ONLINE_SQL = """
WITH lines AS (
    SELECT l.id, l.plant_id, l.code, rp.p,
           (SELECT max(b.produced_at) FROM concrete_batch b
            WHERE b.line_id = l.id AND b.produced_at <= now()
              AND b.produced_at > now() - make_interval(mins => (rp.p->>'active_minutes')::int)) AS last_batch,
           GREATEST(l.last_batching_at, (SELECT max(r.batched_at) FROM concrete_batchingrecord r
                                          WHERE r.line_id = l.id)) AS last_record
    FROM concrete_mixingline l JOIN rule_params rp ON rp.feature_id = l.plant_id
), unrecorded AS (
    SELECT b.plant_id, COALESCE(l.code, '-') AS code, count(*) AS batches,
           (array_agg(b.serial ORDER BY b.produced_at))[1:5] AS serials
    FROM concrete_batch b
    JOIN rule_params rp ON rp.feature_id = b.plant_id
    LEFT JOIN concrete_mixingline l ON l.id = b.line_id
    WHERE b.produced_at < now() - make_interval(mins => (rp.p->>'silence_minutes')::int)
      AND NOT EXISTS (SELECT 1 FROM concrete_batchingrecord r WHERE r.plant_id = b.plant_id AND r.serial = b.serial)
    GROUP BY b.plant_id, COALESCE(l.code, '-')
)
SELECT plant_id AS feature_id, 'line:' || code || ':link' AS subject, 2::smallint AS level,
       '拌台 ' || code || ' 正在生产，但投料数据 ' || COALESCE(to_char(last_record AT TIME ZONE 'Asia/Shanghai',
           'YYYY-MM-DD HH24:MI'), '从未') || ' 后未再上传' AS message_zh,
       'Mixing line ' || code || ' is producing but has sent no batching record since '
           || COALESCE(to_char(last_record AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), 'ever') AS message_en,
       jsonb_build_object('line', code, 'last_batch', last_batch, 'last_record', last_record) AS evidence
FROM lines
WHERE last_batch IS NOT NULL
  AND (last_record IS NULL OR last_record < now() - make_interval(mins => (p->>'silence_minutes')::int))
UNION ALL
SELECT plant_id, 'line:' || code || ':unrecorded', 2::smallint,
       '拌台 ' || code || ' 有 ' || batches || ' 盘无投料记录（' || array_to_string(serials, '、') || '）',
       'Mixing line ' || code || ': ' || batches || ' batches without batching records ('
           || array_to_string(serials, ', ') || ')',
       jsonb_build_object('line', code, 'batches', batches, 'serials', to_jsonb(serials))
FROM unrecorded
"""

# The serial's trailing number orders a line's batches; consecutive records of one serial are one
# batch, so a break is a change of serial to a number not above the previous one (back or repeat).
# Each line's records are read in time order from the (line, batched_at) index that carries the
# serial, one line at a time (the window over every record sorted them all on disk: 2.1 -> 1.0 s at
# 460,000 records); the serial's number is parsed only where the serial changes.
# Ingestion links a record to its batch when either arrives, so only unlinked records can be orphans.
INVALID_SERIAL_SQL = """
WITH orphans AS (
    SELECT r.plant_id, COALESCE(l.code, '-') AS code, count(DISTINCT r.serial) AS serials,
           (array_agg(DISTINCT r.serial))[1:5] AS sample
    FROM concrete_batchingrecord r
    JOIN rule_params rp ON rp.feature_id = r.plant_id
    LEFT JOIN concrete_mixingline l ON l.id = r.line_id
    WHERE r.batch_id IS NULL AND r.batched_at < now() - make_interval(mins => (rp.p->>'grace_minutes')::int)
      AND NOT EXISTS (SELECT 1 FROM concrete_batch b WHERE b.plant_id = r.plant_id AND b.serial = r.serial)
    GROUP BY r.plant_id, COALESCE(l.code, '-')
), ordered AS (
    SELECT l.plant_id, l.code, r.serial, r.batched_at, r.previous_serial
    FROM concrete_mixingline l
    JOIN rule_params rp ON rp.feature_id = l.plant_id
    CROSS JOIN LATERAL (SELECT r.serial, r.batched_at, lag(r.serial) OVER (ORDER BY r.batched_at) AS previous_serial
                        FROM concrete_batchingrecord r WHERE r.line_id = l.id) r
), breaks AS (
    SELECT o.plant_id, o.code, count(*) AS breaks,
           (array_agg(o.previous_serial || ' → ' || o.serial ORDER BY o.batched_at))[1:5] AS sample
    FROM ordered o
    WHERE o.serial <> o.previous_serial
      AND substring(o.serial FROM '(\\d+)$')::numeric <= substring(o.previous_serial FROM '(\\d+)$')::numeric
    GROUP BY o.plant_id, o.code
)
SELECT plant_id AS feature_id, 'line:' || code || ':orphan' AS subject, 2::smallint AS level,
       '拌台 ' || code || ' 有 ' || serials || ' 个投料流水号无对应生产记录（' || array_to_string(sample, '、') || '）'
           AS message_zh,
       'Mixing line ' || code || ': ' || serials || ' batching serials match no batch ('
           || array_to_string(sample, ', ') || ')' AS message_en,
       jsonb_build_object('line', code, 'serials', serials, 'sample', to_jsonb(sample)) AS evidence
FROM orphans
UNION ALL
SELECT plant_id, 'line:' || code || ':sequence', 2::smallint,
       '拌台 ' || code || ' 投料流水号 ' || breaks || ' 处不连续（' || array_to_string(sample, '、') || '）',
       'Mixing line ' || code || ': ' || breaks || ' batching serials out of sequence ('
           || array_to_string(sample, ', ') || ')',
       jsonb_build_object('line', code, 'breaks', breaks, 'sample', to_jsonb(sample))
FROM breaks
"""

RULES = (
    Rule("concrete.basic", PLANT, basic, {"notice_days": 30}, "基础预警", "Plant qualifications"),
    SqlRule("concrete.equipment", PLANT, EQUIPMENT_SQL, {"verification_months": 12},
            "设备信息预警", "Metering equipment verification"),
    SqlRule("concrete.batching_online", PLANT, BATCHING_ONLINE_SQL, {"active_minutes": 60, "silence_minutes": 30},
            "拌台投料在线预警", "Batching data link"),
    SqlRule("concrete.invalid_serial", PLANT, INVALID_SERIAL_SQL, {"grace_minutes": 30},
            "投料无效流水号预警", "Invalid batching serials"),
)
