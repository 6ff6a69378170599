"""Every statement of the plants' feeds: reference checks over the staged rows and the set-based
merges into the concrete tables. Staging tables are `stage_<part>` (feeds.Part.staging_columns:
line_no, then the fields, the plant already resolved to its feature id).

Each merge yields (inserted, updated, plant ids whose rules must run again). Natural keys make a
replay change nothing: ON CONFLICT DO NOTHING on (plant, serial) and (plant, source id), and for the
batching records, partitioned by month, (plant, source id, batched_at); only a specimen group's test
results may arrive later and fill an untested group in.
"""


def _missing(stage: str, column: str, table: str, key: str, reason: str) -> str:
    """Staged rows naming a `column` value that `table` has no row for at the same plant."""
    return (f"SELECT s.line_no, '{column}', '{reason}' FROM {stage} s WHERE s.{column} <> '' AND NOT EXISTS "
            f"(SELECT 1 FROM {table} t WHERE t.plant_id = s.plant_id AND t.{key} = s.{column})")


_NO_LINE = "no such mixing line at this plant"
_NO_MIX = "no such mix design at this plant"
_NO_LOT = "no such material lot at this plant"
_NO_BATCH = "no batch with this serial at this plant"

# Sites are anyone's construction sites (a plant delivers to sites of other enterprises).
_NO_SITE = ("SELECT s.line_no, 'site', 'no such construction site' FROM stage_batches s WHERE s.site <> '' "
            "AND NOT EXISTS (SELECT 1 FROM features_feature f WHERE f.kind = 'construction_site' AND f.code = s.site)")
_RETESTED = """
SELECT s.line_no, 'test_date', 'the group already has other test results'
FROM stage_specimen s JOIN concrete_specimengroup g ON g.plant_id = s.plant_id AND g.source_id = s.group_id
WHERE g.test_date IS NOT NULL AND s.test_date IS NOT NULL
  AND (g.test_date, g.strength_1_mpa, g.strength_2_mpa, g.strength_3_mpa)
      IS DISTINCT FROM (s.test_date, s.strength_1_mpa, s.strength_2_mpa, s.strength_3_mpa)"""

# Records are partitioned by month of batched_at, so their unique key holds it: a record id is kept one
# row per plant here, the merge being their only writer (concrete migration 0007).
_RETIMED = """
SELECT s.line_no, 'batched_at', 'this record was received before with another time'
FROM stage_batching s JOIN concrete_batchingrecord r ON r.plant_id = s.plant_id AND r.source_id = s.record_id
WHERE r.batched_at <> s.batched_at"""
_TWICE = """
SELECT s.line_no, 'batched_at', 'this record is in the body twice with two times'
FROM stage_batching s
WHERE EXISTS (SELECT 1 FROM stage_batching t
              WHERE t.plant_id = s.plant_id AND t.record_id = s.record_id AND t.batched_at <> s.batched_at)"""

REFERENCE_CHECKS = {
    "batches": [_missing("stage_batches", "line", "concrete_mixingline", "code", _NO_LINE),
                _missing("stage_batches", "mix", "concrete_mixdesign", "code", _NO_MIX),
                _missing("stage_batches", "order_no", "concrete_order", "source_id", "no such order at this plant"),
                _NO_SITE],
    "batching": [_missing("stage_batching", "line", "concrete_mixingline", "code", _NO_LINE),
                 _missing("stage_batching", "lot", "concrete_materiallot", "source_id", _NO_LOT), _RETIMED, _TWICE],
    "lots": [],
    "self_test": [_missing("stage_self_test", "lot", "concrete_materiallot", "source_id", _NO_LOT)],
    "specimen": [_missing("stage_specimen", "serial", "concrete_batch", "serial", _NO_BATCH), _RETESTED],
    "chloride": [_missing("stage_chloride", "serial", "concrete_batch", "serial", _NO_BATCH),
                 _missing("stage_chloride", "mix", "concrete_mixdesign", "code", _NO_MIX)],
    "heartbeats": [_missing("stage_heartbeats", "line", "concrete_mixingline", "code", _NO_LINE)],
}

_COUNTS = ("SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted), "
           "coalesce(array_agg(DISTINCT plant_id), '{}') FROM done")

# A new batch brings its delivery ticket and takes up the batching records that came before it under
# its serial; its line remembers the latest serial produced. A replayed batch changes nothing, its
# ticket included.
MERGE_BATCHES = """
WITH done AS (
    INSERT INTO concrete_batch (plant_id, line_id, serial, produced_at, mix_id, grade, volume_m3, order_id,
                                shift, received_at)
    SELECT s.plant_id, l.id, s.serial, s.produced_at, m.id, s.grade, s.volume_m3, o.id, s.shift, now()
    FROM stage_batches s
    LEFT JOIN concrete_mixingline l ON l.plant_id = s.plant_id AND l.code = s.line
    LEFT JOIN concrete_mixdesign m ON m.plant_id = s.plant_id AND m.code = s.mix
    LEFT JOIN concrete_order o ON o.plant_id = s.plant_id AND o.source_id = s.order_no
    ON CONFLICT (plant_id, serial) DO NOTHING
    RETURNING id, plant_id, serial, line_id, produced_at, true AS inserted
), tickets AS (
    INSERT INTO concrete_deliveryticket (plant_id, source_id, batch_id, site_id, truck, delivered_at)
    SELECT DISTINCT ON (s.plant_id, s.serial) s.plant_id, s.ticket_no, d.id, f.id, s.truck, s.delivered_at
    FROM stage_batches s
    JOIN done d ON d.plant_id = s.plant_id AND d.serial = s.serial
    LEFT JOIN features_feature f ON f.kind = 'construction_site' AND f.code = s.site
    WHERE s.ticket_no <> ''
    ORDER BY s.plant_id, s.serial, s.line_no
    ON CONFLICT (plant_id, source_id) DO NOTHING
), linked AS (
    UPDATE concrete_batchingrecord r SET batch_id = d.id, line_id = coalesce(r.line_id, d.line_id)
    FROM done d WHERE r.plant_id = d.plant_id AND r.serial = d.serial AND r.batch_id IS NULL
), latest AS (
    SELECT DISTINCT ON (line_id) line_id, serial, produced_at FROM done
    WHERE line_id IS NOT NULL ORDER BY line_id, produced_at DESC
), lines AS (
    UPDATE concrete_mixingline l SET last_serial = x.serial FROM latest x
    WHERE l.id = x.line_id
      AND NOT EXISTS (SELECT 1 FROM concrete_batch b WHERE b.line_id = l.id AND b.produced_at > x.produced_at)
)
""" + _COUNTS

MERGE_BATCHING = """
WITH done AS (
    INSERT INTO concrete_batchingrecord (plant_id, source_id, batch_id, serial, line_id, material_type, lot_id,
                                         target_kg, actual_kg, batched_at, received_at)
    SELECT s.plant_id, s.record_id, b.id, s.serial, coalesce(l.id, b.line_id), s.material_type, lot.id,
           s.target_kg, s.actual_kg, s.batched_at, now()
    FROM stage_batching s
    LEFT JOIN concrete_batch b ON b.plant_id = s.plant_id AND b.serial = s.serial
    LEFT JOIN concrete_mixingline l ON l.plant_id = s.plant_id AND l.code = s.line
    LEFT JOIN concrete_materiallot lot ON lot.plant_id = s.plant_id AND lot.source_id = s.lot
    ON CONFLICT (plant_id, source_id, batched_at) DO NOTHING
    RETURNING plant_id, line_id, batched_at, true AS inserted
), lines AS (
    UPDATE concrete_mixingline l SET last_batching_at = greatest(l.last_batching_at, x.at)
    FROM (SELECT line_id, max(batched_at) AS at FROM done WHERE line_id IS NOT NULL GROUP BY line_id) x
    WHERE l.id = x.line_id
)
""" + _COUNTS

# A supplier first seen in a lot is added under the name the plant gave (never renamed after).
MERGE_SUPPLIERS = """
INSERT INTO concrete_supplier (credit_code, name, synthetic)
SELECT DISTINCT ON (supplier) supplier, coalesce(nullif(supplier_name, ''), supplier), false
FROM stage_lots WHERE supplier <> '' ORDER BY supplier, line_no
ON CONFLICT (credit_code) DO NOTHING
"""

MERGE_LOTS = """
WITH done AS (
    INSERT INTO concrete_materiallot (plant_id, source_id, supplier_id, material_type, specification, quantity_t,
        supplier_lot_no, weighbridge_ticket, arrived_at, recorded_at, manufactured_at, has_certificate,
        certificate_no, has_test_report, sand_certificate_no, sand_certificate_expires_on, mb_value,
        stone_powder_pct, received_at)
    SELECT s.plant_id, s.lot_id, sup.id, s.material_type, s.specification, s.quantity_t, s.supplier_lot_no,
           s.weighbridge_ticket, s.arrived_at, s.recorded_at, s.manufactured_on, s.has_certificate, s.certificate_no,
           s.has_test_report, s.sand_certificate_no, s.sand_certificate_expires_on, s.mb_value, s.stone_powder_pct,
           now()
    FROM stage_lots s LEFT JOIN concrete_supplier sup ON sup.credit_code = s.supplier
    ON CONFLICT (plant_id, source_id) DO NOTHING
    RETURNING plant_id, true AS inserted
)
""" + _COUNTS

MERGE_SELF_TESTS = """
WITH done AS (
    INSERT INTO concrete_selftest (plant_id, source_id, lot_id, item, result, limit_value, limit_kind, passed,
                                   tested_at)
    SELECT s.plant_id, s.test_id, lot.id, s.item, s.result, s.limit_value, s.limit_kind, s.passed, s.tested_at
    FROM stage_self_test s JOIN concrete_materiallot lot ON lot.plant_id = s.plant_id AND lot.source_id = s.lot
    ON CONFLICT (plant_id, source_id) DO NOTHING
    RETURNING plant_id, true AS inserted
)
""" + _COUNTS

# The last row of a body for a group wins; results fill an untested group (xmax = 0: inserted).
MERGE_SPECIMENS = """
WITH fresh AS (
    SELECT DISTINCT ON (plant_id, group_id) * FROM stage_specimen ORDER BY plant_id, group_id, line_no DESC
), done AS (
    INSERT INTO concrete_specimengroup AS g (plant_id, source_id, batch_id, cast_date, curing, age_days, test_date,
        strength_1_mpa, strength_2_mpa, strength_3_mpa, group_value_mpa, invalid)
    SELECT s.plant_id, s.group_id, b.id, s.cast_date, s.curing, s.age_days, s.test_date, s.strength_1_mpa,
           s.strength_2_mpa, s.strength_3_mpa, s.group_value_mpa, s.invalid
    FROM fresh s JOIN concrete_batch b ON b.plant_id = s.plant_id AND b.serial = s.serial
    ON CONFLICT (plant_id, source_id) DO UPDATE
    SET test_date = EXCLUDED.test_date, strength_1_mpa = EXCLUDED.strength_1_mpa,
        strength_2_mpa = EXCLUDED.strength_2_mpa, strength_3_mpa = EXCLUDED.strength_3_mpa,
        group_value_mpa = EXCLUDED.group_value_mpa, invalid = EXCLUDED.invalid
    WHERE g.test_date IS NULL AND EXCLUDED.test_date IS NOT NULL
    RETURNING g.plant_id, (g.xmax = 0) AS inserted
)
""" + _COUNTS

MERGE_CHLORIDES = """
WITH done AS (
    INSERT INTO concrete_chloridetest (plant_id, source_id, batch_id, mix_id, method, chloride_pct, tested_at)
    SELECT s.plant_id, s.test_id, b.id, m.id, s.method, s.chloride_pct, s.tested_at
    FROM stage_chloride s
    LEFT JOIN concrete_batch b ON b.plant_id = s.plant_id AND b.serial = s.serial AND s.serial <> ''
    LEFT JOIN concrete_mixdesign m ON m.plant_id = s.plant_id AND m.code = s.mix AND s.mix <> ''
    ON CONFLICT (plant_id, source_id) DO NOTHING
    RETURNING plant_id, true AS inserted
)
""" + _COUNTS

# A heartbeat moves the line's link state forward only; no rule runs on it (the sweep reads it).
MERGE_HEARTBEATS = """
WITH latest AS (
    SELECT DISTINCT ON (l.id) l.id, s.at, s.last_serial
    FROM stage_heartbeats s JOIN concrete_mixingline l ON l.plant_id = s.plant_id AND l.code = s.line
    ORDER BY l.id, s.at DESC
), done AS (
    UPDATE concrete_mixingline l
    SET last_heartbeat_at = x.at, last_serial = CASE WHEN x.last_serial <> '' THEN x.last_serial ELSE l.last_serial END
    FROM latest x
    WHERE l.id = x.id AND (l.last_heartbeat_at IS NULL OR l.last_heartbeat_at < x.at)
    RETURNING l.plant_id, false AS inserted
)
SELECT 0, count(*), '{}'::bigint[] FROM done
"""

# Part -> the statements that merge it, in order; the one that answers a row gives the part's counts.
MERGES = {
    "batches": (MERGE_BATCHES,),
    "batching": (MERGE_BATCHING,),
    "lots": (MERGE_SUPPLIERS, MERGE_LOTS),
    "self_test": (MERGE_SELF_TESTS,),
    "specimen": (MERGE_SPECIMENS,),
    "chloride": (MERGE_CHLORIDES,),
    "heartbeats": (MERGE_HEARTBEATS,),
}
