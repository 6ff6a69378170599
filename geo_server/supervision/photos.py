"""Photos as evidence: checked by content, size- and pixel-limited, stored with a thumbnail, EXIF kept.

store_photo() is the one way in, for the hazard API, the hazard page and the phone page alike. The
original is stored byte for byte (EXIF included); only the thumbnail is re-encoded. Reading the
EXIF time and GPS (exif_time, exif_location) is pure and tested without a database.
"""

import hashlib
import io
import uuid
from datetime import datetime, timedelta, timezone as dt_timezone

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageFile, ImageOps, UnidentifiedImageError

from geo_server.errors import BadRequest, Conflict, PayloadTooLarge
from geo_server.supervision.hazards import visible_hazards
from geo_server.supervision.models import Photo

# Pillow format name -> (content type, file extension). Nothing else is accepted.
ACCEPTED = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
_EXIF_IFD, _GPS_IFD = ExifTags.IFD.Exif, ExifTags.IFD.GPSInfo
_DATETIME_ORIGINAL, _OFFSET_TIME_ORIGINAL, _DATETIME = 0x9003, 0x9011, 0x0132
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON = 1, 2, 3, 4


def _option(name: str, default):
    return settings.GEO_SERVER.get(name, default)


def max_bytes() -> int:
    return _option("PHOTO_MAX_BYTES", 10 * 1024 * 1024)


def store_photo(upload, user, *, hazard=None, event=None, client_id=None) -> Photo:
    """Check `upload` (a Django UploadedFile) by its content and store it with a thumbnail.

    BadRequest `invalid_photo` (not an image, truncated, corrupt) or `unsupported_photo_type` (an
    image, but not JPEG/PNG/WebP: GIF, SVG, TIFF...); PayloadTooLarge `photo_too_large` (bytes) or
    `photo_too_many_pixels` (decompression bomb). With a `client_id` already stored by the same user
    the stored Photo is returned (its `replayed` attribute True) and nothing is written; by another
    user, Conflict `client_id_taken`.
    """
    if client_id is not None:
        client_id = _uuid(client_id)
        existing = _existing(client_id, user)
        if existing is not None:
            return existing
    if event is not None and hazard is None:
        hazard = event.hazard
    data = _read_limited(upload)
    checked = inspect(data)
    stem = f"photos/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"
    image_name = default_storage.save(f"{stem}.{checked['extension']}", ContentFile(data))
    thumb_name = default_storage.save(f"{stem}_thumb.jpg", ContentFile(checked["thumbnail"]))
    try:
        with transaction.atomic():
            return Photo.objects.create(
                image=image_name, thumbnail=thumb_name, sha256=hashlib.sha256(data).hexdigest(),
                content_type=checked["content_type"], width=checked["width"], height=checked["height"],
                bytes=len(data), taken_at=checked["taken_at"], location=checked["location"],
                uploaded_by=user if user is not None and user.is_authenticated else None,
                hazard=hazard, event=event, client_id=client_id)
    except IntegrityError:
        # Two deliveries of the same offline upload raced: the first one stored wins.
        _delete_files(image_name, thumb_name)
        existing = _existing(client_id, user) if client_id is not None else None
        if existing is None:
            raise
        return existing
    except BaseException:
        _delete_files(image_name, thumb_name)
        raise


def _uuid(value) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise BadRequest(_("client_id must be a UUID."), code="invalid_client_id") from None


def _existing(client_id: uuid.UUID, user) -> Photo | None:
    photo = Photo.objects.filter(client_id=client_id).first()
    if photo is None:
        return None
    if photo.uploaded_by_id != getattr(user, "pk", None):
        raise Conflict(_("This client_id belongs to another user's photo."), code="client_id_taken")
    photo.replayed = True  # stored by an earlier delivery of the same upload
    return photo


def _delete_files(*names: str) -> None:
    for name in names:
        default_storage.delete(name)


def _read_limited(upload) -> bytes:
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise too_large(upload.size, limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large(len(data), limit)
    if not data:
        raise BadRequest(_("The photo is empty."), code="invalid_photo")
    return data


def too_large(size: int, limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(_("The photo is %(size)s bytes; at most %(limit)s are accepted.")
                           % {"size": size, "limit": limit}, code="photo_too_large",
                           details={"bytes": size, "max_bytes": limit})


def inspect(data: bytes) -> dict:
    """Open, verify and fully decode the image; its type, size, EXIF time and place, and a thumbnail."""
    if _looks_like_svg(data):
        raise BadRequest(_("SVG is not accepted; send a JPEG, PNG or WebP photo."), code="unsupported_photo_type",
                         details={"accepted": sorted(t for t, _e in ACCEPTED.values())})
    # Pillow's process-wide flag: importing WeasyPrint (report and print-sheet PDFs) switches it on,
    # and with it a truncated JPEG decodes as whole. The check owns it, whoever imported what.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if image_format not in ACCEPTED:
                raise BadRequest(_("%(image_format)s images are not accepted; send a JPEG, PNG or WebP photo.")
                                 % {"image_format": image_format},
                                 code="unsupported_photo_type",
                                 details={"accepted": sorted(t for t, _e in ACCEPTED.values())})
            _check_pixels(*probe.size)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            width, height = image.size
            thumbnail = _thumbnail(image)
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        if isinstance(error, Image.DecompressionBombError):
            raise PayloadTooLarge(_("The image declares too many pixels."), code="photo_too_many_pixels") from None
        raise BadRequest(_("The file is not a JPEG, PNG or WebP image."), code="invalid_photo") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as error:
        raise BadRequest(_("The image is damaged or truncated (%(error)s).")
                         % {"error": error}, code="invalid_photo") from None
    content_type, extension = ACCEPTED[image_format]
    return {"content_type": content_type, "extension": extension, "width": width, "height": height,
            "taken_at": exif_time(exif), "location": exif_location(exif), "thumbnail": thumbnail}


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in head


def _check_pixels(width: int, height: int) -> None:
    limit = _option("PHOTO_MAX_PIXELS", 64_000_000)
    if width * height > limit:
        raise PayloadTooLarge(_("The image has %(width)s x %(height)s pixels; at most %(limit)s pixels are accepted.")
                              % {"width": width, "height": height, "limit": limit},
                              code="photo_too_many_pixels", details={"width": width, "height": height,
                                                                     "max_pixels": limit})


def _thumbnail(image: Image.Image) -> bytes:
    """Decode the whole image (a truncated file fails here) and return a JPEG within the box."""
    box = _option("PHOTO_THUMBNAIL_PX", 320)
    if image.format == "JPEG":
        image.draft("RGB", (box * 2, box * 2))  # decode at 1/2..1/8 scale: a 48 MP photo stays small
    image.load()
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((box, box))
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def exif_time(exif: Image.Exif) -> datetime | None:
    """DateTimeOriginal (else DateTime) as an aware datetime; the camera's offset if it wrote one,
    else the server's time zone (phones write local time)."""
    sub = exif.get_ifd(_EXIF_IFD)
    raw = sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = sub.get(_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str) and len(offset.strip("\x00 ")) == 6:
        text = offset.strip("\x00 ")
        try:
            sign = -1 if text[0] == "-" else 1
            delta = timedelta(hours=int(text[1:3]), minutes=int(text[4:6]))
            return naive.replace(tzinfo=dt_timezone(sign * delta))
        except ValueError:
            pass
    return timezone.make_aware(naive)


def dms_to_degrees(dms, ref: str) -> float:
    """(degrees, minutes, seconds) and a N/S/E/W reference to signed decimal degrees."""
    degrees, minutes, seconds = (float(part) for part in dms)
    value = degrees + minutes / 60 + seconds / 3600
    return -value if ref.strip("\x00 ").upper() in ("S", "W") else value


def exif_location(exif: Image.Exif) -> Point | None:
    """The GPS IFD's latitude and longitude as a WGS84 point, or None if absent or nonsense."""
    gps = exif.get_ifd(_GPS_IFD)
    try:
        lat = dms_to_degrees(gps[_GPS_LAT], gps.get(_GPS_LAT_REF, "N"))
        lon = dms_to_degrees(gps[_GPS_LON], gps.get(_GPS_LON_REF, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0) or lat != lat or lon != lon:
        return None
    return Point(lon, lat, srid=4326)


def visible_photos(user) -> QuerySet:
    """Photos of hazards the user may see, and the user's own uploads not attached to a hazard yet."""
    if not user.is_authenticated:
        return Photo.objects.none()
    if user.is_superuser:
        return Photo.objects.all()
    of_hazards = Q(Exists(visible_hazards(user).filter(pk=OuterRef("hazard_id"))))
    return Photo.objects.filter(of_hazards | Q(hazard__isnull=True, uploaded_by=user))


def photo_json(photo: Photo) -> dict:
    return {
        "id": photo.pk, "hazard": photo.hazard_id, "event": photo.event_id,
        "client_id": str(photo.client_id) if photo.client_id else None,
        "urls": {"original": photo.image.url, "thumbnail": photo.thumbnail.url},
        "content_type": photo.content_type, "width": photo.width, "height": photo.height, "bytes": photo.bytes,
        "sha256": photo.sha256, "taken_at": photo.taken_at.isoformat() if photo.taken_at else None,
        "location": {"type": "Point", "coordinates": [photo.location.x, photo.location.y]} if photo.location else None,
        "uploaded_by": photo.uploaded_by.username if photo.uploaded_by else None,
        "uploaded_at": photo.uploaded_at.isoformat(),
    }
