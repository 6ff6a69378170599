"""The trace's SQL (trace.py runs it): one statement per direction, made of the direction's source of
batches and one shared body. `{scope}` is the user's scoped feature ids (scope_features), so a row
shows only when its plant or its receiving site is within the user's jurisdiction, and a plant's or
site's geometry only when that one is.

A batch's test status [D]: failed when its evaluation batch (plant, mix, month) closed failed, a
chloride test of it is over its mix's limit, or one of its groups is below the grade; passed when a
standard-cured group of its own has a value or its closed evaluation batch passed (most batches give
no specimens: the evaluation batch stands for them); pending otherwise.

An enterprise (`%(own_org)s`, NULL for everyone else) also sees where its own plants delivered: the
receiving site's code, name, a point on it and the parts poured, never its outline nor (site_in_scope
false) a link to the site's record; deliveries of other plants to the same site stay hidden."""

from geo_server.sectors.concrete.rules_production import CHLORIDE_LIMITS

LOCAL_DAY = "(b.produced_at AT TIME ZONE 'Asia/Shanghai')::date"

# The batches each direction starts from, as a set of ids.
SOURCES = {
    # An evaluation batch stands for its mix's whole production of the period, not only the batches
    # that gave specimens (GB/T 50107 §3.0.2: one acceptance batch).
    "evaluation": f"""
        SELECT b.id FROM concrete_evaluationbatch e
        JOIN concrete_batch b ON b.plant_id = e.plant_id AND b.mix_id = e.mix_id
        WHERE e.id = %(origin)s AND {LOCAL_DAY} BETWEEN e.period_start AND e.period_end""",
    # A measured test names its batch; a test of the mix (computed chloride) stands for every batch of it.
    "chloride": """
        SELECT c.batch_id FROM concrete_chloridetest c WHERE c.id = %(origin)s AND c.batch_id IS NOT NULL
        UNION
        SELECT b.id FROM concrete_chloridetest c JOIN concrete_batch b ON b.mix_id = c.mix_id
        WHERE c.id = %(origin)s AND c.batch_id IS NULL""",
    "site": "SELECT DISTINCT t.batch_id FROM concrete_deliveryticket t WHERE t.site_id = %(origin)s",
    # A supplier's lot reaches several plants: every lot with its supplier, material and supplier lot no.
    "lot": """
        SELECT DISTINCT r.batch_id FROM concrete_materiallot l
        JOIN concrete_materiallot same ON same.id = l.id OR (l.supplier_lot_no <> '' AND same.supplier_id = l.supplier_id
             AND same.material_type = l.material_type AND same.supplier_lot_no = l.supplier_lot_no)
        JOIN concrete_batchingrecord r ON r.lot_id = same.id
        WHERE l.id = %(origin)s AND r.batch_id IS NOT NULL""",
}

_LIMIT = "CASE m.exposure_class " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in CHLORIDE_LIMITS.items()) + " END"

BODY = """
WITH src AS ({source}),
visible AS (
    SELECT b.id AS batch_id, b.produced_at, b.serial, t.id AS ticket_id, t.site_id,
           EXISTS (SELECT 1 FROM ({scope}) sc WHERE sc.id = b.plant_id) AS plant_visible,
           EXISTS (SELECT 1 FROM ({scope}) sc WHERE sc.id = t.site_id) AS site_visible,
           p.organisation_id = %(own_org)s AS own_plant
    FROM (SELECT DISTINCT * FROM src) AS s(id)
    JOIN concrete_batch b ON b.id = s.id
    JOIN features_feature p ON p.id = b.plant_id
    LEFT JOIN concrete_deliveryticket t ON t.batch_id = b.id AND (%(site)s::bigint IS NULL OR t.site_id = %(site)s)
),
-- The newest %(limit)s rows (all when NULL), counted first: the joins below cost per row.
picked AS (
    SELECT v.*, v.site_visible OR (v.ticket_id IS NOT NULL AND v.own_plant IS TRUE) AS site_shown,
           count(*) OVER () AS total
    FROM visible v WHERE v.plant_visible OR v.site_visible
    ORDER BY v.produced_at DESC, v.serial DESC LIMIT %(limit)s
)
SELECT b.id AS batch_id, b.serial, b.produced_at, COALESCE(NULLIF(b.grade, ''), m.grade) AS grade, b.volume_m3,
       m.code AS mix, l.code AS line, o.customer, o.part_poured,
       b.plant_id, p.code AS plant_code, p.name AS plant_name, k.plant_visible,
       CASE WHEN k.plant_visible THEN ST_AsGeoJSON(p.geom, 6) END AS plant_geojson,
       t.source_id AS ticket, t.delivered_at, t.truck,
       CASE WHEN k.site_shown THEN t.site_id END AS site_id,
       CASE WHEN k.site_shown THEN s.code END AS site_code, CASE WHEN k.site_shown THEN s.name END AS site_name,
       CASE WHEN k.site_visible THEN ST_AsGeoJSON(s.geom, 6)
            WHEN k.site_shown THEN ST_AsGeoJSON(ST_PointOnSurface(s.geom), 6) END AS site_geojson,
       CASE WHEN k.site_shown THEN ST_AsGeoJSON(ST_PointOnSurface(s.geom), 6) END AS site_point,
       k.site_visible AS site_in_scope,
       k.ticket_id IS NOT NULL AND NOT k.site_shown AS elsewhere,
       st.status, st.reasons, COALESCE(lots.lots, '[]'::jsonb) AS lots, k.total
FROM picked k
JOIN concrete_batch b ON b.id = k.batch_id
JOIN features_feature p ON p.id = b.plant_id
LEFT JOIN concrete_deliveryticket t ON t.id = k.ticket_id
LEFT JOIN features_feature s ON s.id = t.site_id
LEFT JOIN concrete_mixdesign m ON m.id = b.mix_id
LEFT JOIN concrete_mixingline l ON l.id = b.line_id
LEFT JOIN concrete_order o ON o.id = b.order_id
CROSS JOIN LATERAL (
    SELECT CASE WHEN e.failed OR c.over OR g.low THEN 'failed' WHEN g.tested OR e.passed THEN 'passed'
                ELSE 'pending' END AS status,
           array_remove(ARRAY[CASE WHEN e.failed THEN 'evaluation' END, CASE WHEN c.over THEN 'chloride' END,
                              CASE WHEN g.low THEN 'strength' END], NULL) AS reasons
    FROM (SELECT COALESCE(bool_or(NOT e.passed), false) AS failed, COALESCE(bool_and(e.passed), false) AS passed
          FROM concrete_evaluationbatch e
          WHERE e.plant_id = b.plant_id AND e.mix_id = b.mix_id AND e.closed_at IS NOT NULL
            AND (b.produced_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN e.period_start AND e.period_end) e,
         (SELECT COALESCE(bool_or(c.chloride_pct > """ + _LIMIT + """), false) AS over
          FROM concrete_chloridetest c WHERE c.batch_id = b.id) c,
         (SELECT COALESCE(bool_or(g.group_value_mpa IS NOT NULL AND g.curing = 'standard'), false) AS tested,
                 COALESCE(bool_or(g.group_value_mpa < substr(COALESCE(NULLIF(b.grade, ''), m.grade), 2)::numeric),
                          false) AS low
          FROM concrete_specimengroup g WHERE g.batch_id = b.id AND NOT g.invalid) g
) st
LEFT JOIN LATERAL (
    SELECT jsonb_agg(DISTINCT jsonb_build_object('id', ml.id, 'lot', ml.source_id, 'material', ml.material_type,
                                                 'supplier', sp.name, 'supplier_lot', ml.supplier_lot_no)) AS lots
    FROM concrete_batchingrecord r
    JOIN concrete_materiallot ml ON ml.id = r.lot_id
    LEFT JOIN concrete_supplier sp ON sp.id = ml.supplier_id
    WHERE r.batch_id = b.id
) lots ON true
ORDER BY b.produced_at, b.serial, t.delivered_at, t.source_id
"""


def statement(direction: str, scope_sql: str) -> str:
    # The scope is repeated inside each EXISTS rather than kept in a CTE: there the planner can look a
    # plant or site up by primary key instead of hashing the whole scope (a million features for a
    # superuser at scale 200).
    return BODY.replace("{source}", SOURCES[direction]).replace("{scope}", scope_sql)
