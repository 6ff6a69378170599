"""The evidence a strength hazard's reply carries: the test report (检测报告) that answers it.

A reply to a concrete.past_28_days or concrete.strength_evaluation hazard names its test report's
number and attaches the report itself (a scan or photo: the reply's attachments are images). For a
specimen group past 28 days (subject "group:<group no.>") the report must also be on record: the
plant has pushed the group's test (a test date) to the specimens API, so the report is of a test
that happened, not only a document. `judge` is the pure judgement; `satisfied` loads the group and
asks it. The core passes the reply's data with the hazard's `feature_id` and `subject` added.
"""

import re

from django.utils.translation import gettext_lazy as _

from geo_server.sector import EvidenceType

REPORT_NO = re.compile(r"^[\w./:-]{1,64}$")


def clean(value) -> str:
    """A report number as printed on it ("BG-2026-0716", "穗检(2026)0716" without the brackets);
    ValueError on anything else."""
    report = str(value or "").strip()
    if not REPORT_NO.match(report):
        raise ValueError("test_report_no must be the report's number: 1 to 64 letters, digits or - _ . / :.")
    return report


def group_no(subject: str) -> str | None:
    """"group:G-B3" -> "G-B3"; None for other subjects (an evaluation batch)."""
    kind, _sep, rest = (subject or "").partition(":")
    return rest if kind == "group" and rest else None


def judge(report_no, photo_count: int, subject: str, group_tested: bool | None) -> bool:
    """Pure: a valid report number with the report attached; for a specimen group's hazard, also the
    group's test on record (`group_tested`, None when the subject names no group)."""
    try:
        clean(report_no)
    except ValueError:
        return False
    if photo_count < 1:
        return False
    return group_no(subject) is None or bool(group_tested)


def satisfied(data: dict, photo_count: int = 0) -> bool:
    from geo_server.sectors.concrete.models import SpecimenGroup

    subject = data.get("subject") or ""
    number = group_no(subject)
    tested = None
    if number is not None:
        tested = SpecimenGroup.objects.filter(plant_id=data.get("feature_id"), source_id=number,
                                              test_date__isnull=False).exists()
    return judge(data.get("test_report_no"), photo_count, subject, tested)


TEST_REPORT = EvidenceType(
    code="test_report",
    label=_("the test report (its number, the report attached)"),
    notice_zh="请在回复中填写检测报告编号并上传检测报告（扫描件或照片）",
    reply_field="test_report_no",
    reply_label=_("Test report no."),
    satisfied=satisfied,
    clean=clean,
)
