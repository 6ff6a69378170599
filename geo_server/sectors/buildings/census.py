"""Census (普查) entries as a surveyor records them: checked, then stored against a building in the
surveyor's jurisdiction; the building is judged again (census_unappraised) once committed."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from geo_server.errors import Forbidden, NotFound, Unprocessable
from geo_server.sectors.buildings.appraisals import buildings_in_scope, may_upload
from geo_server.sectors.buildings.models import BuildingDetail, CensusRecord
from geo_server.sectors.buildings.readings import judge_later

MAX_PHOTOS = 20

EARLIEST = date(2000, 1, 1)


def past_date(body: dict, field: str, today: date, problems: list) -> date | None:
    """Pure: body[field] as a date from 2000-01-01 to today, or None with its problem appended."""
    try:
        value = date.fromisoformat(str(body.get(field) or ""))
    except ValueError:
        problems.append((field, "bad_date", "the date must be YYYY-MM-DD"))
        return None
    if not EARLIEST <= value <= today:
        problems.append((field, "out_of_range", "the date must lie between 2000-01-01 and today"))
    return value


def clean_census(body: dict, today: date) -> tuple[dict, list[tuple[str, str, str]]]:
    """Pure: the entry's fields cleaned, and the (column, code, message) problems."""
    cleaned, problems = {}, []
    cleaned["surveyed_on"] = past_date(body, "surveyed_on", today, problems)
    for name, choices in (("structure", BuildingDetail.Structure.values), ("use", BuildingDetail.Use.values)):
        cleaned[name] = body.get(name)
        if cleaned[name] not in choices:
            problems.append((name, "bad_choice", f"{name} must be one of " + ", ".join(choices)))
    for name, low, high in (("floors", 1, 200), ("year_built", 1800, today.year)):
        cleaned[name] = body.get(name)
        if isinstance(cleaned[name], bool) or not isinstance(cleaned[name], int) or not low <= cleaned[name] <= high:
            problems.append((name, "out_of_range", f"{name} must be a whole number from {low} to {high}"))
    cleaned["surveyor"] = str(body.get("surveyor") or "").strip()[:100]
    if not cleaned["surveyor"]:
        problems.append(("surveyor", "missing", "surveyor is required"))
    cleaned["visible_defects"] = str(body.get("visible_defects") or "").strip()[:2000]
    cleaned["suggests_danger"] = body.get("suggests_danger") is True
    photos = body.get("photos") or []
    if not isinstance(photos, list) or len(photos) > MAX_PHOTOS or not all(isinstance(p, str) for p in photos):
        problems.append(("photos", "bad_photos", f"photos must be a list of at most {MAX_PHOTOS} names"))
        photos = []
    cleaned["photos"] = [p[:200] for p in photos]
    return cleaned, problems


def record_census(user, building_id: int, body, today: date) -> CensusRecord:
    building = buildings_in_scope(user).filter(pk=building_id).first()
    if building is None:
        raise NotFound(_("No such building, or not within your jurisdiction."))
    if not may_upload(user):
        raise Forbidden(_("A read-only account cannot record census entries."))
    cleaned, problems = clean_census(body if isinstance(body, dict) else {}, today)
    if problems:
        raise Unprocessable(_("The census entry is invalid; nothing was stored."), code="invalid_census",
                            details={"errors": [{"column": c, "code": k, "message": m} for c, k, m in problems]})
    with transaction.atomic():
        entry = CensusRecord.objects.create(building=building, **cleaned)
        judge_later([building.pk])
    return entry
