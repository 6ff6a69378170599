"""Pure geometry of a print sheet: the paper, the map frame fitted to an extent in Web Mercator
(EPSG:3857), the scale bar from the true ground distance at the frame's centre latitude, and the
graticule (CGCS2000 longitudes and latitudes, which coincide with WGS84 within centimetres)."""

import math
from dataclasses import dataclass

EARTH_RADIUS = 6378137.0  # EPSG:3857's sphere
# Paper sizes, landscape, in mm; the map box is what is left beside the side panel and under the header.
PAPERS = {"a4": (297.0, 210.0), "a3": (420.0, 297.0)}
MARGIN = 8.0
HEADER = 16.0
FOOTER = 6.0
PANEL = {"a4": 74.0, "a3": 90.0}
GAP = 4.0
# The extent is padded so the area's boundary does not touch the frame.
PADDING = 0.04
GRATICULE_STEPS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


@dataclass(frozen=True)
class Frame:
    """The map box (width, height in mm) and the affine map from EPSG:3857 metres to its mm, y down:
    x_mm = (X - x0) * s, y_mm = (y1 - Y) * s."""

    width: float
    height: float
    x0: float
    y1: float
    s: float  # mm of paper per Mercator metre

    def to_paper(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.s, (self.y1 - y) * self.s

    @property
    def centre_latitude(self) -> float:
        return mercator_latitude(self.y1 - self.height / 2 / self.s)

    @property
    def ground_metres_per_mm(self) -> float:
        """Ground metres one mm of paper covers at the centre latitude (Mercator stretches by 1/cos)."""
        return math.cos(math.radians(self.centre_latitude)) / self.s

    @property
    def scale_denominator(self) -> int:
        """1:N at the centre, N to three significant figures."""
        n = self.ground_metres_per_mm * 1000
        return int(round(n, -int(math.floor(math.log10(n))) + 2))

    def bounds_lonlat(self) -> tuple[float, float, float, float]:
        x1 = self.x0 + self.width / self.s
        y0 = self.y1 - self.height / self.s
        return (mercator_longitude(self.x0), mercator_latitude(y0), mercator_longitude(x1), mercator_latitude(self.y1))


def map_box(paper: str) -> tuple[float, float]:
    width, height = PAPERS[paper]
    return (width - 2 * MARGIN - PANEL[paper] - GAP, height - 2 * MARGIN - HEADER - FOOTER)


def fit(paper: str, extent: tuple[float, float, float, float]) -> Frame:
    """The frame showing `extent` (minx, miny, maxx, maxy in EPSG:3857) whole, centred, padded."""
    width, height = map_box(paper)
    minx, miny, maxx, maxy = extent
    dx = max(maxx - minx, 1.0) * (1 + 2 * PADDING)
    dy = max(maxy - miny, 1.0) * (1 + 2 * PADDING)
    s = min(width / dx, height / dy)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return Frame(width, height, cx - width / 2 / s, cy + height / 2 / s, s)


def mercator_y(latitude: float) -> float:
    return EARTH_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def mercator_latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)


def mercator_x(longitude: float) -> float:
    return EARTH_RADIUS * math.radians(longitude)


def mercator_longitude(x: float) -> float:
    return math.degrees(x / EARTH_RADIUS)


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 × 10^n not above `metres`."""
    power = 10 ** math.floor(math.log10(metres))
    return next(step * power for step in (5, 2, 1) if step * power <= metres)


@dataclass(frozen=True)
class ScaleBar:
    metres: float
    length_mm: float
    label: str

    @property
    def quarter(self) -> float:
        return self.length_mm / 4

    @property
    def half(self) -> float:
        return self.length_mm / 2

    @property
    def box(self) -> float:
        """Width of the white box behind the bar and its end label."""
        return self.length_mm + 8


def scale_bar(frame: Frame, target_mm: float = 40.0) -> ScaleBar:
    """A bar of a round ground length, about `target_mm` long on paper at the centre latitude."""
    metres = nice_length(target_mm * frame.ground_metres_per_mm)
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    return ScaleBar(metres, metres / frame.ground_metres_per_mm, label)


@dataclass(frozen=True)
class GridLine:
    axis: str  # "lon": a meridian (vertical), "lat": a parallel (horizontal)
    position: float  # mm from the frame's left (meridian) or top (parallel)
    label: str


def graticule(frame: Frame, lines: int = 4) -> list[GridLine]:
    """Meridians and parallels at a round step giving about `lines` of each across the frame."""
    west, south, east, north = frame.bounds_lonlat()
    span = min(east - west, north - south)
    step = next((s for s in GRATICULE_STEPS if span / s <= lines + 1), GRATICULE_STEPS[-1])
    result = []
    for index in range(math.ceil(west / step), math.floor(east / step) + 1):
        lon = index * step
        result.append(GridLine("lon", frame.to_paper(mercator_x(lon), 0)[0], dms(lon, "E", "W")))
    for index in range(math.ceil(south / step), math.floor(north / step) + 1):
        lat = index * step
        result.append(GridLine("lat", frame.to_paper(0, mercator_y(lat))[1], dms(lat, "N", "S")))
    return result


def dms(value: float, positive: str, negative: str) -> str:
    """113.25 → 113°15′E; seconds only when the step needs them."""
    hemisphere = positive if value >= 0 else negative
    total = round(abs(value) * 3600)
    degrees, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{degrees}°{minutes:02d}′"
    if seconds:
        text += f"{seconds:02d}″"
    return text + hemisphere
