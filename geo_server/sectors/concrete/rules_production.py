"""Rules on mix designs and batches (DOMAIN.md §4 warnings 11 to 14 and 16), each one SqlRule; the
subject is 'mix:<code>' or 'batch:<serial>'. Definitions in rules.py's table.

A batching record belongs to the batch of the same plant and serial (the record may arrive before
its batch, so the serial, not the nullable foreign key, is what joins them).
"""

from geo_server.features.kinds import Kind
from geo_server.sectors.concrete.models import ExposureClass, MixDesign
from geo_server.supervision.rules import SqlRule, label_sql

PLANT = Kind.CONCRETE_PLANT

# JGJ 55-2011 table 3.0.6 [S]: the largest chloride content, % of cement mass, per exposure class.
CHLORIDE_LIMITS = {"dry": "0.30", "humid": "0.20", "humid_chloride": "0.10", "corrosive": "0.06",
                   "prestressed": "0.06", "plain": "1.00"}
# GB 50010-2010 table 3.5.3 [S]: the largest water-binder ratio per environment category.
MAX_WATER_BINDER = {"1": "0.60", "2a": "0.55", "2b": "0.50", "3a": "0.45", "3b": "0.40"}
# The exposure class and approval state as their labels in each message's language, never the code.
_EXPOSURE_ZH, _EXPOSURE_EN = (label_sql("m.exposure_class", ExposureClass, language) for language in ("zh", "en"))
_APPROVAL_ZH, _APPROVAL_EN = (label_sql("m.approval_state", MixDesign.Approval, language) for language in ("zh", "en"))


def _case(column: str, table: dict) -> str:
    return "CASE " + column + " " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in table.items()) + " END"


# JGJ 55-2011 table 3.0.4 [S]: the least binder content (kg/m³) for the mix's water-binder ratio,
# by plain / reinforced / prestressed concrete (0.60 row for ratios above 0.55).
_MIN_BINDER = """CASE WHEN m.water_binder_ratio <= 0.45 THEN 330 WHEN m.water_binder_ratio <= 0.50 THEN 320
     WHEN m.water_binder_ratio <= 0.55 THEN CASE WHEN m.exposure_class = 'plain' THEN 280 ELSE 300 END
     ELSE CASE m.exposure_class WHEN 'plain' THEN 250 WHEN 'prestressed' THEN 300 ELSE 280 END END"""

# 11. (a) a mix whose design breaks the largest water-binder ratio of its environment category or the
# least binder content; (b) batches produced with a mix that is not approved.
MIX_DESIGN_SQL = """
SELECT m.plant_id AS feature_id, 'mix:' || m.code AS subject, 2::smallint AS level,
       '配合比 ' || m.code || '（' || m.grade || '）水胶比 ' || m.water_binder_ratio || '（限值 '
           || COALESCE(m.max_wb::text, '—') || '），胶凝材料 ' || m.binder_kg || ' kg/m³（最小 ' || m.min_binder || '）'
           AS message_zh,
       'Mix ' || m.code || ' (' || m.grade || '): water-binder ratio ' || m.water_binder_ratio || ' (limit '
           || COALESCE(m.max_wb::text, '-') || '), binder ' || m.binder_kg || ' kg/m³ (least ' || m.min_binder || ')'
           AS message_en,
       jsonb_build_object('mix', m.code, 'water_binder_ratio', m.water_binder_ratio, 'max_water_binder', m.max_wb,
                          'binder_kg', m.binder_kg, 'min_binder_kg', m.min_binder) AS evidence
FROM (SELECT m.*, """ + _case("m.environment_category", MAX_WATER_BINDER) + """ AS max_wb,
             """ + _MIN_BINDER + """ AS min_binder
      FROM concrete_mixdesign m JOIN rule_params rp ON rp.feature_id = m.plant_id) m
WHERE m.water_binder_ratio > m.max_wb OR m.binder_kg < m.min_binder
UNION ALL
SELECT m.plant_id, 'mix:' || m.code || ':unapproved', 2::smallint,
       '使用未审批配合比 ' || m.code || '（' || """ + _APPROVAL_ZH + """ || '）生产 ' || count(*) || ' 盘',
       count(*) || ' batches produced with mix ' || m.code || ' (' || """ + _APPROVAL_EN + """ || '), not approved',
       jsonb_build_object('mix', m.code, 'state', m.approval_state, 'batches', count(*),
                          'first_serial', min(b.serial))
FROM concrete_mixdesign m
JOIN rule_params rp ON rp.feature_id = m.plant_id
JOIN concrete_batch b ON b.mix_id = m.id
WHERE m.approval_state <> 'approved'
GROUP BY m.plant_id, m.code, m.approval_state
"""

# 12. A batch without grade, volume or destination (no site on its order and none on a ticket):
# yellow; delivered to a construction site without a construction permit number: orange.
PRODUCTION_INFO_SQL = """
WITH no_permit AS (
    SELECT t.batch_id, string_agg(DISTINCT f.code, ',') AS sites
    FROM concrete_deliveryticket t
    JOIN rule_params rp ON rp.feature_id = t.plant_id
    JOIN features_feature f ON f.id = t.site_id
    LEFT JOIN worksites_constructionsitedetail sd ON sd.feature_id = t.site_id
    WHERE COALESCE(btrim(sd.permit_no), '') = ''
    GROUP BY t.batch_id
), flagged AS (
    SELECT b.plant_id, b.serial, b.grade = '' AS no_grade, b.volume_m3 IS NULL AS no_volume,
           COALESCE(np.sites, '') AS no_permit,
           o.site_id IS NULL AND NOT EXISTS (SELECT 1 FROM concrete_deliveryticket t
                                             WHERE t.batch_id = b.id AND t.site_id IS NOT NULL) AS no_site
    FROM concrete_batch b
    JOIN rule_params rp ON rp.feature_id = b.plant_id
    LEFT JOIN concrete_order o ON o.id = b.order_id
    LEFT JOIN no_permit np ON np.batch_id = b.id
    WHERE b.grade = '' OR b.volume_m3 IS NULL OR np.batch_id IS NOT NULL OR o.site_id IS NULL
)
SELECT x.plant_id AS feature_id, 'batch:' || x.serial AS subject,
       (CASE WHEN x.no_permit <> '' THEN 2 ELSE 1 END)::smallint AS level,
       '生产记录 ' || x.serial || ' ' || array_to_string(array_remove(ARRAY[
           CASE WHEN x.no_grade THEN '缺强度等级' END, CASE WHEN x.no_volume THEN '缺方量' END,
           CASE WHEN x.no_site THEN '缺浇筑工地' END,
           CASE WHEN x.no_permit <> '' THEN '发往无施工许可证的工地 ' || x.no_permit END], NULL), '、') AS message_zh,
       'Batch ' || x.serial || ': ' || array_to_string(x.problems, ', ') AS message_en,
       jsonb_build_object('serial', x.serial, 'problems', to_jsonb(x.problems), 'site', NULLIF(x.no_permit, ''))
           AS evidence
FROM (SELECT f.*, array_remove(ARRAY[
          CASE WHEN f.no_grade THEN 'no grade' END, CASE WHEN f.no_volume THEN 'no volume' END,
          CASE WHEN f.no_site THEN 'no destination site' END,
          CASE WHEN f.no_permit <> '' THEN 'delivered to ' || f.no_permit || ', which has no construction permit' END],
          NULL) AS problems
      FROM flagged f) x
WHERE cardinality(x.problems) > 0
"""

_TOLERANCE = """CASE WHEN r.material_type IN ('cement', 'fly_ash', 'slag') THEN tol.binder
     WHEN r.material_type IN ('sand', 'machine_sand', 'stone') THEN tol.aggregate
     WHEN r.material_type = 'water' THEN tol.water ELSE tol.admixture END"""

# The material types' Chinese names for message_zh (message_en keeps the MaterialType codes' words).
MATERIAL_ZH = {"cement": "水泥", "fly_ash": "粉煤灰", "slag": "矿渣粉", "sand": "天然砂", "machine_sand": "机制砂",
               "stone": "粗骨料", "water": "水", "admixture": "外加剂"}
_MATERIAL_ZH = ("CASE r.material_type " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in MATERIAL_ZH.items())
                + " ELSE r.material_type END")

# 13. Any material's actual mass off its target by more than its tolerance (% of the target). The
# offending records are found before any join (MATERIALIZED): the planner, expecting few records off
# their target at all, joined all 418,000 such records to their batches first (1.26 s at 460,000).
BATCHING_DEVIATION_SQL = """
WITH tol AS MATERIALIZED (
    SELECT feature_id, (p->>'binder_pct')::numeric AS binder, (p->>'aggregate_pct')::numeric AS aggregate,
           (p->>'water_pct')::numeric AS water, (p->>'admixture_pct')::numeric AS admixture
    FROM rule_params
), off AS MATERIALIZED (
    SELECT r.*, round((r.actual_kg - r.target_kg) * 100 / r.target_kg, 2) AS deviation
    FROM (SELECT r.plant_id, r.serial, r.material_type, r.target_kg, r.actual_kg, """ + _TOLERANCE + """ AS tolerance
          FROM concrete_batchingrecord r JOIN tol ON tol.feature_id = r.plant_id
          WHERE r.target_kg > 0 AND r.actual_kg <> r.target_kg) r
    WHERE abs(r.actual_kg - r.target_kg) * 100 > r.target_kg * r.tolerance
)
SELECT b.plant_id AS feature_id, 'batch:' || b.serial AS subject, 2::smallint AS level,
       '生产记录 ' || b.serial || ' 投料偏差超限：' || string_agg(""" + _MATERIAL_ZH + """ || ' ' || r.deviation || '%%', '、')
           AS message_zh,
       'Batch ' || b.serial || ' batched outside tolerance: ' || string_agg(r.material_type || ' ' || r.deviation
           || '%%', ', ') AS message_en,
       jsonb_build_object('serial', b.serial, 'materials', jsonb_agg(jsonb_build_object(
           'material', r.material_type, 'target_kg', r.target_kg, 'actual_kg', r.actual_kg,
           'deviation_pct', r.deviation, 'tolerance_pct', r.tolerance))) AS evidence
FROM off r
JOIN concrete_batch b ON b.plant_id = r.plant_id AND b.serial = r.serial
GROUP BY b.plant_id, b.serial
"""

_LIMIT = _case("m.exposure_class", CHLORIDE_LIMITS)

# 14. A chloride test of a batch over the limit of its mix's exposure class (subject the batch), or
# a mix whose computed chloride or a test of the mix itself is over it (subject the mix).
CHLORIDE_SQL = """
SELECT b.plant_id AS feature_id, 'batch:' || b.serial AS subject, 3::smallint AS level,
       '生产记录 ' || b.serial || ' 氯离子含量 ' || max(c.chloride_pct) || '%% 超过限值 '
           || """ + _LIMIT + """ || '%%（' || """ + _EXPOSURE_ZH + """ || '）' AS message_zh,
       'Batch ' || b.serial || ': chloride ' || max(c.chloride_pct) || '%% over the limit of '
           || """ + _LIMIT + """ || '%% (' || """ + _EXPOSURE_EN + """ || ')' AS message_en,
       jsonb_build_object('serial', b.serial, 'mix', m.code, 'chloride_pct', max(c.chloride_pct),
                          'limit_pct', """ + _LIMIT + """) AS evidence
FROM concrete_chloridetest c
JOIN concrete_batch b ON b.id = c.batch_id
JOIN concrete_mixdesign m ON m.id = b.mix_id
JOIN rule_params rp ON rp.feature_id = b.plant_id
WHERE c.chloride_pct > """ + _LIMIT + """
GROUP BY b.plant_id, b.serial, m.code, m.exposure_class
UNION ALL
SELECT m.plant_id, 'mix:' || m.code, 3::smallint,
       '配合比 ' || m.code || ' 氯离子含量 ' || m.pct || '%% 超过限值 ' || m.limit_pct || '%%（'
           || """ + _EXPOSURE_ZH + """ || '）',
       'Mix ' || m.code || ': chloride ' || m.pct || '%% over the limit of ' || m.limit_pct || '%% ('
           || """ + _EXPOSURE_EN + """ || ')',
       jsonb_build_object('mix', m.code, 'chloride_pct', m.pct, 'limit_pct', m.limit_pct)
FROM (SELECT m.plant_id, m.code, m.exposure_class, """ + _LIMIT + """ AS limit_pct,
             GREATEST(m.chloride_pct, (SELECT max(c.chloride_pct) FROM concrete_chloridetest c
                                       WHERE c.mix_id = m.id AND c.batch_id IS NULL)) AS pct
      FROM concrete_mixdesign m JOIN rule_params rp ON rp.feature_id = m.plant_id) m
WHERE m.pct > m.limit_pct
"""

# 16. Produced before its order was approved (or with an order never approved), or before its mix's
# approval time.
APPROVAL_SQL = """
SELECT b.plant_id AS feature_id, 'batch:' || b.serial AS subject, 2::smallint AS level,
       '生产记录 ' || b.serial || ' 于 ' || to_char(b.produced_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
           || ' 生产，早于' || CASE WHEN o.approved_at IS NULL OR o.approved_at > b.produced_at
                                   THEN '订单 ' || o.source_id ELSE '配合比 ' || m.code END || ' 的审批' AS message_zh,
       'Batch ' || b.serial || ' produced before ' || CASE WHEN o.approved_at IS NULL OR o.approved_at > b.produced_at
           THEN 'order ' || o.source_id ELSE 'mix ' || m.code END || ' was approved' AS message_en,
       jsonb_build_object('serial', b.serial, 'produced_at', b.produced_at, 'order', o.source_id,
                          'order_approved_at', o.approved_at, 'mix', m.code, 'mix_approved_at', m.approved_at)
           AS evidence
FROM concrete_batch b
JOIN rule_params rp ON rp.feature_id = b.plant_id
JOIN concrete_order o ON o.id = b.order_id
LEFT JOIN concrete_mixdesign m ON m.id = b.mix_id
WHERE o.approved_at IS NULL OR o.approved_at > b.produced_at OR m.approved_at > b.produced_at
"""

RULES = (
    SqlRule("concrete.mix_design", PLANT, MIX_DESIGN_SQL, {}, "配合比预警", "Mix design"),
    SqlRule("concrete.production_info", PLANT, PRODUCTION_INFO_SQL, {}, "生产信息预警", "Production information"),
    SqlRule("concrete.batching_deviation", PLANT, BATCHING_DEVIATION_SQL,
            {"binder_pct": 2, "aggregate_pct": 3, "water_pct": 1, "admixture_pct": 1},
            "投料偏差预警", "Batching deviation"),
    SqlRule("concrete.chloride", PLANT, CHLORIDE_SQL, {}, "氯离子含量预警", "Chloride content"),
    SqlRule("concrete.approval", PLANT, APPROVAL_SQL, {}, "生产信息审批预警", "Production before approval"),
)
