"""Rules on raw-material lots (DOMAIN.md §4 warnings 4 to 10 and 20), each one SqlRule whose subject is
the lot ('lot:<plant's lot id>'; rule 9's stock check: 'stock:<material type>'). Definitions in
rules.py's table. Calendar days are Guangzhou's (Asia/Shanghai)."""

from geo_server.features.kinds import Kind
from geo_server.sectors.concrete.models import MaterialType
from geo_server.supervision.rules import SqlRule, label_sql, text_case_sql

PLANT = Kind.CONCRETE_PLANT
_LOCAL_DAY = "(({0}) AT TIME ZONE 'Asia/Shanghai')::date"

_LOT_ROW = "lot.plant_id AS feature_id, 'lot:' || lot.source_id AS subject"

# The self-test items plants send (a code each, free text in the feed) and their names in each
# message's language; an item not listed is shown as sent.
SELFTEST_ITEMS = {
    "mud_content": ("含泥量", "Mud content"), "setting_time_min": ("凝结时间（min）", "Setting time (min)"),
    "fineness_pct": ("细度（%）", "Fineness (%)"), "mb_value": ("MB 值", "MB value"),
    "crushing_value_pct": ("压碎值（%）", "Crushing value (%)"), "water_reduction_pct": ("减水率（%）", "Water reduction (%)"),
    "strength": ("强度（MPa）", "Strength (MPa)"), "strength_28d": ("28 天强度（MPa）", "28-day strength (MPa)"),
    "soundness": ("安定性", "Soundness"), "fineness_modulus": ("细度模数", "Fineness modulus"),
}
_MATERIAL_ZH, _MATERIAL_EN = (label_sql("s.material_type", MaterialType, language) for language in ("zh", "en"))
_ITEM_ZH = text_case_sql("t.item", {code: zh for code, (zh, _en) in SELFTEST_ITEMS.items()})
_ITEM_EN = text_case_sql("t.item", {code: en for code, (_zh, en) in SELFTEST_ITEMS.items()})

# 4. A self-test outside its limit: the plant's own verdict, its own limit, and the natural-sand mud
# content limit [S JGJ 52, for >= C30; applied to every lot, whose use is not known when tested].
SELFTEST_ABNORMAL_SQL = """
SELECT """ + _LOT_ROW + """, 2::smallint AS level,
       '原材料 ' || lot.source_id || ' 自检不合格：' || string_agg(""" + _ITEM_ZH + """ || ' ' || t.result, '、'
           ORDER BY t.tested_at) AS message_zh,
       'Lot ' || lot.source_id || ' failed its self-test: ' || string_agg(""" + _ITEM_EN + """ || ' ' || t.result, ', '
           ORDER BY t.tested_at) AS message_en,
       jsonb_build_object('lot', lot.source_id, 'material', lot.material_type,
                          'tests', jsonb_agg(jsonb_build_object('item', t.item, 'result', t.result,
                                             'limit', t.limit_value, 'limit_kind', t.limit_kind))) AS evidence
FROM concrete_selftest t
JOIN concrete_materiallot lot ON lot.id = t.lot_id
JOIN rule_params rp ON rp.feature_id = lot.plant_id
WHERE NOT t.passed
   OR (t.limit_kind = 'max' AND t.result > t.limit_value)
   OR (t.limit_kind = 'min' AND t.result < t.limit_value)
   OR (lot.material_type = 'sand' AND t.item = 'mud_content' AND t.result > (rp.p->>'sand_mud_max_pct')::numeric)
GROUP BY lot.plant_id, lot.source_id, lot.material_type
"""

# 5. A lot of a type that needs a self-test, used before any self-test of it.
SELFTEST_MISSING_SQL = """
SELECT """ + _LOT_ROW + """, 2::smallint AS level,
       '原材料 ' || lot.source_id || ' 未经自检即于 ' || to_char(u.first_used AT TIME ZONE 'Asia/Shanghai',
           'YYYY-MM-DD HH24:MI') || ' 投入生产' AS message_zh,
       'Lot ' || lot.source_id || ' used in production from ' || to_char(u.first_used AT TIME ZONE 'Asia/Shanghai',
           'YYYY-MM-DD HH24:MI') || ' without a self-test' AS message_en,
       jsonb_build_object('lot', lot.source_id, 'material', lot.material_type, 'first_used', u.first_used) AS evidence
FROM (SELECT r.lot_id, min(r.batched_at) AS first_used
      FROM concrete_batchingrecord r JOIN rule_params rp ON rp.feature_id = r.plant_id
      WHERE r.lot_id IS NOT NULL GROUP BY r.lot_id) u
JOIN concrete_materiallot lot ON lot.id = u.lot_id
JOIN rule_params rp ON rp.feature_id = lot.plant_id
WHERE (rp.p->'required_types') @> to_jsonb(lot.material_type::text)
  AND NOT EXISTS (SELECT 1 FROM concrete_selftest t WHERE t.lot_id = lot.id AND t.tested_at <= u.first_used)
"""

# 6. Entered without the supplier's certificate or test report, or from a supplier not approved by the
# plant for that material on the arrival day (water has no supplier).
MATERIAL_ENTRY_SQL = """
SELECT """ + _LOT_ROW + """, 2::smallint AS level,
       '原材料 ' || lot.source_id || ' 进场资料不全：' || array_to_string(e.problems_zh, '、') AS message_zh,
       'Lot ' || lot.source_id || ' entered with: ' || array_to_string(e.problems_en, ', ') AS message_en,
       jsonb_build_object('lot', lot.source_id, 'material', lot.material_type, 'problems', to_jsonb(e.problems_en))
           AS evidence
FROM concrete_materiallot lot
JOIN rule_params rp ON rp.feature_id = lot.plant_id
CROSS JOIN LATERAL (
    SELECT array_remove(ARRAY[CASE WHEN NOT lot.has_certificate THEN '无合格证' END,
                              CASE WHEN NOT lot.has_test_report THEN '无检验报告' END,
                              CASE WHEN NOT approved THEN '供应商不在合格供方名录' END], NULL) AS problems_zh,
           array_remove(ARRAY[CASE WHEN NOT lot.has_certificate THEN 'no certificate' END,
                              CASE WHEN NOT lot.has_test_report THEN 'no test report' END,
                              CASE WHEN NOT approved THEN 'supplier not approved' END], NULL) AS problems_en
    FROM (SELECT EXISTS (SELECT 1 FROM concrete_supplierapproval a
                         WHERE a.plant_id = lot.plant_id AND a.supplier_id = lot.supplier_id
                           AND a.material_type = lot.material_type
                           AND a.approved_on <= ARRIVAL_DAY
                           AND (a.expires_on IS NULL OR a.expires_on >= ARRIVAL_DAY)) AS approved) s
) e
WHERE lot.material_type <> 'water' AND cardinality(e.problems_en) > 0
""".replace("ARRIVAL_DAY", _LOCAL_DAY.format("lot.arrived_at"))

# 7. Used after its validity (months after manufacture, per material type) with no re-test between
# the end of validity and that use.
MATERIAL_TIMEOUT_SQL = """
WITH lots AS (
    SELECT lot.*, (lot.manufactured_at + make_interval(
               months => (rp.p->'validity_months'->>lot.material_type)::int))::date AS valid_until
    FROM concrete_materiallot lot JOIN rule_params rp ON rp.feature_id = lot.plant_id
    WHERE lot.manufactured_at IS NOT NULL AND rp.p->'validity_months'->>lot.material_type IS NOT NULL
)
SELECT lot.plant_id AS feature_id, 'lot:' || lot.source_id AS subject, 2::smallint AS level,
       '原材料 ' || lot.source_id || '（' || lot.manufactured_at || ' 出厂）超过有效期 ' || lot.valid_until
           || ' 后未复检即使用 ' || count(*) || ' 次' AS message_zh,
       'Lot ' || lot.source_id || ' (made ' || lot.manufactured_at || ') used ' || count(*)
           || ' times after its validity ended on ' || lot.valid_until || ' without a re-test' AS message_en,
       jsonb_build_object('lot', lot.source_id, 'material', lot.material_type, 'valid_until', lot.valid_until,
                          'first_late_use', min(r.batched_at), 'late_uses', count(*)) AS evidence
FROM lots lot
JOIN concrete_batchingrecord r ON r.lot_id = lot.id
WHERE """ + _LOCAL_DAY.format("r.batched_at") + """ > lot.valid_until
  AND NOT EXISTS (SELECT 1 FROM concrete_selftest t WHERE t.lot_id = lot.id AND t.tested_at <= r.batched_at
                  AND """ + _LOCAL_DAY.format("t.tested_at") + """ > lot.valid_until)
GROUP BY lot.plant_id, lot.source_id, lot.material_type, lot.manufactured_at, lot.valid_until
"""

# 8. Recorded more than late_entry_hours after the weighbridge.
LATE_ENTRY_SQL = """
SELECT """ + _LOT_ROW + """, 1::smallint AS level,
       '原材料 ' || lot.source_id || ' 过磅后 ' || round(extract(epoch FROM lot.recorded_at - lot.arrived_at) / 3600, 1)
           || ' 小时才录入' AS message_zh,
       'Lot ' || lot.source_id || ' recorded ' || round(extract(epoch FROM lot.recorded_at - lot.arrived_at) / 3600, 1)
           || ' hours after the weighbridge' AS message_en,
       jsonb_build_object('lot', lot.source_id, 'arrived_at', lot.arrived_at, 'recorded_at', lot.recorded_at)
           AS evidence
FROM concrete_materiallot lot JOIN rule_params rp ON rp.feature_id = lot.plant_id
WHERE lot.recorded_at - lot.arrived_at > make_interval(hours => (rp.p->>'late_entry_hours')::int)
"""

# 9. (a) batching records consumed more of a lot than was entered; (b) the latest stock reading of a
# material differs from entries minus usage up to it by more than stock_deviation_pct of that balance.
USAGE_SQL = """
SELECT """ + _LOT_ROW + """, 2::smallint AS level,
       '原材料 ' || lot.source_id || ' 已用 ' || round(u.used_kg / 1000, 3) || ' 吨，超过进场数量 ' || lot.quantity_t
           || ' 吨' AS message_zh,
       'Lot ' || lot.source_id || ': ' || round(u.used_kg / 1000, 3) || ' t used, more than the '
           || lot.quantity_t || ' t entered' AS message_en,
       jsonb_build_object('lot', lot.source_id, 'used_t', round(u.used_kg / 1000, 3), 'entered_t', lot.quantity_t)
           AS evidence
FROM (SELECT r.lot_id, sum(r.actual_kg) AS used_kg
      FROM concrete_batchingrecord r JOIN rule_params rp ON rp.feature_id = r.plant_id
      WHERE r.lot_id IS NOT NULL GROUP BY r.lot_id) u
JOIN concrete_materiallot lot ON lot.id = u.lot_id
JOIN rule_params rp ON rp.feature_id = lot.plant_id
WHERE u.used_kg > lot.quantity_t * 1000
UNION ALL
SELECT s.plant_id, 'stock:' || s.material_type, 1::smallint,
       """ + _MATERIAL_ZH + """ || ' 库存盘点 ' || s.quantity_t || ' 吨，与进场减用量 ' || round(s.book_t, 3) || ' 吨偏差超过 '
           || (s.p->>'stock_deviation_pct') || '%%',
       """ + _MATERIAL_EN + """ || ' stock count ' || s.quantity_t || ' t differs from entries less usage, '
           || round(s.book_t, 3) || ' t, by more than ' || (s.p->>'stock_deviation_pct') || '%%',
       jsonb_build_object('material', s.material_type, 'counted_t', s.quantity_t, 'book_t', round(s.book_t, 3),
                          'measured_at', s.measured_at)
FROM (
    SELECT latest.*, rp.p,
           COALESCE((SELECT sum(lot.quantity_t) FROM concrete_materiallot lot
                     WHERE lot.plant_id = latest.plant_id AND lot.material_type = latest.material_type
                       AND lot.arrived_at <= latest.measured_at), 0)
           - COALESCE((SELECT sum(r.actual_kg) FROM concrete_batchingrecord r
                       WHERE r.plant_id = latest.plant_id AND r.material_type = latest.material_type
                         AND r.batched_at <= latest.measured_at), 0) / 1000 AS book_t
    FROM (SELECT DISTINCT ON (plant_id, material_type) * FROM concrete_stockreading
          ORDER BY plant_id, material_type, measured_at DESC, id DESC) latest
    JOIN rule_params rp ON rp.feature_id = latest.plant_id
) s
WHERE s.book_t > 0 AND abs(s.quantity_t - s.book_t) * 100 > s.book_t * (s.p->>'stock_deviation_pct')::numeric
"""

# 10. A lot repeating an earlier entry's supplier lot number (same supplier and material) or
# weighbridge ticket at the same plant: the later entry is the warning.
DUPLICATE_SQL = """
SELECT """ + _LOT_ROW + """, 2::smallint AS level,
       '原材料 ' || lot.source_id || ' 与 ' || d.first_lot || ' 重复（' || d.what_zh || '）' AS message_zh,
       'Lot ' || lot.source_id || ' repeats ' || d.first_lot || ' (' || d.what_en || ')' AS message_en,
       jsonb_build_object('lot', lot.source_id, 'repeats', d.first_lot, 'field', d.what_en) AS evidence
FROM concrete_materiallot lot
JOIN rule_params rp ON rp.feature_id = lot.plant_id
CROSS JOIN LATERAL (
    SELECT o.source_id AS first_lot,
           CASE WHEN lot.weighbridge_ticket <> '' AND o.weighbridge_ticket = lot.weighbridge_ticket
                THEN '磅单号 ' || lot.weighbridge_ticket ELSE '供应商批号 ' || lot.supplier_lot_no END AS what_zh,
           CASE WHEN lot.weighbridge_ticket <> '' AND o.weighbridge_ticket = lot.weighbridge_ticket
                THEN 'weighbridge ticket ' || lot.weighbridge_ticket
                ELSE 'supplier lot ' || lot.supplier_lot_no END AS what_en
    FROM concrete_materiallot o
    WHERE o.plant_id = lot.plant_id AND (o.recorded_at, o.id) < (lot.recorded_at, lot.id)
      AND ((lot.weighbridge_ticket <> '' AND o.weighbridge_ticket = lot.weighbridge_ticket)
           OR (lot.supplier_lot_no <> '' AND o.supplier_lot_no = lot.supplier_lot_no
               AND o.supplier_id IS NOT DISTINCT FROM lot.supplier_id AND o.material_type = lot.material_type))
    ORDER BY o.recorded_at, o.id LIMIT 1
) d
"""

# 20. Machine-made sand without a valid product certificate, MB value or stone-powder test, or with
# MB or stone powder over the GB/T 14684 limits.
MACHINE_SAND_SQL = """
SELECT """ + _LOT_ROW + """, 2::smallint AS level,
       '机制砂 ' || lot.source_id || ' 信息无效：' || array_to_string(s.problems_zh, '、') AS message_zh,
       'Machine-made sand lot ' || lot.source_id || ' invalid: ' || array_to_string(s.problems, ', ') AS message_en,
       jsonb_build_object('lot', lot.source_id, 'mb_value', lot.mb_value, 'stone_powder_pct', lot.stone_powder_pct,
                          'certificate', lot.sand_certificate_no, 'problems', to_jsonb(s.problems)) AS evidence
FROM concrete_materiallot lot
JOIN rule_params rp ON rp.feature_id = lot.plant_id
CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
    CASE WHEN btrim(lot.sand_certificate_no) = '' THEN 'certificate missing' END,
    CASE WHEN lot.sand_certificate_expires_on < ARRIVAL_DAY
         THEN 'certificate expired ' || lot.sand_certificate_expires_on END,
    CASE WHEN lot.mb_value IS NULL THEN 'MB value missing' END,
    CASE WHEN lot.stone_powder_pct IS NULL THEN 'stone powder missing' END,
    CASE WHEN lot.mb_value > (rp.p->>'mb_max')::numeric THEN 'MB ' || lot.mb_value END,
    CASE WHEN lot.stone_powder_pct > (rp.p->>'stone_powder_max_pct')::numeric
         THEN 'stone powder ' || lot.stone_powder_pct || '%%' END], NULL) AS problems,
    array_remove(ARRAY[
    CASE WHEN btrim(lot.sand_certificate_no) = '' THEN '无产品合格证' END,
    CASE WHEN lot.sand_certificate_expires_on < ARRIVAL_DAY
         THEN '合格证已于 ' || lot.sand_certificate_expires_on || ' 过期' END,
    CASE WHEN lot.mb_value IS NULL THEN '无亚甲蓝 MB 值' END,
    CASE WHEN lot.stone_powder_pct IS NULL THEN '无石粉含量' END,
    CASE WHEN lot.mb_value > (rp.p->>'mb_max')::numeric THEN 'MB 值 ' || lot.mb_value || ' 超限' END,
    CASE WHEN lot.stone_powder_pct > (rp.p->>'stone_powder_max_pct')::numeric
         THEN '石粉含量 ' || lot.stone_powder_pct || '%% 超限' END], NULL) AS problems_zh) s
WHERE lot.material_type = 'machine_sand' AND cardinality(s.problems) > 0
""".replace("ARRIVAL_DAY", _LOCAL_DAY.format("lot.arrived_at"))

_ALL_BUT_WATER = ["cement", "fly_ash", "slag", "sand", "machine_sand", "stone", "admixture"]

RULES = (
    SqlRule("concrete.selftest_abnormal", PLANT, SELFTEST_ABNORMAL_SQL, {"sand_mud_max_pct": 3.0},
            "原材料自检异常预警", "Material self-test failed"),
    SqlRule("concrete.selftest_missing", PLANT, SELFTEST_MISSING_SQL, {"required_types": _ALL_BUT_WATER},
            "原材料自检预警", "Material used without self-test"),
    SqlRule("concrete.material_entry", PLANT, MATERIAL_ENTRY_SQL, {}, "原材料进场预警", "Material entry documents"),
    SqlRule("concrete.material_timeout", PLANT, MATERIAL_TIMEOUT_SQL, {"validity_months": {"cement": 3}},
            "原材料超时预警", "Material used past its validity"),
    SqlRule("concrete.late_entry", PLANT, LATE_ENTRY_SQL, {"late_entry_hours": 24},
            "原材料超时录入预警", "Material recorded late"),
    SqlRule("concrete.usage", PLANT, USAGE_SQL, {"stock_deviation_pct": 5}, "原材料用量预警", "Material usage"),
    SqlRule("concrete.duplicate", PLANT, DUPLICATE_SQL, {}, "原材料重复预警", "Duplicate material entry"),
    SqlRule("concrete.machine_sand", PLANT, MACHINE_SAND_SQL, {"mb_max": 1.4, "stone_powder_max_pct": 10.0},
            "机制砂信息无效预警", "Machine-made sand information"),
)
