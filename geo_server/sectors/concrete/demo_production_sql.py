"""The production demo's set-based statements (demo_production.py). Every choice is a hash of the
seed and a stable key (plant code, day, serial), so the same seed gives the same rows whatever ids
the database hands out. Each statement works on the plants of %(plants)s only; demo rows carry
'DEMO-' source ids (or the plant code in the serial) and ON CONFLICT keeps a replay harmless.

Per plant: lots of every material arrive on the last day of the month before they are used (so
they are self-tested before the first use); each day from %(first)s to %(last)s the plant makes
%(per_day)s batches of one of its three mixes on two lines, 07:00-17:00 local, each sent to the
month's three orders of that mix (nearby construction sites); every tenth batch of a day gives a
standard-cured specimen group at 1.17-1.33 times its grade (tested at 28 days when that is past),
and the first batch of the 1st and 15th a chloride test. Batching records are within 0.5 % of
their targets."""

TZ = "Asia/Shanghai"

# material, specification, kg per m³ (to size a month's lot), self-test item, result, limit, kind
MATERIALS = """(VALUES
    ('cement', 'P·O 42.5', 340, 'setting_time_min', 180, 600, 'max'),
    ('fly_ash', 'F类 II级', 60, 'fineness_pct', 12, 25, 'max'),
    ('sand', '中砂 II区', 460, 'mud_content', 1.5, 3.0, 'max'),
    ('machine_sand', '机制砂 II区', 310, 'mb_value', 1.0, 1.4, 'max'),
    ('stone', '5-25 mm 碎石', 1070, 'crushing_value_pct', 10, 16, 'max'),
    ('admixture', '聚羧酸减水剂', 8, 'water_reduction_pct', 25, 14, 'min')
) AS mt(material, spec, kg, item, result, lim, kind)"""

MONTHS = "generate_series(date_trunc('month', %(first)s::date), %(last)s::date, interval '1 month') AS mo"

LOTS = """
INSERT INTO concrete_materiallot (plant_id, source_id, supplier_id, material_type, specification, quantity_t,
    supplier_lot_no, weighbridge_ticket, arrived_at, recorded_at, manufactured_at, has_certificate, certificate_no,
    has_test_report, sand_certificate_no, sand_certificate_expires_on, mb_value, stone_powder_pct, received_at)
SELECT f.id, 'DEMO-' || f.code || '-' || to_char(mo, 'YYYYMM') || '-' || mt.material,
       (%(suppliers)s::jsonb -> mt.material ->> (abs(hashtext(%(seed)s || f.code || mt.material)) %% 2))::bigint,
       mt.material, mt.spec, round(%(per_day)s * 31 * 10 * mt.kg / 1000.0 * 1.6, 3),
       'SL' || to_char(mo, 'YYMM') || '-' || f.code || '-' || mt.material,
       'WB' || to_char(mo, 'YYMM') || '-' || f.code || '-' || mt.material,
       (mo - interval '16 hours') AT TIME ZONE %(tz)s, (mo - interval '15 hours') AT TIME ZONE %(tz)s,
       CASE WHEN mt.material = 'cement' THEN (mo - interval '11 days')::date END,
       true, 'HG' || to_char(mo, 'YYMM') || f.code || left(mt.material, 2), true,
       CASE WHEN mt.material = 'machine_sand' THEN 'MS-' || f.code ELSE '' END,
       CASE WHEN mt.material = 'machine_sand' THEN (mo + interval '1 year')::date END,
       CASE WHEN mt.material = 'machine_sand' THEN 1.0 END, CASE WHEN mt.material = 'machine_sand' THEN 7.0 END,
       now()
FROM features_feature f CROSS JOIN """ + MONTHS + " CROSS JOIN " + MATERIALS + """
WHERE f.id = ANY(%(plants)s)
ON CONFLICT DO NOTHING
"""

SELF_TESTS = """
INSERT INTO concrete_selftest (plant_id, source_id, lot_id, item, result, limit_value, limit_kind, passed, tested_at)
SELECT l.plant_id, 'ST-' || l.source_id, l.id, mt.item, mt.result, mt.lim, mt.kind, true,
       l.arrived_at + interval '2 hours'
FROM concrete_materiallot l JOIN """ + MATERIALS + """ ON mt.material = l.material_type
WHERE l.plant_id = ANY(%(plants)s) AND l.source_id LIKE 'DEMO-%%'
ON CONFLICT DO NOTHING
"""

# Three orders per plant, month and mix, each to one of the %(nearest)s construction sites nearest the plant.
# Each plant's nearest sites are found once, by a nearest-neighbour walk of the geometry index (ordered by
# distance alone: a second sort key made PostgreSQL sort all 70,000 sites of the scale-200 demo, 0.2 s for
# each of 117,000 orders), then ranked by distance and id.
ORDERS = """
WITH nearest AS (
    SELECT f.id AS plant_id, s.id, s.name,
           row_number() OVER (PARTITION BY f.id ORDER BY s.distance, s.id) - 1 AS rank
    FROM features_feature f
    CROSS JOIN LATERAL (SELECT s.id, s.name, s.geom <-> f.geom AS distance FROM features_feature s
                        WHERE s.kind = 'construction_site' ORDER BY s.geom <-> f.geom LIMIT %(nearest)s) s
    WHERE f.id = ANY(%(plants)s)
)
INSERT INTO concrete_order (plant_id, source_id, customer, site_id, part_poured, grade, mix_id, volume_m3, approved_at)
SELECT f.id, 'DEMO-' || f.code || '-' || to_char(mo, 'YYYYMM') || '-' || m.code || '-' || n, COALESCE(sd.general_contractor, s.name),
       s.id, (ARRAY['基础承台', '地下室底板', '1F 柱', '2F 楼板', '3F 梁板', '剪力墙', '楼梯', '屋面板', '桩基'])
           [1 + abs(hashtext(%(seed)s || f.code || mo::date::text || m.code || n || 'part')) %% 9],
       m.grade, m.id, 1000, (mo - interval '12 hours') AT TIME ZONE %(tz)s
FROM features_feature f CROSS JOIN """ + MONTHS + """
JOIN concrete_mixdesign m ON m.plant_id = f.id AND m.code LIKE 'DM%%'
CROSS JOIN generate_series(1, 3) AS n
JOIN nearest s ON s.plant_id = f.id
     AND s.rank = abs(hashtext(%(seed)s || f.code || mo::date::text || m.code || n)) %% %(nearest)s
LEFT JOIN worksites_constructionsitedetail sd ON sd.feature_id = s.id
WHERE f.id = ANY(%(plants)s)
ON CONFLICT DO NOTHING
"""

# The serial's trailing number (YYYYMMDD and the day's sequence) rises on each line (rule 17).
BATCHES = """
INSERT INTO concrete_batch (plant_id, line_id, serial, produced_at, mix_id, grade, volume_m3, order_id, shift,
                            received_at)
SELECT f.id, l.id, f.code || '-' || to_char(d, 'YYYYMMDD') || lpad(k::text, 4, '0'),
       (d + make_interval(secs => 25200 + k * 36000.0 / %(per_day)s + x.h %% 300)) AT TIME ZONE %(tz)s,
       m.id, m.grade, 6 + x.h %% 5, o.id, to_char(d, 'YYYY-MM-DD') || '/day', now()
FROM features_feature f
CROSS JOIN generate_series(%(first)s::timestamp, %(last)s::timestamp, interval '1 day') AS d
CROSS JOIN generate_series(0, %(per_day)s - 1) AS k
CROSS JOIN LATERAL (SELECT abs(hashtext(%(seed)s || f.code || d::date::text || k)) AS h,
                           'DM' || (1 + abs(hashtext(%(seed)s || f.code || d::date::text)) %% 3) AS mix) x
JOIN concrete_mixingline l ON l.plant_id = f.id AND l.code = 'L' || (1 + k %% 2)
JOIN concrete_mixdesign m ON m.plant_id = f.id AND m.code = x.mix
JOIN concrete_order o ON o.plant_id = f.id
     AND o.source_id = 'DEMO-' || f.code || '-' || to_char(d, 'YYYYMM') || '-' || x.mix || '-' || (1 + x.h %% 3)
WHERE f.id = ANY(%(plants)s)
ON CONFLICT DO NOTHING
"""

BATCHING_RECORDS = """
INSERT INTO concrete_batchingrecord (plant_id, source_id, batch_id, serial, line_id, material_type, lot_id,
                                     target_kg, actual_kg, batched_at, received_at)
SELECT b.plant_id, b.serial || ':' || r.material, b.id, b.serial, b.line_id, r.material, lot.id,
       round(r.kg * b.volume_m3, 2),
       round(r.kg * b.volume_m3 * (1 + (abs(hashtext(b.serial || r.material)) %% 11 - 5) / 1000.0), 2),
       b.produced_at - interval '2 minutes', now()
FROM concrete_batch b
JOIN features_feature f ON f.id = b.plant_id
JOIN concrete_mixdesign m ON m.id = b.mix_id
CROSS JOIN LATERAL (VALUES ('cement', m.cement_kg), ('fly_ash', m.fly_ash_kg), ('slag', m.slag_kg),
                           ('sand', m.sand_kg * 0.6), ('machine_sand', m.sand_kg * 0.4), ('stone', m.stone_kg),
                           ('water', m.water_kg), ('admixture', m.admixture_kg)) AS r(material, kg)
LEFT JOIN concrete_materiallot lot ON lot.plant_id = b.plant_id AND lot.source_id = 'DEMO-' || f.code || '-'
     || to_char(b.produced_at AT TIME ZONE %(tz)s, 'YYYYMM') || '-' || r.material
WHERE b.plant_id = ANY(%(plants)s) AND r.kg > 0
ON CONFLICT DO NOTHING
"""

TICKETS = """
INSERT INTO concrete_deliveryticket (plant_id, source_id, batch_id, site_id, truck, delivered_at)
SELECT b.plant_id, 'T' || b.serial, b.id, o.site_id,
       '粤A' || lpad((abs(hashtext(b.serial)) %% 100000)::text, 5, '0'), b.produced_at + interval '45 minutes'
FROM concrete_batch b JOIN concrete_order o ON o.id = b.order_id
WHERE b.plant_id = ANY(%(plants)s)
ON CONFLICT DO NOTHING
"""

SPECIMENS = """
INSERT INTO concrete_specimengroup (plant_id, source_id, batch_id, cast_date, curing, age_days, test_date,
                                    strength_1_mpa, strength_2_mpa, strength_3_mpa, group_value_mpa, invalid)
SELECT b.plant_id, 'G' || b.serial, b.id, x.day, 'standard', 28, CASE WHEN x.tested THEN x.day + 28 END,
       CASE WHEN x.tested THEN x.v - 0.5 END, CASE WHEN x.tested THEN x.v END,
       CASE WHEN x.tested THEN x.v + 0.5 END, CASE WHEN x.tested THEN x.v END, false
FROM concrete_batch b
CROSS JOIN LATERAL (SELECT (b.produced_at AT TIME ZONE %(tz)s)::date AS day,
                           (b.produced_at AT TIME ZONE %(tz)s)::date + 28 < %(today)s::date AS tested,
                           round(substr(b.grade, 2)::numeric
                                 * (1.25 + (abs(hashtext(%(seed)s || b.serial)) %% 17 - 8) / 100.0), 1) AS v) x
WHERE b.plant_id = ANY(%(plants)s) AND right(b.serial, 4)::int %% 10 = 0
ON CONFLICT DO NOTHING
"""

CHLORIDES = """
INSERT INTO concrete_chloridetest (plant_id, source_id, batch_id, method, chloride_pct, tested_at)
SELECT b.plant_id, 'CL' || b.serial, b.id, 'measured', 0.03 + abs(hashtext(b.serial)) %% 4 / 100.0,
       b.produced_at + interval '3 hours'
FROM concrete_batch b
WHERE b.plant_id = ANY(%(plants)s) AND right(b.serial, 4) = '0000'
  AND extract(day FROM b.produced_at AT TIME ZONE %(tz)s) IN (1, 15)
ON CONFLICT DO NOTHING
"""

STEPS = (("lots", LOTS), ("self_tests", SELF_TESTS), ("orders", ORDERS), ("batches", BATCHES),
         ("batching_records", BATCHING_RECORDS), ("tickets", TICKETS), ("specimen_groups", SPECIMENS),
         ("chloride_tests", CHLORIDES))
