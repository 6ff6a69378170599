"""Appraisal reports in bulk: a zip of reports.csv, findings.csv and PDFs, every row checked
(file, row, column, code), all or nothing."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from geo_server.sectors.buildings.models import AppraisalFinding, AppraisalReport
from tests.building_world import building, haizhu_officer, pdf_bytes  # noqa: F401
from tests.conftest import CANTON_TOWER

HEADER = "ref,building,agency,appraisers,appraised_on,grade,handling,pdf\n"
GOOD = ("r1,B-1,广州市房屋安全鉴定所,张工,2026-03-02,C,处理使用,r1.pdf\n"
        "r2,B-2,广州市房屋安全鉴定所,李工,2026-03-05,A,observe,docs/r2.pdf\n")
FINDINGS = "ref,member,location,defect,grade\nr1,二层梁 L3,2F/B-C,受力裂缝,C\nr1,柱 Z1,1F/A,露筋,B\n"


def zipped(reports=HEADER + GOOD, findings=FINDINGS, pdfs=None) -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("reports.csv", reports)
        if findings is not None:
            archive.writestr("findings.csv", findings)
        for name, data in (pdfs if pdfs is not None else {"r1.pdf": pdf_bytes(), "docs/r2.pdf": pdf_bytes()}).items():
            archive.writestr(name, data)
    return SimpleUploadedFile("reports.zip", out.getvalue(), content_type="application/zip")


def send(client, user, upload):
    client.force_login(user)
    return client.post("/api/buildings/appraisals/import", {"zip": upload})


def test_it_imports_every_report_with_its_findings(client, bob):
    building("B-1"), building("B-2", where=(113.3250, 23.1380))
    response = send(client, bob, zipped())
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 2
    first = AppraisalReport.objects.get(building__code="B-1")
    assert (first.grade, first.handling, first.state) == ("C", "treat", "submitted")
    assert sorted(first.findings.values_list("member", flat=True)) == ["二层梁 L3", "柱 Z1"]
    assert first.pdf.read().startswith(b"%PDF-")


def test_it_stores_nothing_and_names_every_bad_row(client, bob, haizhu_officer):
    building("B-1")
    building("HZ-1", where=CANTON_TOWER)  # Haizhu's: unknown to bob
    reports = HEADER + (
        "r1,B-1,鉴定所,张工,2026-03-02,C,处理使用,r1.pdf\n"   # good
        "r2,HZ-1,鉴定所,李工,2026-03-05,E,拆除,r2.pdf\n"       # another district's, bad grade and handling
        "r3,B-1,鉴定所,王工,2026/03/05,A,observe,fake.pdf\n"   # bad date, not a PDF
        "r3,B-1,鉴定所,王工,2026-03-05,A,observe,none.pdf\n")  # ref repeated, PDF absent
    findings = "ref,member,location,defect,grade\nr9,梁,1F,裂缝,C\nr1,,1F,裂缝,X\n"
    pdfs = {"r1.pdf": pdf_bytes(), "r2.pdf": pdf_bytes(), "fake.pdf": b"<html>"}
    response = send(client, bob, zipped(reports, findings, pdfs))
    assert response.status_code == 422
    got = {(e["file"], e["row"], e["column"], e["code"]) for e in response.json()["details"]["errors"]}
    assert got == {
        ("reports.csv", 3, "building", "unknown_building"), ("reports.csv", 3, "grade", "bad_grade"),
        ("reports.csv", 3, "handling", "bad_handling"),
        ("reports.csv", 4, "appraised_on", "bad_date"), ("reports.csv", 4, "pdf", "pdf_not_pdf"),
        ("reports.csv", 5, "ref", "bad_ref"), ("reports.csv", 5, "pdf", "pdf_missing"),
        ("findings.csv", 2, "ref", "unknown_ref"),
        ("findings.csv", 3, "member", "missing"), ("findings.csv", 3, "grade", "bad_grade"),
    }
    assert not AppraisalReport.objects.exists() and not AppraisalFinding.objects.exists()


def test_one_unreadable_pdf_stores_none_of_the_reports(client, bob):
    building("B-1"), building("B-2", where=(113.3250, 23.1380))
    truncated = pdf_bytes()[:60]
    response = send(client, bob, zipped(pdfs={"r1.pdf": pdf_bytes(), "docs/r2.pdf": truncated}))
    assert [(e["row"], e["code"]) for e in response.json()["details"]["errors"]] == [(3, "pdf_unreadable")]
    assert not AppraisalReport.objects.exists()


def test_it_refuses_an_upload_that_is_no_zip_or_lacks_the_reports(client, bob):
    junk = SimpleUploadedFile("reports.zip", b"not a zip")
    assert send(client, bob, junk).json()["code"] == "bad_zip"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("other.csv", "x")
    response = send(client, bob, SimpleUploadedFile("r.zip", out.getvalue()))
    assert [e["code"] for e in response.json()["details"]["errors"]] == ["missing_file"]


def test_it_names_the_missing_columns_of_the_header(client, bob):
    response = send(client, bob, zipped(reports="ref,building,grade\nr1,B-1,A\n"))
    assert [(e["row"], e["code"], e["column"]) for e in response.json()["details"]["errors"]] == [
        (1, "missing_columns", "agency,appraisers,appraised_on,handling,pdf")]
