"""The records a surveyor or inspector takes on a building from the phone, offline (Sector.phone_forms):
a census entry (普查) and a curtain-wall inspection. Each is one queued action, applied once under its
UUID by the phone's sync, within the user's jurisdiction; its photos follow as queued photos.

A curtain-wall inspection becomes the wall's last inspection when it is the latest one (never moved
back by an older entry synced late), and the generated next-due date moves with it; the building is
judged again once committed, so an overdue-inspection warning closes.
"""

from datetime import date

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from geo_server.errors import Forbidden, NotFound, Unprocessable
from geo_server.sector import PhoneField, PhoneForm
from geo_server.sectors.buildings.appraisals import buildings_in_scope, may_upload
from geo_server.sectors.buildings.census import past_date, record_census
from geo_server.sectors.buildings.models import BuildingDetail, CensusRecord, CurtainWallInspection
from geo_server.sectors.buildings.readings import judge_later

FINDINGS_MAX = 2000
PHOTOS_MAX = 20


def _feature_id(action: dict) -> int:
    feature = action.get("feature")
    if isinstance(feature, bool) or not isinstance(feature, int):
        raise Unprocessable(_("feature must be the building's id."), code="invalid_feature")
    return feature


# -- census -----------------------------------------------------------------------------------------

def apply_census(user, action: dict) -> dict:
    """The census API's checks (census.clean_census); the surveyor is the user unless named."""
    body = {k: v for k, v in action.items() if k not in ("id", "type", "feature")}
    body.setdefault("surveyor", user.get_full_name() or user.username)
    body["photos"] = []  # photos come as their own queued uploads
    entry = record_census(user, _feature_id(action), body, timezone.localdate())
    return {"feature": entry.building_id, "census": entry.pk, "surveyed_on": entry.surveyed_on.isoformat(),
            "suggests_danger": entry.suggests_danger}


def attach_census_photo(user, result: dict, photo) -> dict:
    return _attach(CensusRecord.objects.filter(pk=result.get("census")), photo, "census", result)


# -- curtain-wall inspection ---------------------------------------------------------------------------

def clean_inspection(body: dict, today: date) -> tuple[dict, list[tuple[str, str, str]]]:
    """Pure: the inspection's fields cleaned, and the (field, code, message) problems."""
    cleaned, problems = {}, []
    cleaned["inspected_on"] = past_date(body, "inspected_on", today, problems)
    cleaned["result"] = body.get("result")
    if cleaned["result"] not in CurtainWallInspection.Result.values:
        problems.append(("result", "bad_choice", "result must be one of " + ", ".join(CurtainWallInspection.Result.values)))
    findings = body.get("findings")
    if findings is not None and not isinstance(findings, str):
        problems.append(("findings", "bad_text", "findings must be text"))
        findings = ""
    cleaned["findings"] = (findings or "").strip()
    if len(cleaned["findings"]) > FINDINGS_MAX:
        problems.append(("findings", "too_long", f"findings must be at most {FINDINGS_MAX} characters"))
    if cleaned.get("result") in ("repair", "unsafe") and not cleaned["findings"]:
        problems.append(("findings", "missing", "say what is wrong when the wall fails"))
    return cleaned, problems


def apply_inspection(user, action: dict) -> dict:
    feature_id = _feature_id(action)
    building = buildings_in_scope(user).filter(pk=feature_id).first()
    if building is None:
        raise NotFound(_("No such building, or not within your jurisdiction."), code="feature_not_found")
    if not may_upload(user):
        raise Forbidden(_("A read-only account cannot record inspections."))
    if not BuildingDetail.objects.filter(feature_id=feature_id).exclude(curtain_wall="none").exists():
        raise Unprocessable(_("This building has no curtain wall on record."), code="no_curtain_wall")
    cleaned, problems = clean_inspection(action, timezone.localdate())
    if problems:
        raise Unprocessable(_("The inspection is invalid; nothing was stored."), code="invalid_inspection",
                            details={"errors": [{"field": f, "code": c, "message": m} for f, c, m in problems]})
    with transaction.atomic():
        inspection = CurtainWallInspection.objects.create(building=building, inspector=user, **cleaned)
        # The latest inspection is the wall's last one; an older entry synced late leaves it as it is.
        BuildingDetail.objects.filter(feature_id=feature_id).update(last_curtain_wall_inspection=Greatest(
            F("last_curtain_wall_inspection"), cleaned["inspected_on"]))
        judge_later([feature_id])
    detail = BuildingDetail.objects.get(feature_id=feature_id)
    return {"feature": feature_id, "inspection": inspection.pk, "inspected_on": cleaned["inspected_on"].isoformat(),
            "result": inspection.result,
            "last_inspection": detail.last_curtain_wall_inspection.isoformat(),
            "next_due": detail.curtain_wall_next_due.isoformat() if detail.curtain_wall_next_due else None}


def attach_inspection_photo(user, result: dict, photo) -> dict:
    return _attach(CurtainWallInspection.objects.filter(pk=result.get("inspection")), photo, "inspection", result)


def _attach(records, photo, key: str, result: dict) -> dict:
    record = records.first()
    if record is None:
        raise NotFound(_("The record this photo belongs to is gone."), code="record_not_found")
    if len(record.photos) >= PHOTOS_MAX:
        raise Unprocessable(_("At most %(max)s photos per record.") % {"max": PHOTOS_MAX}, code="too_many_photos")
    if photo.image.name not in record.photos:
        record.photos = [*record.photos, photo.image.name]
        record.save(update_fields=["photos"])
    return {key: record.pk, "feature": result.get("feature"), "photo": photo.pk}


# -- the forms as the phone shows them --------------------------------------------------------------------

def _choices(choices) -> tuple:
    return tuple((value, label) for value, label in choices)


CENSUS_FORM = PhoneForm(
    action="building_census", title=_lazy("Census entry (普查)"),
    fields=(
        PhoneField("surveyed_on", "date", _lazy("Surveyed on"), required=True, default="today"),
        PhoneField("structure", "choice", _lazy("Structure"), required=True,
                   choices=_choices(BuildingDetail.Structure.choices)),
        PhoneField("floors", "integer", _lazy("Floors"), required=True, minimum=1, maximum=200),
        PhoneField("year_built", "integer", _lazy("Year built"), required=True, minimum=1800, maximum=2100),
        PhoneField("use", "choice", _lazy("Use"), required=True, choices=_choices(BuildingDetail.Use.choices)),
        PhoneField("visible_defects", "textarea", _lazy("Visible defects")),
        PhoneField("suggests_danger", "boolean", _lazy("Looks dangerous: needs an appraisal")),
    ),
    apply=apply_census, attach_photo=attach_census_photo,
)

INSPECTION_FORM = PhoneForm(
    action="curtain_wall_inspection", title=_lazy("Curtain-wall inspection (幕墙检查)"),
    fields=(
        PhoneField("inspected_on", "date", _lazy("Inspected on"), required=True, default="today"),
        PhoneField("result", "choice", _lazy("Result"), required=True,
                   choices=_choices(CurtainWallInspection.Result.choices)),
        PhoneField("findings", "textarea", _lazy("Findings")),
    ),
    apply=apply_inspection, attach_photo=attach_inspection_photo,
    where=~Q(building_detail__curtain_wall="none"),
)

PHONE_FORMS = (CENSUS_FORM, INSPECTION_FORM)
