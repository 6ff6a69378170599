"""Evidence for closing a hazard: what the rule demands, what a reply carried, what is missing.

A rule names what a confirmation needs (Rule.evidence, codes of evidence types, default a photo).
The photo is the core's own evidence type; sectors declare theirs in their Sector, each with the
reply field that carries it (a wage payment's ids) or none when the sector finds it in its own
records (the buildings sector's published re-appraisal graded A or B). A reply records its photo ids
and every evidence field on its event; `confirm` is refused (422 `evidence_missing`) while the
latest reply, judged with the hazard's feature, subject and opening time, lacks any of it.
missing_evidence() is the pure judgement; check() and attach() are its two database-facing ends,
called from hazards.apply_transition.
"""

from django.utils.translation import gettext_lazy as _

from geo_server.errors import BadRequest, Unprocessable
from geo_server.sector import EvidenceType, sectors
from geo_server.supervision.models import Hazard, HazardEvent, Photo
from geo_server.supervision.rules import get_rule

PHOTO = EvidenceType("photo", _("a photo of the rectified site"), "整改后现场照片",
                     satisfied=lambda data, photo_count: photo_count > 0)
DEFAULT_EVIDENCE = ("photo",)


def evidence_types() -> dict[str, EvidenceType]:
    """Every evidence type by code: the photo, then those the registered sectors declare."""
    types = {PHOTO.code: PHOTO}
    for sector in sectors():
        for evidence_type in sector.evidence_types:
            types.setdefault(evidence_type.code, evidence_type)
    return types


def reply_fields() -> dict[str, EvidenceType]:
    """The reply payload keys that carry evidence (e.g. payment_ids), with their types."""
    return {t.reply_field: t for t in evidence_types().values() if t.reply_field}


def label(code: str):
    found = evidence_types().get(code)
    return found.label if found is not None else code


def required_evidence(rule_code: str) -> tuple[str, ...]:
    rule = get_rule(rule_code)
    return rule.evidence if rule is not None else DEFAULT_EVIDENCE


def missing_evidence(required: tuple[str, ...], photo_count: int, reply_data: dict | None) -> list[str]:
    """What of `required` a reply with these photos and this data (its evidence fields) still lacks;
    a code no evidence type is registered for can never be satisfied."""
    types, data = evidence_types(), reply_data or {}
    return [name for name in required if name not in types or not types[name].satisfied(data, photo_count)]


def check(user, hazard: Hazard, action: str, payload: dict) -> dict:
    """Validate the evidence an action carries or needs; return what its event records.

    Photos named by any action must be this hazard's, not yet part of an event, and uploaded by the
    acting user or a colleague of the same organisation. Confirm needs the rule's evidence on the
    latest reply."""
    recorded = {}
    photo_ids = payload.get("photos") or []
    if photo_ids:
        recorded["photos"] = _usable_photos(user, hazard, photo_ids)
    for field, evidence_type in reply_fields().items():
        value = payload.get(field)
        if value is None or value == "":
            continue
        if action != "reply":
            raise BadRequest(f"Only a reply carries {field}.", code=f"invalid_{field}")
        try:
            recorded[field] = evidence_type.clean(value)
        except ValueError as error:
            raise BadRequest(str(error), code=f"invalid_{field}") from None
    if action == "confirm":
        required = required_evidence(hazard.rule_code)
        reply = hazard.events.filter(action="reply").order_by("-at", "-id").first()
        photos = reply.photos.count() if reply else 0
        # An evidence type judging the reply against the hazard (a payment for the hazard's worker-month,
        # an appraisal published since the hazard was raised) reads what and since when it is about.
        about = {"feature_id": hazard.feature_id, "subject": hazard.subject, "opened_at": hazard.created_at}
        missing = missing_evidence(required, photos, {**(reply.data if reply else {}), **about})
        if missing:
            labels = "; ".join(str(label(name)) for name in missing)
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
