"""Parsing of query parameters shared by the feature API: every bad value is a BadRequest with a code."""

import math

from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest
from geo_server.features.kinds import Kind


def reject_unknown(params, allowed: set[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise BadRequest(
            _("Unknown parameter(s): %(unknown)s. Allowed: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))},
            code="unknown_parameter",
        )


def parse_bbox(raw: str | None) -> Polygon | None:
    """minx,miny,maxx,maxy in WGS84 longitude/latitude."""
    if raw is None or raw == "":
        return None
    parts = raw.split(",")
    if len(parts) != 4:
        raise BadRequest(_("bbox must be four numbers: minx,miny,maxx,maxy."), code="invalid_bbox")
    try:
        minx, miny, maxx, maxy = (float(p) for p in parts)
    except ValueError:
        raise BadRequest(_("bbox must be four numbers: minx,miny,maxx,maxy."), code="invalid_bbox") from None
    if not (-180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90):
        raise BadRequest(_("bbox is outside longitude -180..180 / latitude -90..90."), code="invalid_bbox")
    if minx >= maxx or miny >= maxy:
        raise BadRequest(_("bbox must have minx < maxx and miny < maxy."), code="invalid_bbox")
    return Polygon.from_bbox((minx, miny, maxx, maxy))


def parse_kinds(raw: str | None) -> list[str]:
    if not raw:
        return []
    kinds = [k.strip() for k in raw.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in Kind.values]
    if unknown:
        raise BadRequest(
            _("Unknown kind(s): %(unknown)s. Known: %(values)s.")
            % {"unknown": ", ".join(unknown), "values": ", ".join(Kind.values)}, code="invalid_kind"
        )
    return kinds


def parse_int(raw: str | None, name: str, default: int, minimum: int, maximum: int, *, cap: bool = False) -> int:
    """A whole number within [minimum, maximum]; with `cap`, a value above the maximum is taken as
    the maximum (OGC API - Features /req/core/query-param-limit-override) instead of refused."""
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(_("%(name)s must be a whole number.") % {"name": name}, code=f"invalid_{name}") from None
    if cap and value > maximum:
        return maximum
    if not minimum <= value <= maximum:
        raise BadRequest(_("%(name)s must be between %(minimum)s and %(maximum)s.")
                         % {"name": name, "minimum": minimum, "maximum": maximum}, code=f"invalid_{name}")
    return value


def parse_float(raw: str | None, name: str, minimum: float, maximum: float) -> float | None:
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(_("%(name)s must be a number.") % {"name": name}, code=f"invalid_{name}") from None
    if not math.isfinite(value) or not minimum <= value <= maximum:
        raise BadRequest(_("%(name)s must be between %(minimum)g and %(maximum)g.")
                         % {"name": name, "minimum": minimum, "maximum": maximum}, code=f"invalid_{name}")
    return value
