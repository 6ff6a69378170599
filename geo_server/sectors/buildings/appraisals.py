"""Appraisal reports stored and reviewed: one upload, the review transitions (submitted -> reviewed
-> published, checked in one conditional UPDATE), and the buildings' grades kept equal to that of
their latest published report in one set-based statement."""

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.accounts.models import Organisation, User
from geo_server.errors import Conflict, Forbidden, NotFound, Unprocessable
from geo_server.features.scoping import scope_features
from geo_server.sectors.buildings.models import AppraisalFinding, AppraisalReport
from geo_server.sectors.buildings.report_checks import PDF_MAX_BYTES, check_pdf, clean_finding, clean_report
from geo_server.supervision.evaluation import evaluate_features

# action -> (from state, to state)
TRANSITIONS = {
    "review": ("submitted", "reviewed"),
    "return": ("reviewed", "submitted"),
    "publish": ("reviewed", "published"),
}
REVIEWER_ROLES = (User.Role.SUPERVISOR, User.Role.DISTRICT_OFFICER)

# The grade of each building's latest published report (by appraisal date, then the later upload),
# written into the detail where it differs; returns the buildings whose grade changed.
SYNC_GRADES = """
    UPDATE buildings_buildingdetail d SET safety_grade = latest.grade
    FROM (SELECT DISTINCT ON (r.building_id) r.building_id, r.grade
          FROM buildings_appraisalreport r
          WHERE r.state = 'published' AND r.building_id = ANY(%s::bigint[])
          ORDER BY r.building_id, r.appraised_on DESC, r.id DESC) AS latest
    WHERE d.feature_id = latest.building_id AND d.safety_grade IS DISTINCT FROM latest.grade
    RETURNING d.feature_id"""


def buildings_in_scope(user):
    return scope_features(user).filter(kind="building")


def may_upload(user) -> bool:
    return user.is_superuser or user.role != User.Role.READ_ONLY


def may_review(user) -> bool:
    """The supervising office reviews and publishes; never an enterprise (an agency, an owner)."""
    if user.is_superuser:
        return True
    organisation = user.organisation
    return (organisation is not None and organisation.type != Organisation.Type.ENTERPRISE
            and user.role in REVIEWER_ROLES)


def create_report(building, cleaned: dict, findings: list[dict], pdf_name: str, pdf: bytes, user) -> AppraisalReport:
    """A checked report (report_checks) stored as submitted, with its findings and its PDF."""
    report = AppraisalReport(building=building, submitted_by=user if user and user.pk else None, **cleaned)
    report.pdf.save(pdf_name.rsplit("/", 1)[-1] or "report.pdf", ContentFile(pdf), save=False)
    report.save()
    AppraisalFinding.objects.bulk_create(AppraisalFinding(report=report, **f) for f in findings)
    return report


def report_in_scope(user, report_id: int) -> AppraisalReport:
    report = (AppraisalReport.objects.filter(pk=report_id, building__in=buildings_in_scope(user).values("id"))
              .first())
    if report is None:
        raise NotFound(_("No such appraisal report, or not within your jurisdiction."))
    return report


def transition(user, report_id: int, action: str) -> AppraisalReport:
    """Move a report along its review; 409 when its state does not allow the action."""
    report = report_in_scope(user, report_id)
    if not may_review(user):
        raise Forbidden(_("Only the supervising office reviews and publishes appraisal reports."))
    if action not in TRANSITIONS:
        raise Conflict(_("No such action: %(action)s.") % {"action": action}, code="illegal_transition")
    source, target = TRANSITIONS[action]
    changes = {"state": target}
    if action == "review":
        changes["reviewed_by"] = user
    if action == "publish":
        changes["published_at"] = timezone.now()
    with transaction.atomic():
        moved = AppraisalReport.objects.filter(pk=report.pk, state=source).update(**changes)
        if not moved:
            message = _("The report is %(state)s; the action %(action)s is not allowed now.")
            raise Conflict(message % {"state": report.state, "action": action}, code="illegal_transition",
                           details={"state": report.state, "action": action})
        if action == "publish":
            sync_grades([report.building_id])
    report.refresh_from_db()
    return report


def sync_grades(building_ids) -> list[int]:
    """Each building's grade := its latest published report's; the changed ones are judged again
    once committed (a D enters the hazard list, a later A or B leaves it to be closed)."""
    with connection.cursor() as cursor:
        cursor.execute(SYNC_GRADES, [sorted({int(pk) for pk in building_ids})])
        changed = [row[0] for row in cursor.fetchall()]
    if changed:
        transaction.on_commit(lambda: evaluate_features(changed), robust=True)
    return changed


def submit(user, building_id: int, fields: dict, findings: list, pdf_upload, today) -> AppraisalReport:
    """One report from a form or the API: checked like an import row; 422 lists every problem."""
    building = buildings_in_scope(user).filter(pk=building_id).first()
    if building is None:
        raise NotFound(_("No such building, or not within your jurisdiction."))
    if not may_upload(user):
        raise Forbidden(_("A read-only account cannot upload reports."))
    cleaned, problems = clean_report(fields, today)
    if not isinstance(findings, list):
        findings, problems = [], problems + [("findings", "bad_findings", "findings must be a list")]
    checked = []
    for number, finding in enumerate(findings, start=1):
        one, found = clean_finding(finding if isinstance(finding, dict) else {})
        checked.append(one)
        problems += [(f"findings[{number}].{column}", code, message) for column, code, message in found]
    data = None
    if pdf_upload is not None and pdf_upload.size <= PDF_MAX_BYTES:
        data = pdf_upload.read()
    problems += check_pdf(data) if pdf_upload is None or data is not None else [
        ("pdf", "pdf_too_large", f"the PDF is larger than {PDF_MAX_BYTES} bytes")]
    if problems:
        raise Unprocessable(_("The report is invalid; nothing was stored."), code="invalid_report",
                            details={"errors": [{"column": c, "code": k, "message": m} for c, k, m in problems]})
    with transaction.atomic():
        return create_report(building, cleaned, checked, pdf_upload.name, data, user)
