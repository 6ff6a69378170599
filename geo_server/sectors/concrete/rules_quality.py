"""Rules on specimens and strength (DOMAIN.md §4 warnings 15, 18 and 19), each one SqlRule; subjects
'shift:<shift>:<mix>', 'evaluation:<mix>:<YYYY-MM>' and 'group:<plant's group no.>'. Definitions in
rules.py's table."""

from geo_server.features.kinds import Kind
from geo_server.supervision.rules import SqlRule

PLANT = Kind.CONCRETE_PLANT

# 15. Per shift and mix (GB 50204 §7.4.1 as remembered): at least one standard-cured group per
# batches_per_group batches and per m3_per_group m³, and at least one per shift; judged once the
# shift's last batch is on a day before today. A batch without a shift counts in its day. Grouped
# on the mix id, parameters joined after grouping (a jsonb grouping key was most of the time). The
# groups are counted for the judged plants only: counted over the whole table, they were 185 ms of
# a ten-plant incremental round.
SPECIMEN_GROUPS_SQL = """
SELECT s.plant_id AS feature_id, 'shift:' || s.shift || ':' || COALESCE(m.code, '-') AS subject, 2::smallint AS level,
       '班次 ' || s.shift || ' 配合比 ' || COALESCE(m.code, '-') || ' 生产 ' || s.batches || ' 盘 ' || s.volume || ' m³，留置标养试块 '
           || s.groups || ' 组，应至少 ' || s.required || ' 组' AS message_zh,
       'Shift ' || s.shift || ', mix ' || COALESCE(m.code, '-') || ': ' || s.batches || ' batches, ' || s.volume || ' m³, '
           || s.groups || ' standard-cured specimen groups where ' || s.required || ' are required' AS message_en,
       jsonb_build_object('shift', s.shift, 'mix', COALESCE(m.code, '-'), 'batches', s.batches, 'volume_m3', s.volume,
                          'groups', s.groups, 'required', s.required) AS evidence
FROM (
    SELECT u.*, GREATEST(1, ceil(u.batches / (rp.p->>'batches_per_group')::numeric),
                         ceil(u.volume / (rp.p->>'m3_per_group')::numeric))::int AS required
    FROM (
        SELECT b.plant_id, b.mix_id,
               COALESCE(NULLIF(b.shift, ''), to_char(b.produced_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) AS shift,
               count(*) AS batches, COALESCE(sum(b.volume_m3), 0) AS volume,
               COALESCE(sum(g.groups), 0) AS groups,
               max((b.produced_at AT TIME ZONE 'Asia/Shanghai')::date) AS last_day
        FROM concrete_batch b
        LEFT JOIN (SELECT g.batch_id, count(*) AS groups FROM concrete_specimengroup g
                   WHERE g.curing = 'standard' AND g.plant_id IN (SELECT feature_id FROM rule_params)
                   GROUP BY g.batch_id) g ON g.batch_id = b.id
        WHERE b.plant_id IN (SELECT feature_id FROM rule_params)
        GROUP BY b.plant_id, b.mix_id,
                 COALESCE(NULLIF(b.shift, ''), to_char(b.produced_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'))
    ) u
    JOIN rule_params rp ON rp.feature_id = u.plant_id
    WHERE u.last_day < %(today)s::date
) s
LEFT JOIN concrete_mixdesign m ON m.id = s.mix_id
WHERE s.groups < s.required
"""

# 18. A closed evaluation batch (acceptance.py) that failed GB/T 50107.
STRENGTH_EVALUATION_SQL = """
SELECT e.plant_id AS feature_id, 'evaluation:' || m.code || ':' || to_char(e.period_start, 'YYYY-MM') AS subject,
       3::smallint AS level,
       '验收批 ' || m.code || '（' || e.grade || '）' || to_char(e.period_start, 'YYYY-MM') || ' 共 ' || e.groups
           || ' 组，强度评定不合格（平均 ' || COALESCE(e.mean_mpa::text, '—') || ' MPa，最小 ' || COALESCE(e.minimum_mpa::text, '—') || ' MPa）' AS message_zh,
       'Evaluation batch ' || m.code || ' (' || e.grade || ') ' || to_char(e.period_start, 'YYYY-MM') || ', '
           || e.groups || ' groups, fails GB/T 50107 (mean ' || COALESCE(e.mean_mpa::text, '—') || ' MPa, minimum ' || COALESCE(e.minimum_mpa::text, '—')
           || ' MPa)' AS message_en,
       jsonb_build_object('evaluation', e.id, 'mix', m.code, 'grade', e.grade, 'period_start', e.period_start,
                          'method', e.method, 'groups', e.groups, 'criteria', e.criteria) AS evidence
FROM concrete_evaluationbatch e
JOIN concrete_mixdesign m ON m.id = e.mix_id
JOIN rule_params rp ON rp.feature_id = e.plant_id
WHERE e.closed_at IS NOT NULL AND e.passed = false
"""

# 19. A standard-cured group not tested by cast date + its age (28 days) + grace_days: untested
# after that day, or tested after it.
PAST_28_DAYS_SQL = """
SELECT g.plant_id AS feature_id, 'group:' || g.source_id AS subject, 2::smallint AS level,
       '标养试块 ' || g.source_id || '（' || g.cast_date || ' 成型）' || CASE WHEN g.test_date IS NULL
           THEN '超过 ' || g.due || ' 仍未试压' ELSE '于 ' || g.test_date || ' 才试压，超过 ' || g.due END AS message_zh,
       'Standard-cured group ' || g.source_id || ' (cast ' || g.cast_date || ') ' || CASE WHEN g.test_date IS NULL
           THEN 'not tested by ' || g.due ELSE 'tested on ' || g.test_date || ', after ' || g.due END AS message_en,
       jsonb_build_object('group', g.source_id, 'cast_date', g.cast_date, 'age_days', g.age_days, 'due', g.due,
                          'test_date', g.test_date) AS evidence
FROM (SELECT g.*, g.cast_date + g.age_days + (rp.p->>'grace_days')::int AS due
      FROM concrete_specimengroup g JOIN rule_params rp ON rp.feature_id = g.plant_id
      WHERE g.curing = 'standard') g
WHERE (g.test_date IS NULL AND %(today)s::date > g.due) OR g.test_date > g.due
"""

RULES = (
    SqlRule("concrete.specimen_groups", PLANT, SPECIMEN_GROUPS_SQL, {"batches_per_group": 100, "m3_per_group": 100},
            "自检试块组预警", "Too few specimen groups"),
    SqlRule("concrete.strength_evaluation", PLANT, STRENGTH_EVALUATION_SQL, {},
            "混凝土自检抗压评定预警", "Strength evaluation failed", evidence=("test_report",)),
    SqlRule("concrete.past_28_days", PLANT, PAST_28_DAYS_SQL, {"grace_days": 1},
            "混凝土自检超28天预警", "Specimens not tested at 28 days", evidence=("test_report",)),
)
