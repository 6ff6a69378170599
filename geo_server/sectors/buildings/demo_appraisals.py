"""Synthetic appraisal history, census entries and sub-layer attributes for the demo buildings, in
set-based statements. Deterministic: every choice is a hash of the building's code. Each appraised
building (a demo grade) gets 1 to 3 published reports, the latest carrying its grade, the earlier
ones milder or worse as a building's history goes; C and D reports carry member findings. All share
one synthetic PDF, and every agency is labelled synthetic."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from geo_server.demo.common import TODAY

DEMO_PDF = "appraisals/synthetic/demo-report.pdf"

# h(code, salt) -> 0..999, stable across runs and machines.
_H = "(abs(hashtext(f.code || '{salt}')) %% 1000)"

# Each statement skips what an earlier load wrote through a MATERIALIZED list of it, read once: a
# NOT EXISTS probe of the table being filled made PostgreSQL (planning against an empty table) scan
# the growing heap once per row, and `load_demo --scale 200` did not finish in 25 minutes.
REPORTS_SQL = f"""
WITH done AS MATERIALIZED (SELECT DISTINCT building_id FROM buildings_appraisalreport)
INSERT INTO buildings_appraisalreport (building_id, agency, appraisers, appraised_on, grade, handling, pdf, state,
                                       submitted_at, published_at)
SELECT f.id, '广州市示例房屋安全鉴定所（合成数据）', '合成鉴定员 ' || (1 + {_H.format(salt='who')} %% 40),
       r.on_day, r.grade,
       CASE r.grade WHEN 'A' THEN 'observe' WHEN 'B' THEN 'observe' WHEN 'C' THEN 'treat'
                    ELSE CASE WHEN {_H.format(salt='dem')} < 300 THEN 'demolish' ELSE 'stop' END END,
       %(pdf)s, 'published', r.on_day::timestamptz, r.on_day::timestamptz + interval '20 days'
FROM features_feature f
JOIN buildings_buildingdetail d ON d.feature_id = f.id
CROSS JOIN LATERAL generate_series(0, {_H.format(salt='n')} %% 3) AS k
CROSS JOIN LATERAL (SELECT (%(today)s::date - 30 - {_H.format(salt='day')} - k * 700) AS on_day,
       CASE WHEN k = 0 THEN d.safety_grade
            WHEN d.safety_grade = 'D' THEN 'C' WHEN d.safety_grade = 'C' THEN 'B' ELSE 'B' END AS grade) AS r
WHERE f.synthetic AND f.kind = 'building' AND d.safety_grade <> ''
  AND NOT EXISTS (SELECT 1 FROM done WHERE done.building_id = f.id)
"""

FINDINGS_SQL = """
WITH done AS MATERIALIZED (SELECT DISTINCT report_id FROM buildings_appraisalfinding)
INSERT INTO buildings_appraisalfinding (report_id, member, location, defect, grade)
SELECT r.id, m.member, m.location, m.defect, r.grade
FROM buildings_appraisalreport r
JOIN features_feature f ON f.id = r.building_id
CROSS JOIN LATERAL (VALUES ('承重墙 Q2', '1F/A-B', '斜向裂缝 2.5mm，贯通'),
                           ('屋面梁 L5', '顶层/3-4', '钢筋锈胀，保护层剥落')) AS m(member, location, defect)
WHERE f.synthetic AND r.grade IN ('C', 'D')
  AND NOT EXISTS (SELECT 1 FROM done WHERE done.report_id = r.id)
"""

CENSUS_SQL = f"""
WITH done AS MATERIALIZED (SELECT DISTINCT building_id FROM buildings_censusrecord)
INSERT INTO buildings_censusrecord (building_id, surveyed_on, surveyor, structure, floors, year_built, use,
                                    visible_defects, suggests_danger, photos)
SELECT f.id, %(today)s::date - 60 - {_H.format(salt='cen')} %% 200, '合成普查员 ' || (1 + {_H.format(salt='sv')} %% 30),
       d.structure, d.floors, d.year_built, d.use,
       CASE WHEN {_H.format(salt='dan')} < 150 THEN '外墙斜裂缝，楼面下沉' WHEN {_H.format(salt='dan')} < 500
            THEN '墙面渗水' ELSE '' END,
       {_H.format(salt='dan')} < 150, ARRAY[]::varchar[]
FROM features_feature f JOIN buildings_buildingdetail d ON d.feature_id = f.id
WHERE f.synthetic AND f.kind = 'building' AND d.year_built < 1990 AND {_H.format(salt='cs')} < 250
  AND NOT EXISTS (SELECT 1 FROM done WHERE done.building_id = f.id)
"""

# Historic buildings get a protection level; a few public buildings served as quarantine sites in
# early 2026; every curtain wall an area.
# Only rows whose values change are written: a second load rewrites nothing.
ATTRIBUTES_SQL = f"""
UPDATE buildings_buildingdetail d
   SET protection_level = n.protection_level, quarantine_capacity = n.quarantine_capacity,
       quarantine_from = n.quarantine_from, quarantine_until = n.quarantine_until,
       curtain_wall_area_m2 = n.curtain_wall_area_m2
FROM (
  SELECT d.feature_id,
    CASE WHEN d.historic AND d.protection_level = ''
         THEN (ARRAY['provincial', 'municipal', 'historic', 'historic'])[1 + {_H.format(salt='pl')} %% 4]
         ELSE d.protection_level END AS protection_level,
    CASE WHEN d.use = 'public' AND {_H.format(salt='q')} < 60
         THEN 50 + {_H.format(salt='qc')} %% 250 ELSE d.quarantine_capacity END AS quarantine_capacity,
    CASE WHEN d.use = 'public' AND {_H.format(salt='q')} < 60 THEN DATE '2026-01-10'
         ELSE d.quarantine_from END AS quarantine_from,
    CASE WHEN d.use = 'public' AND {_H.format(salt='q')} < 60 THEN DATE '2026-04-30'
         ELSE d.quarantine_until END AS quarantine_until,
    CASE WHEN d.curtain_wall <> 'none' AND d.curtain_wall_area_m2 IS NULL
         THEN d.floors * (120 + {_H.format(salt='cw')}) ELSE d.curtain_wall_area_m2 END AS curtain_wall_area_m2
  FROM buildings_buildingdetail d JOIN features_feature f ON f.id = d.feature_id AND f.synthetic
) n
WHERE n.feature_id = d.feature_id
  AND (d.protection_level, d.quarantine_capacity, d.quarantine_from, d.quarantine_until, d.curtain_wall_area_m2)
      IS DISTINCT FROM (n.protection_level, n.quarantine_capacity, n.quarantine_from, n.quarantine_until,
                        n.curtain_wall_area_m2)
"""


def demo_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Synthetic appraisal report (demo)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ensure_demo_pdf() -> None:
    if not default_storage.exists(DEMO_PDF):
        default_storage.save(DEMO_PDF, ContentFile(demo_pdf()))


def load_history() -> dict[str, int]:
    ensure_demo_pdf()
    counts = {}
    with connection.cursor() as cursor:
        for label, sql in (("appraisal report", REPORTS_SQL), ("member finding", FINDINGS_SQL),
                           ("census record", CENSUS_SQL), ("building attributes", ATTRIBUTES_SQL)):
            cursor.execute(sql, {"today": TODAY, "pdf": DEMO_PDF})
            counts[label] = cursor.rowcount
    return counts
