"""Appraisal reports in bulk: a zip of reports.csv, an optional findings.csv and the PDFs the rows
name. Every row is checked (row, column, code, message) before anything is stored; one bad row, or
one bad PDF, stores nothing.

reports.csv:  ref, building, agency, appraisers, appraised_on, grade, handling, pdf
findings.csv: ref, member, location, defect, grade   (ref names a row of reports.csv)
"""

import csv
import io
import zipfile
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from geo_server.errors import PayloadTooLarge, Unprocessable
from geo_server.sectors.buildings.appraisals import buildings_in_scope, create_report
from geo_server.sectors.buildings.report_checks import PDF_MAX_BYTES, check_pdf, clean_finding, clean_report

ZIP_MAX_BYTES = 500 * 1024 * 1024
MAX_REPORTS = 2000
REPORT_COLUMNS = ("ref", "building", "agency", "appraisers", "appraised_on", "grade", "handling", "pdf")
FINDING_COLUMNS = ("ref", "member", "location", "defect", "grade")


class Problems(list):
    def add(self, file: str, row: int, column: str, code: str, message: str) -> None:
        self.append({"file": file, "row": row, "column": column, "code": code, "message": message})


def import_zip(upload, user, today: date) -> list[int]:
    """Store every report of the zip, or none; the new reports' ids."""
    if upload.size > ZIP_MAX_BYTES:
        raise PayloadTooLarge(_("The zip is larger than %(limit)d bytes.") % {"limit": ZIP_MAX_BYTES})
    problems = Problems()
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise Unprocessable(_("The upload is not a zip file."), code="bad_zip") from None
    with archive:
        reports = _reports(archive, user, today, problems)
        if reports:  # findings of an unreadable reports.csv would only repeat its problem
            _findings(archive, reports, problems)
        if problems:
            raise Unprocessable(_("%(count)d problems; nothing was stored.") % {"count": len(problems)},
                                code="invalid_rows", details={"errors": problems[:1000], "error_count": len(problems)})
        with transaction.atomic():
            return [create_report(r["building"], r["cleaned"], r["findings"], r["pdf_name"], r["pdf"], user).pk
                    for r in reports.values()]


def _rows(archive: zipfile.ZipFile, name: str, columns: tuple, problems: Problems, required: bool):
    """(row number, record) of a CSV member, the header being row 1."""
    if name not in archive.namelist():
        if required:
            problems.add(name, 0, "", "missing_file", f"the zip has no {name}")
        return []
    text = archive.read(name).decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        problems.add(name, 1, ",".join(missing), "missing_columns", "the header lacks " + ", ".join(missing))
        return []
    return list(enumerate(reader, start=2))


def _reports(archive, user, today: date, problems: Problems) -> dict[str, dict]:
    rows = _rows(archive, "reports.csv", REPORT_COLUMNS, problems, required=True)
    if len(rows) > MAX_REPORTS:
        problems.add("reports.csv", MAX_REPORTS + 2, "", "too_many_rows", f"more than {MAX_REPORTS} reports")
        return {}
    codes = {(record.get("building") or "").strip() for _n, record in rows}
    buildings = {b.code: b for b in buildings_in_scope(user).filter(code__in=codes)}
    members = {info.filename: info for info in archive.infolist()}
    reports = {}
    for number, record in rows:
        cleaned, found = clean_report(record, today)
        for column, code, message in found:
            problems.add("reports.csv", number, column, code, message)
        ref = (record.get("ref") or "").strip()
        if not ref or ref in reports:
            problems.add("reports.csv", number, "ref", "bad_ref", "ref is missing or repeats an earlier row")
        building = buildings.get((record.get("building") or "").strip())
        if building is None:
            # An unknown code and another district's building read alike: nothing leaks.
            problems.add("reports.csv", number, "building", "unknown_building",
                         "no such building within your jurisdiction")
        pdf = _pdf(archive, members, (record.get("pdf") or "").strip(), number, problems)
        reports[ref or f"#{number}"] = {"building": building, "cleaned": cleaned, "findings": [],
                                        "pdf_name": record.get("pdf") or "", "pdf": pdf}
    return reports


def _pdf(archive, members: dict, name: str, number: int, problems: Problems) -> bytes | None:
    info = members.get(name)
    if not name or info is None:
        problems.add("reports.csv", number, "pdf", "pdf_missing", "the zip has no PDF of that name")
        return None
    if info.file_size > PDF_MAX_BYTES:  # judged before inflating it
        problems.add("reports.csv", number, "pdf", "pdf_too_large", f"the PDF is larger than {PDF_MAX_BYTES} bytes")
        return None
    data = archive.read(info)
    for column, code, message in check_pdf(data):
        problems.add("reports.csv", number, column, code, message)
    return data


def _findings(archive, reports: dict, problems: Problems) -> None:
    for number, record in _rows(archive, "findings.csv", FINDING_COLUMNS, problems, required=False):
        cleaned, found = clean_finding(record)
        for column, code, message in found:
            problems.add("findings.csv", number, column, code, message)
        report = reports.get((record.get("ref") or "").strip())
        if report is None:
            problems.add("findings.csv", number, "ref", "unknown_ref", "no report of that ref in reports.csv")
        elif not found:
            report["findings"].append(cleaned)
