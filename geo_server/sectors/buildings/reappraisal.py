"""The evidence that closes a dangerous building's hazard: a later published appraisal graded A or B.

Nobody types a grade into a reply: the appraisal report is the evidence, uploaded by the agency and
reviewed and published by the office (appraisals.py), so the buildings sector finds it in its own
records. A report counts when it is the hazard's building's, published, graded A or B, appraised
on or after the day the hazard was raised and published after it was raised (so the report that
made the building dangerous never counts, nor one that was merely submitted or reviewed).
`qualifies` is the pure judgement; `satisfied` loads the building's published reports and asks it.
The core passes the reply's data with the hazard's `feature_id` and `opened_at` added.
"""

from datetime import datetime

from django.utils import timezone

SAFE_GRADES = ("A", "B")


def qualifies(report: dict, opened_at: datetime) -> bool:
    """Pure: does this report (state, grade, appraised_on, published_at) close a hazard raised at
    `opened_at`? Appraised on the hazard's day (local time) or later, published after it."""
    return (report["state"] == "published" and report["grade"] in SAFE_GRADES
            and report["published_at"] is not None and report["published_at"] > opened_at
            and report["appraised_on"] >= timezone.localdate(opened_at))


def closing_reports(feature_id, opened_at) -> list[dict]:
    """The building's published reports that close a hazard raised at `opened_at`, latest first."""
    from geo_server.sectors.buildings.models import AppraisalReport

    if feature_id is None or opened_at is None:
        return []
    rows = (AppraisalReport.objects.filter(building_id=feature_id, state="published", grade__in=SAFE_GRADES,
                                           appraised_on__gte=timezone.localdate(opened_at))
            .order_by("-appraised_on", "-id").values("id", "state", "grade", "appraised_on", "published_at"))
    return [row for row in rows if qualifies(row, opened_at)]


def satisfied(data: dict, photo_count: int = 0) -> bool:
    return bool(closing_reports(data.get("feature_id"), data.get("opened_at")))


def demo_evidence(hazard) -> dict:
    """The demo's re-appraisal: a synthetic report graded B for the hazard's building, appraised today
    and published now (its grade becomes B), unless one already closes the hazard. No reply field."""
    from geo_server.sectors.buildings.appraisals import sync_grades
    from geo_server.sectors.buildings.demo_appraisals import DEMO_PDF, ensure_demo_pdf
    from geo_server.sectors.buildings.models import AppraisalReport

    if closing_reports(hazard.feature_id, hazard.created_at):
        return {}
    ensure_demo_pdf()
    AppraisalReport.objects.create(
        building_id=hazard.feature_id, agency="广州市示例房屋安全鉴定所（合成数据）", appraisers="合成鉴定员 1",
        appraised_on=timezone.localdate(), grade="B", handling="observe", pdf=DEMO_PDF, state="published",
        published_at=timezone.now())
    sync_grades([hazard.feature_id])
    return {}
