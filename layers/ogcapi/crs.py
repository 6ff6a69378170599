"""The coordinate reference systems the OGC API serves: a fixed allowlist of EPSG codes.

DOMAIN.md: a CRS is accepted only as an EPSG code from this list, never as free text, and
PostGIS transforms with the numeric SRID (a text CRS name costs ~6 ms per row).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from geo_server.errors import BadRequest

EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{}"


@dataclass(frozen=True)
class Crs:
    uri: str
    srid: int
    # OGC API Part 2 wants coordinates in the CRS's own axis order. EPSG defines 4326 and 4490 as
    # latitude, longitude and 4547 as northing, easting; PostGIS always writes east first.
    north_first: bool
    geographic: bool
    # (min east, min north, max east, max north) a bbox may span: PROJ fails on points outside a
    # projection's domain (1e300 m in a Gauss-Kruger zone), and PostGIS turns that into an error.
    bounds: tuple[float, float, float, float] = (-180, -90, 180, 90)

    @property
    def precision(self) -> int:
        """Decimals that keep ~0.1 m: 6 for degrees, 2 (1 cm) for metres."""
        return 6 if self.geographic else 2

    @property
    def header(self) -> str:
        return f"<{self.uri}>"


CRS84 = Crs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, north_first=False, geographic=True)
SUPPORTED = (
    CRS84,
    Crs(EPSG_URI.format(4326), 4326, north_first=True, geographic=True),
    Crs(EPSG_URI.format(4490), 4490, north_first=True, geographic=True),
    # Zone 38 (114°E, false easting 500 km): wider than its area of use, inside what PROJ transforms.
    Crs(EPSG_URI.format(4547), 4547, north_first=True, geographic=False, bounds=(-1e6, -1e7, 2e6, 1e7)),
    # The whole Web Mercator square.
    Crs(EPSG_URI.format(3857), 3857, north_first=False, geographic=False,
        bounds=(-20037508.34, -20048966.1, 20037508.34, 20048966.1)),
)
URIS = [crs.uri for crs in SUPPORTED]
_BY_NAME = {crs.uri: crs for crs in SUPPORTED}
# Short spellings people type by hand; each maps onto the allowlist, nothing else is looked up.
_BY_NAME.update({"OGC:CRS84": CRS84, "CRS84": CRS84, "[OGC:CRS84]": CRS84})
_BY_NAME.update({f"EPSG:{crs.srid}": crs for crs in SUPPORTED[1:]})
_BY_NAME.update({f"[EPSG:{crs.srid}]": crs for crs in SUPPORTED[1:]})


def parse_crs(raw: str | None, name: str = "crs") -> Crs:
    if raw is None or raw == "":
        return CRS84
    crs = _BY_NAME.get(raw.strip())
    if crs is None:
        raise BadRequest(_("%(name)s %(raw)r is not supported. Supported: %(uris)s.")
                         % {"name": name, "raw": raw, "uris": ", ".join(URIS)}, code="invalid_crs")
    return crs
