"""Synthetic site documents for the demo's water projects, labelled synthetic: for each project a
construction plan and a steel certificate (one shared labelled PDF each), a work point on the
footprint and a safety-education session; set-based and idempotent (projects that have synthetic
documents are skipped). The demo contractor account gets one Panyu project, so the demo inspector
(Panyu) and the contractor can walk the notice loop together."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from geo_server.demo.names import CONTRACTORS

PLAN_FILE = "waterworks/demo/synthetic-plan.pdf"
CERTIFICATE_FILE = "waterworks/demo/synthetic-certificate.pdf"
PANYU = "440113"
FONT = "STSong-Light"

# What an earlier load wrote is skipped through a MATERIALIZED list of it, read once before the
# insert: a NOT EXISTS probe of the table being filled made PostgreSQL (planning against an empty
# table) scan its growing heap once per project, and `load_demo --scale 200` (48,000 projects) sat
# here for minutes, as the buildings' appraisal reports once did (demo_appraisals.py).
_INSERT = """
WITH done AS MATERIALIZED (SELECT DISTINCT feature_id FROM waterworks_sitedocument WHERE synthetic),
projects AS (
    SELECT f.id, f.code, d.started_on, ST_PointOnSurface(f.geom) AS point
    FROM features_feature f JOIN waterworks_waterprojectdetail d ON d.feature_id = f.id
    WHERE f.synthetic AND f.kind = 'water_project'
      AND NOT EXISTS (SELECT 1 FROM done WHERE done.feature_id = f.id)
), topics(n, topic) AS (
    VALUES (0, '三级安全教育（入场）'), (1, '基坑防坍塌与临边防护'), (2, '汛期施工与防溺水'), (3, '临时用电安全')
)
INSERT INTO waterworks_sitedocument
    (feature_id, doc_type, title, file, content_type, bytes, sha256, material, certificate_no, location,
     held_on, trainer, topic, attendance, synthetic, uploaded_at)
SELECT p.id, t.doc_type, t.title, t.file, t.content_type, t.bytes, t.sha256, t.material, t.certificate_no, t.location,
       t.held_on, t.trainer, t.topic, t.attendance, true, now()
FROM projects p
CROSS JOIN LATERAL (VALUES
    ('plan', '施工组织设计（合成数据）', %(plan)s, 'application/pdf', %(plan_bytes)s, %(plan_sha)s, '', '',
     NULL::geometry, NULL::date, '', '', NULL::integer),
    ('material', 'HRB400 钢筋进场记录（合成数据）', %(cert)s, 'application/pdf', %(cert_bytes)s, %(cert_sha)s,
     'HRB400 钢筋', 'SYN-' || p.code, NULL, NULL, '', '', NULL),
    ('work_point', '主要作业点（合成数据）', '', '', 0, '', '', '', p.point, NULL, '', '', NULL),
    ('safety_education', '安全教育记录（合成数据）', '', '', 0, '', '', '', NULL, p.started_on + (p.id %% 20)::int,
     '安全员（合成）', (SELECT topic FROM topics WHERE n = p.id %% 4), 10 + (p.id %% 30)::int)
) AS t(doc_type, title, file, content_type, bytes, sha256, material, certificate_no, location, held_on, trainer,
       topic, attendance)
"""

_PANYU_PROJECT = """
UPDATE waterworks_waterprojectdetail d SET contractor = o.name, contractor_organisation_id = o.id
FROM accounts_organisation o
WHERE o.name = %(contractor)s AND d.feature_id = (
    SELECT f.id FROM features_feature f JOIN features_adminarea a ON a.id = f.district_id
    WHERE f.synthetic AND f.kind = 'water_project' AND a.code = %(district)s ORDER BY f.code LIMIT 1)
"""


def labelled_pdf(title: str) -> bytes:
    """A one-page PDF that says what it is: synthetic demo data."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)
    page.setTitle(f"{title}（合成数据）")
    page.setFont(FONT, 18)
    page.drawString(72, 760, title)
    page.setFont(FONT, 12)
    page.drawString(72, 730, "合成数据，仅供演示 · SYNTHETIC DEMO DATA")
    page.save()
    return out.getvalue()


def _store(name: str, data: bytes) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(data))


def load_documents(log) -> int:
    plan, certificate = labelled_pdf("施工组织设计"), labelled_pdf("钢筋产品质量证明书")
    _store(PLAN_FILE, plan)
    _store(CERTIFICATE_FILE, certificate)
    params = {"plan": PLAN_FILE, "plan_bytes": len(plan), "plan_sha": hashlib.sha256(plan).hexdigest(),
              "cert": CERTIFICATE_FILE, "cert_bytes": len(certificate),
              "cert_sha": hashlib.sha256(certificate).hexdigest(),
              "contractor": CONTRACTORS[0], "district": PANYU}
    with connection.cursor() as cursor:
        cursor.execute(_PANYU_PROJECT, params)
        cursor.execute(_INSERT, params)
        added = cursor.rowcount
    log(f"  water_project: {added:,} synthetic site documents")
    return added
