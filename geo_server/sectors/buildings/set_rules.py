"""Set-based building rules (supervision.rules.SqlRule): structural monitoring against each point's
limit and fitted trend (readings.py keeps them on the point), census entries that suggest danger
with no appraisal after them, and curtain walls whose latest inspection failed them."""

from geo_server.features.kinds import Kind
from geo_server.supervision.rules import SqlRule

# A point's latest reading past its limit is red; its fitted trend reaching the limit within
# `horizon_days` of today is orange [D]. A reading equal to the limit has not passed it.
MONITORING_SQL = """
SELECT p.building_id AS feature_id, 'point:' || p.code AS subject,
       CASE WHEN p.last_value > p."limit" THEN 3 ELSE 2 END::smallint AS level,
       CASE WHEN p.last_value > p."limit"
            THEN '监测点 ' || p.code || ' 最新读数 ' || p.last_value || p.unit || ' 超过限值 ' || p."limit" || p.unit
            ELSE '监测点 ' || p.code || ' 趋势预计于 ' || p.reaches_limit_on || ' 达到限值 ' || p."limit" || p.unit END
           AS message_zh,
       CASE WHEN p.last_value > p."limit"
            THEN 'Point ' || p.code || ': latest reading ' || p.last_value || p.unit || ' past its limit '
                 || p."limit" || p.unit
            ELSE 'Point ' || p.code || ': the trend reaches its limit ' || p."limit" || p.unit || ' on '
                 || p.reaches_limit_on END AS message_en,
       jsonb_build_object('point', p.code, 'quantity', p.quantity, 'last_value', p.last_value, 'limit', p."limit",
                          'unit', p.unit, 'slope_per_day', p.slope_per_day, 'reaches_limit_on', p.reaches_limit_on)
           AS evidence
FROM buildings_monitoringpoint p
JOIN rule_params rp ON rp.feature_id = p.building_id
WHERE (%(only)s::bigint[] IS NULL OR p.building_id = ANY(%(only)s::bigint[]))
  AND (p.last_value > p."limit"
       OR p.reaches_limit_on <= %(today)s + (rp.p->>'horizon_days')::int)
"""

# The latest census entry suggesting danger, with no published appraisal dated on or after it.
CENSUS_SQL = """
SELECT c.building_id AS feature_id, '' AS subject, 1::smallint AS level,
       '普查（' || c.surveyed_on || '）提示房屋可能存在危险，尚无其后的安全鉴定' AS message_zh,
       'The census of ' || c.surveyed_on || ' suggests danger and no appraisal has followed' AS message_en,
       jsonb_build_object('surveyed_on', c.surveyed_on, 'surveyor', c.surveyor, 'defects', left(c.visible_defects, 200))
           AS evidence
FROM (SELECT DISTINCT ON (building_id) * FROM buildings_censusrecord
      WHERE suggests_danger AND surveyed_on <= %(today)s
        AND (%(only)s::bigint[] IS NULL OR building_id = ANY(%(only)s::bigint[]))
      ORDER BY building_id, surveyed_on DESC, id DESC) c
WHERE NOT EXISTS (SELECT 1 FROM buildings_appraisalreport r
                  WHERE r.building_id = c.building_id AND r.state = 'published' AND r.appraised_on >= c.surveyed_on)
"""

# The latest curtain-wall inspection found defects to repair (orange) or the wall unsafe (red) [D]:
# open until a later inspection passes it. (An inspection of any result moves the schedule; this is
# what it found.)
CURTAIN_WALL_SQL = """
SELECT i.building_id AS feature_id, '' AS subject,
       CASE WHEN i.result = 'unsafe' THEN 3 ELSE 2 END::smallint AS level,
       '玻璃幕墙检查（' || i.inspected_on || '）' ||
           CASE WHEN i.result = 'unsafe' THEN '存在安全隐患，须设置警戒' ELSE '发现缺陷需维修' END AS message_zh,
       'The curtain-wall inspection of ' || i.inspected_on || ' found ' ||
           CASE WHEN i.result = 'unsafe' THEN 'the wall unsafe: cordon it off' ELSE 'defects to repair' END AS message_en,
       jsonb_build_object('inspected_on', i.inspected_on, 'result', i.result, 'findings', left(i.findings, 200))
           AS evidence
FROM (SELECT DISTINCT ON (building_id) * FROM buildings_curtainwallinspection
      WHERE inspected_on <= %(today)s AND (%(only)s::bigint[] IS NULL OR building_id = ANY(%(only)s::bigint[]))
      ORDER BY building_id, inspected_on DESC, id DESC) i
WHERE i.result IN ('repair', 'unsafe')
"""

SET_RULES = (
    SqlRule("building.monitoring_limit", Kind.BUILDING, MONITORING_SQL, {"horizon_days": 90},
            "结构监测超限或趋势将超限", "Structural monitoring past or trending to its limit"),
    # Closed on a published appraisal, which the next sweep sees; a photo shows the appraisal's done.
    SqlRule("building.census_unappraised", Kind.BUILDING, CENSUS_SQL, {},
            "普查提示危险尚未鉴定", "Census suggests danger, no appraisal"),
    # Closed by a later inspection that passes the wall, seen by the next evaluation of the building.
    SqlRule("building.curtain_wall_defects", Kind.BUILDING, CURTAIN_WALL_SQL, {},
            "玻璃幕墙检查发现缺陷或隐患", "Curtain-wall inspection found defects or danger"),
)
