"""Evidence for closing a hazard: what the rule demands, what a reply carried, what is missing.

A rule names what a confirmation needs (Rule.evidence, default a photo; the dangerous-building rule
also a re-appraisal graded A or B). A reply records its photo ids and re-appraisal grade on its
event; `confirm` is refused (422 `evidence_missing`) while the latest reply lacks any of it.
missing_evidence() is the pure judgement; check() and attach() are its two database-facing ends,
called from hazards.apply_transition.
"""

from django.utils.translation import gettext_lazy as _

from geo_server.errors import BadRequest, Unprocessable
from geo_server.supervision.models import Hazard, HazardEvent, Photo
from geo_server.supervision.rules import get_rule

EVIDENCE = {
    "photo": _("a photo of the rectified site"),
    "reappraisal": _("a re-appraisal graded A or B"),
}
APPRAISAL_GRADES = ("A", "B", "C", "D")
SAFE_GRADES = ("A", "B")
DEFAULT_EVIDENCE = ("photo",)


def required_evidence(rule_code: str) -> tuple[str, ...]:
    rule = get_rule(rule_code)
    return rule.evidence if rule is not None else DEFAULT_EVIDENCE


def missing_evidence(required: tuple[str, ...], photo_count: int, reappraisal_grade: str | None) -> list[str]:
    """What of `required` a reply with these photos and this re-appraisal grade still lacks."""
    present = set()
    if photo_count > 0:
        present.add("photo")
    if reappraisal_grade in SAFE_GRADES:
        present.add("reappraisal")
    return [name for name in required if name not in present]


def check(user, hazard: Hazard, action: str, payload: dict) -> dict:
    """Validate the evidence an action carries or needs; return what its event records.

    Photos named by any action must be this hazard's, not yet part of an event, and uploaded by the
    acting user or a colleague of the same organisation. Confirm needs the rule's evidence on the
    latest reply."""
    recorded = {}
    photo_ids = payload.get("photos") or []
    if photo_ids:
        recorded["photos"] = _usable_photos(user, hazard, photo_ids)
    grade = payload.get("reappraisal_grade")
    if grade:
        if action != "reply":
            raise BadRequest("Only a reply carries a re-appraisal grade.", code="invalid_reappraisal_grade")
        if grade not in APPRAISAL_GRADES:
            raise BadRequest(f"reappraisal_grade must be one of {', '.join(APPRAISAL_GRADES)}.",
                             code="invalid_reappraisal_grade")
        recorded["reappraisal_grade"] = grade
    if action == "confirm":
        required = required_evidence(hazard.rule_code)
        reply = hazard.events.filter(action="reply").order_by("-at", "-id").first()
        photos = reply.photos.count() if reply else 0
        grade = reply.data.get("reappraisal_grade") if reply else None
        missing = missing_evidence(required, photos, grade)
        if missing:
            labels = "; ".join(str(EVIDENCE[name]) for name in missing)
            raise Unprocessable(f"The reply lacks the evidence the rule requires: {labels}.",
                                code="evidence_missing", details={"missing": missing, "required": list(required)})
    return recorded


def _usable_photos(user, hazard: Hazard, photo_ids) -> list[int]:
    if not isinstance(photo_ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in photo_ids):
        raise BadRequest("photos must be a list of photo ids.", code="invalid_photos")
    ids = sorted(set(photo_ids))
    usable = Photo.objects.filter(pk__in=ids, hazard=hazard, event__isnull=True)
    if user.organisation_id:
        usable = usable.filter(uploaded_by__organisation_id=user.organisation_id) | usable.filter(uploaded_by=user)
    else:
        usable = usable.filter(uploaded_by=user)
    found = set(usable.values_list("pk", flat=True))
    unusable = [i for i in ids if i not in found]
    if unusable:
        raise BadRequest("Some photos are not this hazard's, already used, or uploaded by someone else.",
                         code="invalid_photos", details={"photos": unusable})
    return ids


def attach(event: HazardEvent) -> None:
    """Tie the photos an event recorded to it."""
    if event.data.get("photos"):
        Photo.objects.filter(pk__in=event.data["photos"], event__isnull=True).update(event=event)
