"""Demo hazards moved through the supervision loop, so that `make run` shows every stage: dispatched,
notice issued (numbered, with its PDF), replied with a photo, rejected, confirmed, closed, closed
not fixed, and one overdue and escalated. Synthetic: the photos are drawn here and say so, every
reason starts with DEMO_MARK. Deterministic (hazards taken in id order) and run once per database.

Acting users are the demo accounts: `tianhe` (Tianhe district office: dispatches, confirms and
closes in Tianhe), `manager` (Tianhe's property manager: replies for its buildings), `city`
(supervises the whole city) and `enterprise` (replies for its own plants). The office never
replies to itself.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import ExifTags, Image, ImageDraw
from PIL.TiffImagePlugin import IFDRational

from geo_server.accounts.models import User
from geo_server.errors import ApiError
from geo_server.supervision.evidence import evidence_types, required_evidence
from geo_server.supervision.hazards import apply_transition
from geo_server.supervision.models import Hazard, HazardEvent
from geo_server.supervision.overdue import escalate_overdue
from geo_server.supervision.photos import store_photo

DEMO_MARK = "（演示）"

# What happens to the n-th hazard of an organisation, in id order: a list of (actor side, action).
# "s" is the supervising demo account, "r" the responsible one.
PATHS = (
    (("s", "dispatch"),),
    (("s", "dispatch"), ("s", "issue_notice")),
    (("s", "dispatch"), ("s", "issue_notice"), ("r", "reply")),
    (("s", "dispatch"), ("s", "issue_notice"), ("r", "reply"), ("s", "reject"), ("r", "reply")),
    (("s", "dispatch"), ("s", "issue_notice"), ("r", "reply"), ("s", "confirm"), ("s", "close")),
    (("s", "dispatch"), ("s", "issue_notice"), ("r", "reply"), ("s", "confirm")),
    (("s", "close_not_fixed"),),
    (("s", "dispatch"), ("s", "issue_notice"), ("s", "extend")),
)
REASONS = {"reply": "已按通知整改，附现场照片", "reject": "照片未显示整改部位，请补充", "extend": "需等待材料进场",
           "close_not_fixed": "对象已拆除，无法整改", "refer": "属地调整"}


def _dms(value: float) -> tuple:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return IFDRational(degrees), IFDRational(minutes), IFDRational(seconds, 100)


def demo_photo(hazard: Hazard) -> SimpleUploadedFile:
    """A drawn JPEG labelled synthetic, with EXIF time and the GPS of a point ~30 m from the hazard."""
    point = hazard.geom.point_on_surface
    lon, lat = point.x + 0.0003, point.y
    image = Image.new("RGB", (960, 720), "#8d9aa6")
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 120, 880, 600), outline="#f5f5f5", width=6)
    draw.text((110, 150), f"SYNTHETIC DEMO PHOTO - hazard {hazard.pk}", fill="#ffffff")
    draw.text((110, 180), f"{lat:.5f} N  {lon:.5f} E", fill="#ffffff")
    exif = Image.Exif()
    exif[ExifTags.IFD.Exif] = {0x9003: timezone.localtime().strftime("%Y:%m:%d %H:%M:%S")}
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: _dms(lat), 3: "E", 4: _dms(lon)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=exif.tobytes())
    return SimpleUploadedFile(f"demo-{hazard.pk}.jpg", out.getvalue(), content_type="image/jpeg")


def _act(user, hazard_id: int, action: str) -> None:
    hazard = Hazard.objects.get(pk=hazard_id)
    payload = {"reason": f"{DEMO_MARK}{REASONS.get(action, '')}"}
    if action == "reply":
        payload["photos"] = [store_photo(demo_photo(hazard), user, hazard=hazard).pk]
        payload.update(_evidence_fields(hazard))
    if action == "extend":
        payload["deadline"] = hazard.deadline + timedelta(days=30)
    apply_transition(user, hazard_id, action, payload, hazard.version)


def _evidence_fields(hazard: Hazard) -> dict:
    """The reply fields the hazard's rule requires: a type's own demo evidence where it records one
    (a dangerous building's re-appraisal: a synthetic report graded B, published), else the last of
    its choices that satisfies it."""
    types = evidence_types()
    fields = {}
    for name in required_evidence(hazard.rule_code):
        evidence_type = types.get(name)
        if evidence_type is None:
            continue
        if evidence_type.demo is not None:
            fields.update(evidence_type.demo(hazard))
            continue
        if not evidence_type.reply_field:
            continue
        good = [c for c in evidence_type.choices if evidence_type.satisfied({evidence_type.reply_field: c}, 1)]
        if good:
            fields[evidence_type.reply_field] = good[-1]
    return fields


def _drive(supervisor, responsible, hazards) -> int:
    moved = 0
    for hazard, path in zip(hazards, PATHS):
        for side, action in path:
            _act(supervisor if side == "s" else responsible, hazard.pk, action)
        moved += 1
    return moved


def ensure_demo_loop() -> str:
    if HazardEvent.objects.filter(reason__startswith=DEMO_MARK).exists():
        return "Demo hazards already moved through the loop."
    users = {u.username: u for u in User.objects.filter(username__in=("tianhe", "city", "enterprise", "manager"))}
    if len(users) < 4:
        return "Demo loop skipped: run create_demo_users first."
    moved = 0
    try:
        manager = users["manager"]
        managed = Hazard.objects.filter(state="new", responsible_organisation=manager.organisation).order_by("id")
        moved += _drive(users["tianhe"], manager, list(managed[:len(PATHS)]))
        enterprise = users["enterprise"]
        plants = Hazard.objects.filter(state="new", responsible_organisation=enterprise.organisation).order_by("id")
        moved += _drive(users["city"], enterprise, list(plants[:3]))
    except ApiError as error:  # the demo data changed shape: say so, keep what was done
        return f"Demo loop stopped early: {error.code}: {error.message}"
    overdue = _make_one_overdue(users["manager"])
    return (f"Demo loop: {moved} hazards moved through the supervision loop"
            f"{'; one overdue and escalated' if overdue else ''} (synthetic photos and reasons).")


def _make_one_overdue(user) -> bool:
    """Back-date the deadline of one hazard dispatched to `user`'s organisation (demo only: a dispatch
    may not set a past deadline) and run the escalation sweep, so the overdue and escalation stages
    can be seen."""
    hazard = (Hazard.objects.filter(state="dispatched", responsible_organisation=user.organisation)
              .order_by("id").first())
    if hazard is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute("UPDATE supervision_hazard SET deadline = %s WHERE id = %s",
                       [timezone.localdate() - timedelta(days=3), hazard.pk])
    escalate_overdue()
    return True
