"""WMTS 1.0.0 on top of the WMS MapServer already serves: the tile matrix set and the GetTile request.

MapServer does not tile, so a tile is a WMS GetMap of the tile's EPSG:3857 box, 256 x 256 PNG, asked
of the same per-user map as /ows (layers/ows/mapfile.py): the scoping, styles and accounts are the
WMS ones. One tile matrix set, WebMercatorQuad (the GoogleMapsCompatible well-known scale set),
zooms 0 to 18; its TileRow counts down from the top like an XYZ y.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

TILE_MATRIX_SET = "WebMercatorQuad"
WELL_KNOWN_SCALE_SET = "urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible"
CRS = "urn:ogc:def:crs:EPSG::3857"
MAX_ZOOM = 18
TILE_SIZE = 256
FORMAT = "image/png"
STYLE = "default"
# Half the side of the EPSG:3857 square, in metres, and the zoom 0 scale at 0.28 mm a pixel.
HALF_WORLD = 20037508.3427892
SCALE_0 = 559082264.0287178


class WmtsError(Exception):
    """An OWS exception (WMTS 1.0.0 section 8.2.2 / 7.2.1): its exceptionCode and the parameter at fault."""

    def __init__(self, code: str, locator: str, message: str, http_status: int = 400):
        super().__init__(message)
        self.code, self.locator, self.message, self.http_status = code, locator, str(message), http_status


@dataclass(frozen=True)
class TileRequest:
    layer: str
    zoom: int
    row: int
    col: int


def tile_matrices() -> list[dict]:
    """The WebMercatorQuad matrices: identifier, scale denominator and size in tiles."""
    return [{"id": str(zoom), "scale": SCALE_0 / 2 ** zoom, "size": 2 ** zoom} for zoom in range(MAX_ZOOM + 1)]


def tile_request(layer: str, style: str, image_format: str, matrix_set: str, matrix: str, row: str, col: str,
                 layers: set[str]) -> TileRequest:
    """The GetTile parameters checked (KVP or RESTful alike), or WmtsError naming the first bad one."""
    if not layer:
        raise WmtsError("MissingParameterValue", "LAYER", _("LAYER is required."))
    if layer not in layers:
        raise WmtsError("InvalidParameterValue", "LAYER", _("No layer %(layer)r.") % {"layer": layer})
    if style not in (STYLE, ""):
        raise WmtsError("InvalidParameterValue", "STYLE", _("The only style is %(style)r.") % {"style": STYLE})
    if image_format != FORMAT:
        raise WmtsError("InvalidParameterValue", "FORMAT", _("The only format is %(format)s.") % {"format": FORMAT})
    if matrix_set != TILE_MATRIX_SET:
        raise WmtsError("InvalidParameterValue", "TILEMATRIXSET",
                        _("The only tile matrix set is %(set)s.") % {"set": TILE_MATRIX_SET})
    zoom = _integer(matrix, "TILEMATRIX", "InvalidParameterValue")
    if not 0 <= zoom <= MAX_ZOOM:
        raise WmtsError("InvalidParameterValue", "TILEMATRIX",
                        _("TILEMATRIX goes from 0 to %(max)d.") % {"max": MAX_ZOOM})
    tile_row = _integer(row, "TILEROW", "TileOutOfRange")
    tile_col = _integer(col, "TILECOL", "TileOutOfRange")
    for value, locator in ((tile_row, "TILEROW"), (tile_col, "TILECOL")):
        if not 0 <= value < 2 ** zoom:
            raise WmtsError("TileOutOfRange", locator, _("%(name)s goes from 0 to %(max)d at TILEMATRIX %(zoom)d.")
                            % {"name": locator, "max": 2 ** zoom - 1, "zoom": zoom})
    return TileRequest(layer, zoom, tile_row, tile_col)


def _integer(text: str, locator: str, code: str) -> int:
    if not text:
        raise WmtsError("MissingParameterValue", locator, _("%(name)s is required.") % {"name": locator})
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise WmtsError(code, locator, _("%(name)s must be a whole number.") % {"name": locator})
    return int(text)


def tile_bbox(tile: TileRequest) -> tuple[float, float, float, float]:
    """The tile's EPSG:3857 box: min x, min y, max x, max y."""
    side = 2 * HALF_WORLD / 2 ** tile.zoom
    min_x = -HALF_WORLD + tile.col * side
    max_y = HALF_WORLD - tile.row * side
    return min_x, max_y - side, min_x + side, max_y


def getmap_query(tile: TileRequest) -> str:
    """The WMS 1.3.0 GetMap query string MapServer answers with the tile (EPSG:3857 is east, north)."""
    bbox = ",".join(repr(v) for v in tile_bbox(tile))
    return (f"SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS={tile.layer}&STYLES=&CRS=EPSG:3857&BBOX={bbox}"
            f"&WIDTH={TILE_SIZE}&HEIGHT={TILE_SIZE}&FORMAT=image/png&TRANSPARENT=TRUE")
