"""Pure checks of an appraisal report as uploaded: its fields, its member findings and its PDF.
Each problem is a (column, code, message); the single upload and the bulk import share them."""

import io
from datetime import date

from geo_server.sectors.buildings.models.appraisals import Grade, Handling

PDF_MAX_BYTES = 20 * 1024 * 1024
TEXT_LIMITS = {"agency": 200, "appraisers": 200}
FINDING_LIMITS = {"member": 100, "location": 100, "defect": 300}
# The handling categories by their Chinese names too, as agencies write them.
HANDLING_NAMES = {"观察使用": "observe", "处理使用": "treat", "停止使用": "stop", "整体拆除": "demolish"}

Problem = tuple[str, str, str]


def check_pdf(data: bytes | None) -> list[Problem]:
    """A report PDF: present, within the size limit, starting with %PDF, and readable by pypdf."""
    if not data:
        return [("pdf", "pdf_missing", "the report PDF is missing")]
    if len(data) > PDF_MAX_BYTES:
        return [("pdf", "pdf_too_large", f"the PDF is larger than {PDF_MAX_BYTES} bytes")]
    if not data.startswith(b"%PDF-"):
        return [("pdf", "pdf_not_pdf", "the file does not start with %PDF-: not a PDF")]
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # the header check stands alone without pypdf
        return []
    try:
        if len(PdfReader(io.BytesIO(data)).pages) == 0:
            return [("pdf", "pdf_empty", "the PDF has no pages")]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return [("pdf", "pdf_unreadable", "the PDF cannot be read")]
    return []


def clean_report(fields: dict, today: date) -> tuple[dict, list[Problem]]:
    """The report's fields cleaned (agency, appraisers, appraised_on, grade, handling) and the problems."""
    cleaned, problems = {}, []
    for name, limit in TEXT_LIMITS.items():
        value = str(fields.get(name) or "").strip()
        if not value:
            problems.append((name, "missing", f"{name} is required"))
        elif len(value) > limit:
            problems.append((name, "too_long", f"{name} is longer than {limit} characters"))
        cleaned[name] = value
    try:
        cleaned["appraised_on"] = date.fromisoformat(str(fields.get("appraised_on") or "").strip())
        if not date(2000, 1, 1) <= cleaned["appraised_on"] <= today:
            problems.append(("appraised_on", "out_of_range", "the date must lie between 2000-01-01 and today"))
    except ValueError:
        problems.append(("appraised_on", "bad_date", "the date must be YYYY-MM-DD"))
    cleaned["grade"] = str(fields.get("grade") or "").strip().upper()
    if cleaned["grade"] not in Grade.values:
        problems.append(("grade", "bad_grade", "the grade must be one of A, B, C, D (JGJ 125-2016)"))
    handling = str(fields.get("handling") or "").strip()
    cleaned["handling"] = HANDLING_NAMES.get(handling, handling)
    if cleaned["handling"] not in Handling.values:
        problems.append(("handling", "bad_handling", "the handling must be one of " + ", ".join(Handling.values)))
    return cleaned, problems


def clean_finding(fields: dict) -> tuple[dict, list[Problem]]:
    """One member finding: member, location, defect and its grade."""
    cleaned, problems = {}, []
    for name, limit in FINDING_LIMITS.items():
        value = str(fields.get(name) or "").strip()
        if not value:
            problems.append((name, "missing", f"{name} is required"))
        elif len(value) > limit:
            problems.append((name, "too_long", f"{name} is longer than {limit} characters"))
        cleaned[name] = value
    cleaned["grade"] = str(fields.get("grade") or "").strip().upper()
    if cleaned["grade"] not in Grade.values:
        problems.append(("grade", "bad_grade", "the grade must be one of A, B, C, D"))
    return cleaned, problems
