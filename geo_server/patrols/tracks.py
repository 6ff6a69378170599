"""GPS tracks as uploaded (GeoJSON LineString + per-vertex times, or GPX), checked into one shape:
WGS84 (lon, lat) vertices and their timestamps. Pure: no database."""

import json
import math
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest
from geo_server.validation import plausible_time

MAX_VERTICES = 20_000  # a day's walk at one fix a second is well under this
GPX_NS = "{http://www.topografix.com/GPX/1/1}"


@dataclass
class Track:
    coords: list[tuple[float, float]]
    times: list[datetime]

    @property
    def duration_s(self) -> float:
        return (self.times[-1] - self.times[0]).total_seconds()


def coordinate(pair) -> tuple[float, float]:
    if not isinstance(pair, (list, tuple)) or len(pair) < 2:
        raise BadRequest(_("Each coordinate must be [longitude, latitude]."), code="bad_track")
    lon, lat = pair[0], pair[1]
    if isinstance(lon, bool) or isinstance(lat, bool) or not all(isinstance(v, (int, float)) for v in (lon, lat)):
        raise BadRequest(_("Coordinates must be numbers."), code="bad_track")
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise BadRequest(_("Coordinates must be WGS84 longitude, latitude (EPSG:4326)."), code="bad_track")
    return float(lon), float(lat)


def make_track(geometry, times) -> Track:
    """Check a GeoJSON LineString and its list of ISO 8601 times, one per vertex, in order."""
    if not isinstance(geometry, dict) or geometry.get("type") != "LineString":
        raise BadRequest(_("The track must be a GeoJSON LineString."), code="bad_track")
    raw = geometry.get("coordinates")
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_VERTICES:
        raise BadRequest(_("A track needs 2 to %(max_vertices)s vertices.")
                         % {"max_vertices": MAX_VERTICES}, code="bad_track")
    coords = [coordinate(pair) for pair in raw]
    if not isinstance(times, list) or len(times) != len(coords):
        raise BadRequest(_("times must list one ISO 8601 time per vertex."), code="bad_track_times")
    try:
        stamps = [parse_time(t, "times") for t in times]
    except (ValueError, AttributeError):
        raise BadRequest(_("times must be ISO 8601 (e.g. 2026-05-01T10:00:00+08:00)."),
                         code="bad_track_times") from None
    if any(b < a for a, b in zip(stamps, stamps[1:])):
        raise BadRequest(_("times must not go backwards."), code="bad_track_times")
    return Track(coords, stamps)


def track_from_geojson(text: str) -> Track:
    """A GeoJSON Feature whose properties carry `times` (or coordTimes, as GPX converters write)."""
    try:
        data = json.loads(text)
    except ValueError:
        raise BadRequest(_("The file is not valid JSON."), code="bad_track") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection" and data.get("features"):
        data = data["features"][0]
    if not isinstance(data, dict) or data.get("type") != "Feature":
        raise BadRequest(_("Upload a GeoJSON Feature with a LineString and properties.times."), code="bad_track")
    properties = data.get("properties") or {}
    return make_track(data.get("geometry"), properties.get("times", properties.get("coordTimes")))


def track_from_gpx(text: str) -> Track:
    """The first track of a GPX 1.1 (or namespace-less) file: every trkpt with its time."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        raise BadRequest(_("The file is not valid GPX."), code="bad_track") from None
    ns = GPX_NS if root.tag.startswith(GPX_NS) else ""
    coords, times = [], []
    for point in root.iter(f"{ns}trkpt"):
        stamp = point.find(f"{ns}time")
        try:
            coords.append([float(point.get("lon")), float(point.get("lat"))])
        except (TypeError, ValueError):
            raise BadRequest(_("Every trkpt needs numeric lat and lon."), code="bad_track") from None
        times.append(stamp.text if stamp is not None else None)
    return make_track({"type": "LineString", "coordinates": coords}, times)


def parse_time(raw, field: str = "time") -> datetime:
    """ValueError for what is not an ISO 8601 time; Unprocessable (implausible_time) for a time no
    device records."""
    value = parse_datetime(raw.strip()) if isinstance(raw, str) else None
    if value is None:
        raise ValueError
    if timezone.is_naive(value):  # local time of the monitoring authority (settings.TIME_ZONE)
        value = timezone.make_aware(value)
    return plausible_time(value, field)
