"""Photos: real JPEG/PNG/WebP made by Pillow with EXIF GPS and time, checked by content, stored with a
thumbnail under MEDIA_ROOT, served only to users who may see the hazard, idempotent by client_id."""

import hashlib
import io
import struct
import uuid
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from geo_server.accounts.models import Organisation
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, Photo
from geo_server.supervision.photos import dms_to_degrees, exif_location, store_photo
from tests.conftest import TIANHE_SPORTS_CENTER, area, make_user
from tests.photos import photo_bytes, upload
from tests.test_hazards import building


def png_declaring(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header is rewritten to declare width x height (CRC fixed)."""
    data = bytearray(photo_bytes("PNG", size=(8, 8), gps=None, taken=None))
    ihdr = 8 + 8  # signature, chunk length + type
    data[ihdr:ihdr + 8] = struct.pack(">II", width, height)
    data[ihdr + 13:ihdr + 17] = struct.pack(">I", zlib.crc32(bytes(data[ihdr - 4:ihdr + 13])))
    return bytes(data)


@pytest.fixture
def hazard(tianhe_office, enterprise):
    feature = building("B-1", organisation=enterprise)
    sweep("building")
    return Hazard.objects.get(feature=feature)


def post_photo(client, user, hazard_id, data, name="site.jpg", **fields):
    client.force_login(user)
    return client.post(f"/api/hazards/{hazard_id}/photos", {"photo": upload(data, name), **fields})


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def test_it_turns_degrees_minutes_seconds_and_the_reference_into_signed_degrees():
    assert dms_to_degrees((23, 8, 16.8), "N") == pytest.approx(23.138)
    assert dms_to_degrees((IFDRational(33), IFDRational(51), IFDRational(3549, 100)), "S") == pytest.approx(-33.85986, abs=1e-5)
    assert dms_to_degrees((0, 30, 0), "W") == -0.5
    assert exif_location(Image.Exif()) is None


@pytest.mark.parametrize("fmt,content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_it_stores_a_real_photo_with_its_exif_time_and_place_and_a_thumbnail(client, hazard, erin, media, fmt,
                                                                              content_type):
    data = photo_bytes(fmt)
    response = post_photo(client, erin, hazard.pk, data, name="whatever.bin")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["content_type"], body["width"], body["height"], body["bytes"]) == (content_type, 1200, 900, len(data))
    assert body["taken_at"] == "2026-05-01T10:20:30+08:00"
    assert body["location"]["coordinates"] == pytest.approx(list(TIANHE_SPORTS_CENTER), abs=1e-6)
    assert body["hazard"] == hazard.pk and body["uploaded_by"] == "erin"
    photo = Photo.objects.get(pk=body["id"])
    assert photo.location.coords == pytest.approx(TIANHE_SPORTS_CENTER, abs=1e-6)
    # The original is kept byte for byte (EXIF and all), the thumbnail is a JPEG within 320 px.
    assert (media / photo.image.name).read_bytes() == data and photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.image.name.endswith("." + fmt.lower().replace("jpeg", "jpg"))
    with Image.open(media / photo.thumbnail.name) as thumb:
        assert thumb.format == "JPEG" and thumb.size == (320, 240)
    original = client.get(body["urls"]["original"])
    assert (original.status_code, original["Content-Type"]) == (200, content_type)
    assert b"".join(original.streaming_content) == data
    thumbnail = client.get(body["urls"]["thumbnail"])
    assert (thumbnail.status_code, thumbnail["Content-Type"]) == (200, "image/jpeg")
    assert [p["id"] for p in client.get(f"/api/hazards/{hazard.pk}/photos").json()["photos"]] == [photo.pk]


def test_it_keeps_no_location_when_the_photo_has_no_gps(client, hazard, erin):
    body = post_photo(client, erin, hazard.pk, photo_bytes(gps=None, taken=None)).json()
    assert (body["location"], body["taken_at"]) == (None, None)


def test_it_flattens_a_transparent_png_onto_white_for_the_thumbnail(hazard, erin, media):
    image = Image.new("RGBA", (640, 640), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    photo = store_photo(upload(out.getvalue(), "a.png"), erin, hazard=hazard)
    with Image.open(media / photo.thumbnail.name) as thumb:
        assert thumb.size == (320, 320) and thumb.getpixel((10, 10)) == (255, 255, 255)


def _truncated_jpeg() -> bytes:
    """A photo cut off mid-scan, as an interrupted mobile upload leaves it: the header is intact."""
    out = io.BytesIO()
    Image.effect_noise((1600, 1200), 80).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()[: len(out.getvalue()) // 2]


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 20)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize("name,data,code", [
    ("notes.jpg", "整改完成，请查收。\n".encode() * 50, "invalid_photo"),
    ("cut.jpg", None, "invalid_photo"),
    ("empty.jpg", b"", "invalid_photo"),
    ("drawing.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>',
     "unsupported_photo_type"),
    ("anim.gif", None, "unsupported_photo_type"),
])
def test_it_refuses_what_is_not_a_real_jpeg_png_or_webp_and_stores_nothing(client, hazard, erin, media, name, data,
                                                                            code):
    if data is None:
        data = _truncated_jpeg() if name == "cut.jpg" else _gif()
    client.force_login(erin)
    response = client.post(f"/api/hazards/{hazard.pk}/photos",
                           {"photo": SimpleUploadedFile(name, data, content_type="image/jpeg")})
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert Photo.objects.count() == 0 and stored_files(media) == []


def test_it_refuses_a_photo_over_the_byte_limit_with_413(client, hazard, erin, settings, media):
    data = photo_bytes()
    settings.GEO_SERVER = {**settings.GEO_SERVER, "PHOTO_MAX_BYTES": len(data) - 1}
    response = post_photo(client, erin, hazard.pk, data)
    assert (response.status_code, response.json()["code"]) == (413, "photo_too_large")
    assert response.json()["details"]["max_bytes"] == len(data) - 1
    settings.GEO_SERVER = {**settings.GEO_SERVER, "PHOTO_MAX_BYTES": len(data)}
    assert post_photo(client, erin, hazard.pk, data).status_code == 201


@pytest.mark.parametrize("width,height", [(9000, 9000), (100_000, 100_000)])
def test_it_refuses_decompression_bombs_before_decoding_them(client, hazard, erin, media, width, height):
    """81 MP is over our 64 MP cap; 10 GP is over Pillow's own bomb limit: both a clean 413."""
    response = post_photo(client, erin, hazard.pk, png_declaring(width, height), name="bomb.png")
    assert (response.status_code, response.json()["code"]) == (413, "photo_too_many_pixels")
    assert stored_files(media) == []


def test_it_answers_a_repeated_client_id_with_the_stored_photo(client, hazard, erin, media):
    client_id = str(uuid.uuid4())
    first = post_photo(client, erin, hazard.pk, photo_bytes(), client_id=client_id)
    again = post_photo(client, erin, hazard.pk, photo_bytes("PNG"), client_id=client_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["content_type"] == "image/jpeg"
    assert Photo.objects.count() == 1 and len(stored_files(media)) == 2
    assert str(Photo.objects.get().client_id) == client_id


def test_it_refuses_another_users_client_id_and_a_malformed_one(client, hazard, erin, bob):
    client_id = str(uuid.uuid4())
    post_photo(client, erin, hazard.pk, photo_bytes(), client_id=client_id)
    response = post_photo(client, bob, hazard.pk, photo_bytes(), client_id=client_id)
    assert (response.status_code, response.json()["code"]) == (409, "client_id_taken")
    response = post_photo(client, erin, hazard.pk, photo_bytes(), client_id="not-a-uuid")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_client_id")


def test_it_needs_the_photo_field(client, hazard, erin):
    client.force_login(erin)
    response = client.post(f"/api/hazards/{hazard.pk}/photos", {"client_id": str(uuid.uuid4())})
    assert (response.status_code, response.json()["code"]) == (400, "photo_required")


def test_it_serves_photos_only_to_users_who_may_see_the_hazard(client, hazard, erin, bob):
    body = post_photo(client, erin, hazard.pk, photo_bytes()).json()
    client.force_login(bob)
    assert client.get(body["urls"]["thumbnail"]).status_code == 200
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    client.force_login(make_user("dora", haizhu, "district_officer"))
    assert client.get(body["urls"]["original"]).status_code == 404
    assert client.get(body["urls"]["thumbnail"]).status_code == 404
    assert client.get(f"/api/hazards/{hazard.pk}/photos").status_code == 404
    client.logout()
    assert client.get(body["urls"]["original"]).status_code == 401  # a machine path: 401 with a Basic challenge
    assert client.get("/media/photos/../../etc/passwd").status_code in (401, 404)


def test_it_shows_an_unattached_upload_only_to_its_uploader(client, erin, bob, enterprise):
    photo = store_photo(upload(photo_bytes()), erin)
    client.force_login(erin)
    assert client.get(photo.image.url).status_code == 200
    client.force_login(bob)
    assert client.get(photo.image.url).status_code == 404


def test_it_lets_only_the_two_sides_add_photos_to_an_open_hazard(client, hazard, tianhe_office, bob):
    viewer = make_user("vera", tianhe_office, "read_only")
    response = post_photo(client, viewer, hazard.pk, photo_bytes())
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    assert post_photo(client, bob, hazard.pk, photo_bytes()).status_code == 201
    Hazard.objects.filter(pk=hazard.pk).update(state="closed")
    response = post_photo(client, bob, hazard.pk, photo_bytes())
    assert (response.status_code, response.json()["code"]) == (409, "hazard_closed")


def test_a_report_pdf_rendered_before_does_not_let_a_truncated_photo_through():
    """WeasyPrint's import turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process; the photo
    check turns it off for itself, or a server that printed one report would take half a photo for a
    photo (whatever else switched it on: the flag is set here too)."""
    from PIL import ImageFile

    from geo_server.dashboards.report import report_pdf
    from geo_server.errors import BadRequest
    from geo_server.supervision.photos import inspect

    assert report_pdf("<p>月报</p>").startswith(b"%PDF")
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    with pytest.raises(BadRequest) as refused:
        inspect(_truncated_jpeg())
    assert refused.value.code == "invalid_photo"
