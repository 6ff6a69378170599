"""Site documents of a water project: checked, stored and listed for the users who may see the project.

check_file() and check_fields() are pure (bytes and strings in, verdicts out). A PDF must start with
the %PDF- header and carry an %%EOF trailer; an image goes through the core's photo check (JPEG, PNG
or WebP, decoded in full). Nothing else is accepted, whatever the file's name or declared type says.
"""

import hashlib
import uuid
from datetime import date

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.accounts.models import User
from geo_server.errors import BadRequest, Forbidden, NotFound, PayloadTooLarge
from geo_server.features.kinds import Kind
from geo_server.features.scoping import scope_features
from geo_server.sectors.waterworks.models import SiteDocument
from geo_server.supervision.photos import inspect as inspect_image

ACCEPTED_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
TEXT_FIELDS = {"title": 200, "material": 120, "certificate_no": 80, "trainer": 80, "topic": 200}
# What each type must carry besides its title [D]: a material record names the material and its
# certificate, a work point its place, a safety session who taught, when, the topic and attendance.
REQUIRED = {
    SiteDocument.Type.PLAN: ("file",),
    SiteDocument.Type.MATERIAL: ("material", "certificate_no", "file"),
    SiteDocument.Type.WORK_POINT: ("lon", "lat"),
    SiteDocument.Type.SAFETY_EDUCATION: ("held_on", "trainer", "topic", "attendance"),
}


def max_bytes() -> int:
    return settings.GEO_SERVER.get("WATER_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


def check_file(data: bytes, limit: int) -> str:
    """The content type of an acceptable document file, or the error refusing it."""
    if len(data) > limit:
        raise PayloadTooLarge(_("The file is larger than %(limit)s bytes.") % {"limit": limit},
                              code="document_too_large")
    if not data:
        raise BadRequest(_("The file is empty."), code="invalid_document")
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-1024:]:
            raise BadRequest(_("The PDF is truncated (no end-of-file trailer)."), code="invalid_document")
        return "application/pdf"
    try:
        return inspect_image(data)["content_type"]
    except BadRequest as error:
        raise BadRequest(_("Send a PDF or a JPEG, PNG or WebP image."), code="unsupported_document_type",
                         details={"accepted": list(ACCEPTED_TYPES), "reason": error.code}) from None


def _number(value, field: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise BadRequest(_("%(field)s must be a number from %(low)s to %(high)s.")
                         % {"field": field, "low": low, "high": high}, code=f"invalid_{field}")
    return number


def check_fields(form: dict, has_file: bool) -> dict:
    """The model fields a form gives, per its type's requirements."""
    doc_type = form.get("doc_type")
    if doc_type not in SiteDocument.Type.values:
        raise BadRequest(_("doc_type must be one of %(types)s.") % {"types": ", ".join(SiteDocument.Type.values)},
                         code="invalid_doc_type")
    fields = {"doc_type": doc_type}
    for name, length in TEXT_FIELDS.items():
        text = (form.get(name) or "").strip()
        if len(text) > length:
            raise BadRequest(_("%(field)s is longer than %(length)s characters.") % {"field": name, "length": length},
                             code=f"invalid_{name}")
        fields[name] = text
    present = {name for name, value in form.items() if str(value or "").strip()} | ({"file"} if has_file else set())
    missing = [name for name in ("title", *REQUIRED[doc_type]) if name not in present]
    if missing:
        raise BadRequest(_("A %(type)s needs %(missing)s.") % {"type": doc_type, "missing": ", ".join(missing)},
                         code=f"{missing[0]}_required", details={"missing": missing})
    if form.get("lon") or form.get("lat"):
        fields["location"] = Point(_number(form.get("lon"), "lon", -180, 180), _number(form.get("lat"), "lat", -90, 90),
                                   srid=4326)
    if form.get("held_on"):
        try:
            fields["held_on"] = date.fromisoformat(form["held_on"])
        except ValueError:
            raise BadRequest(_("held_on must be a date (YYYY-MM-DD)."), code="invalid_held_on") from None
    if form.get("attendance"):
        fields["attendance"] = int(_number(form.get("attendance"), "attendance", 0, 100000))
    return fields


def visible_project(user, feature_id: int):
    project = scope_features(user).filter(pk=feature_id, kind=Kind.WATER_PROJECT).first()
    if project is None:
        raise NotFound(_("No water project %(id)s that you may see.") % {"id": feature_id}, code="project_not_found")
    return project


def store_document(user, feature_id: int, form: dict, upload) -> SiteDocument:
    """Check and store one document on a project the user sees; read-only accounts may not add."""
    project = visible_project(user, feature_id)
    if getattr(user, "role", None) == User.Role.READ_ONLY:
        raise Forbidden(_("Read-only accounts may not add documents."), code="not_allowed")
    fields = check_fields(form, upload is not None)
    document = SiteDocument(feature=project, uploaded_by=user, **fields)
    if upload is not None:
        limit = max_bytes()
        if upload.size is not None and upload.size > limit:
            raise PayloadTooLarge(_("The file is larger than %(limit)s bytes.") % {"limit": limit},
                                  code="document_too_large")
        data = upload.read(limit + 1)
        document.content_type = check_file(data, limit)
        document.bytes, document.sha256 = len(data), hashlib.sha256(data).hexdigest()
        name = f"{uuid.uuid4().hex}.{EXTENSIONS[document.content_type]}"
        document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def project_documents(user, feature_id: int) -> QuerySet:
    return SiteDocument.objects.filter(feature=visible_project(user, feature_id)).order_by("doc_type", "-uploaded_at", "-id")


def document_json(document: SiteDocument) -> dict:
    return {
        "id": document.pk, "project": document.feature_id, "doc_type": document.doc_type,
        "type_label": str(document.get_doc_type_display()), "title": document.title,
        "file_url": f"/waterworks/documents/{document.pk}/file" if document.file else None,
        "content_type": document.content_type or None, "bytes": document.bytes,
        "material": document.material, "certificate_no": document.certificate_no,
        "location": [document.location.x, document.location.y] if document.location else None,
        "held_on": document.held_on.isoformat() if document.held_on else None,
        "trainer": document.trainer, "topic": document.topic, "attendance": document.attendance,
        "synthetic": document.synthetic,
        "uploaded_at": timezone.localtime(document.uploaded_at).isoformat() if document.uploaded_at else None,
    }


def phone_documents(user, feature_ids: list[int]) -> dict[int, list[dict]]:
    """The documents of these projects (already in the user's scope) for the phone's offline copy."""
    rows: dict[int, list[dict]] = {}
    for document in SiteDocument.objects.filter(feature_id__in=feature_ids).order_by("doc_type", "-uploaded_at", "-id"):
        rows.setdefault(document.feature_id, []).append(document_json(document))
    return rows
