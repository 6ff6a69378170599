"""Real photos made by Pillow for the tests: JPEG, PNG or WebP with EXIF time and GPS written by
Pillow's Exif API, as a phone camera writes them.

23°8'16.8"N 113°19'26.4"E is TIANHE_SPORTS_CENTER (23.1380, 113.3240) in tests/conftest.py.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

GPS_TIANHE = {1: "N", 2: (IFDRational(23), IFDRational(8), IFDRational(168, 10)),
              3: "E", 4: (IFDRational(113), IFDRational(19), IFDRational(264, 10))}


def photo_bytes(fmt="JPEG", size=(1200, 900), gps=GPS_TIANHE, taken="2026:05:01 10:20:30") -> bytes:
    image = Image.new("RGB", size, "#c83232")
    exif = Image.Exif()
    if taken:
        exif[ExifTags.IFD.Exif] = {0x9003: taken}
    if gps:
        exif[ExifTags.IFD.GPSInfo] = gps
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def upload(data: bytes | None = None, name="site.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes() if data is None else data, content_type=content_type)
