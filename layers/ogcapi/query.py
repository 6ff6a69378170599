"""The items parameters, parsed into one value: every bad value is a BadRequest with a stable code."""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server import validation
from geo_server.errors import BadRequest, NotFound
from geo_server.features import params
from layers.catalogue import Field, Layer
from layers.ogcapi import cql
from layers.ogcapi.crs import CRS84, Crs, parse_crs

ITEMS_PARAMS = {"f", "bbox", "bbox-crs", "datetime", "limit", "crs", "after", "before", "resultType",
                "properties", "sortby", "offset", *cql.FILTER_PARAMS}
RESULT_TYPES = ("results", "hits")
# Property filters compare equal values; a date-time property is filtered through `datetime`.
QUERYABLE_TYPES = {"string", "integer", "number", "boolean", "date"}
TEMPORAL_FIELD = "updated_at"
MAX_ID = validation.BIGINT_MAX


@dataclass(frozen=True)
class ItemsQuery:
    limit: int
    crs: Crs = CRS84
    bbox: Polygon | None = None
    start: datetime | None = None
    end: datetime | None = None
    after: int | None = None
    before: int | None = None
    properties: dict = field(default_factory=dict)
    # A CQL2 `filter` (OGC API - Features Part 3), as a Q over the published fields' ORM paths.
    filter: Q | None = None
    # `properties`: the published fields to return (None: all); `sortby`: (field, descending) pairs;
    # a sorted listing pages by `offset` (keyset paging is on the id only).
    fields: tuple[str, ...] | None = None
    sortby: tuple[tuple[str, bool], ...] = ()
    offset: int = 0
    # `hits` (from the WFS 3 drafts, still asked by GDAL for a feature count): the exact count only.
    hits: bool = False

    @property
    def has_time(self) -> bool:
        return self.start is not None or self.end is not None


def queryables(layer: Layer) -> tuple[Field, ...]:
    return tuple(f for f in layer.fields if f.type in QUERYABLE_TYPES)


def json_schema(prop: Field) -> dict:
    """The JSON Schema of a published field's values (a date is a string in RFC 3339 full-date form)."""
    if prop.type == "date":
        return {"type": "string", "format": "date"}
    if prop.type == "datetime":
        return {"type": "string", "format": "date-time"}
    return {"type": prop.type}


def is_temporal(layer: Layer) -> bool:
    return any(f.name == TEMPORAL_FIELD for f in layer.fields)


def parse_item_id(raw: str, layer: Layer) -> int:
    """An item id in a path: a database id, or no such item (never a number the database refuses)."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19 or int(raw) > MAX_ID:
        raise NotFound(_("No item %(raw)r in collection %(id)s.") % {"raw": raw, "id": layer.id}, code="item_not_found")
    return int(raw)


def parse_items_query(layer: Layer, query) -> ItemsQuery:
    """`query` is the request's QueryDict (or any mapping of one value per name)."""
    by_name = {f.name: f for f in queryables(layer)}
    params.reject_unknown(query, ITEMS_PARAMS | set(by_name))
    options = settings.GEO_SERVER
    start, end = parse_datetime(query.get("datetime"))
    after = params.parse_int(query.get("after"), "after", 0, 0, MAX_ID) if query.get("after") else None
    before = params.parse_int(query.get("before"), "before", 0, 1, MAX_ID) if query.get("before") else None
    if after is not None and before is not None:
        raise BadRequest(_("Give after or before, not both."), code="invalid_cursor")
    if query.get("resultType", "results") not in RESULT_TYPES:
        raise BadRequest(_("resultType must be results or hits."), code="invalid_result_type")
    sortby = parse_sortby(layer, query.get("sortby"))
    offset = params.parse_int(query.get("offset"), "offset", 0, 0, MAX_ID)
    if offset and not sortby:
        raise BadRequest(_("offset pages a sorted listing (sortby); follow the next link otherwise."),
                         code="invalid_offset")
    if sortby and (after is not None or before is not None):
        raise BadRequest(_("A sorted listing pages by offset, not after/before."), code="invalid_cursor")
    return ItemsQuery(
        limit=params.parse_int(query.get("limit"), "limit", options["OGC_PAGE_SIZE"], 1, options["OGC_MAX_PAGE_SIZE"],
                                cap=True),
        crs=parse_crs(query.get("crs")),
        bbox=parse_bbox(query.get("bbox"), parse_crs(query.get("bbox-crs"), "bbox-crs")),
        start=start, end=end, after=after, before=before,
        properties={name: parse_value(by_name[name], query[name]) for name in by_name if name in query},
        hits=query.get("resultType") == "hits",
        filter=cql.parse_filter(layer, query, set(by_name)),
        fields=parse_properties(layer, query.get("properties")),
        sortby=sortby,
        offset=offset,
    )


def parse_properties(layer: Layer, raw: str | None) -> tuple[str, ...] | None:
    """`properties=code,name`: only these published fields in each feature (OGC API - Features Part 6
    draft, as pygeoapi reads it); an empty list returns none."""
    if raw is None:
        return None
    names = tuple(dict.fromkeys(name.strip() for name in raw.split(",") if name.strip()))
    known = {f.name for f in layer.fields}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise BadRequest(_("properties names %(names)s, which %(layer)s does not publish.")
                         % {"names": ", ".join(unknown), "layer": layer.id}, code="invalid_properties")
    return names


def parse_sortby(layer: Layer, raw: str | None) -> tuple[tuple[str, bool], ...]:
    """`sortby=-risk_level,name` (OGC API - Records / Features sorting): a leading - sorts descending,
    + or nothing ascending; only queryable fields sort."""
    if raw is None or raw.strip() == "":
        return ()
    sortable = {f.name for f in queryables(layer)}
    keys = []
    for part in raw.split(","):
        name = part.strip()
        descending = name.startswith("-")
        name = name.lstrip("+-").strip()
        if name not in sortable:
            raise BadRequest(_("sortby names %(name)r, which %(layer)s cannot be sorted by; see its queryables.")
                             % {"name": name, "layer": layer.id}, code="invalid_sortby")
        keys.append((name, descending))
    return tuple(keys)


def parse_bbox(raw: str | None, crs: Crs) -> Polygon | None:
    """Four numbers (or six, with heights ignored) in the axis order of `crs`, east first once parsed."""
    if raw is None or raw == "":
        return None
    try:
        numbers = [float(part) for part in raw.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) not in (4, 6):
        raise BadRequest(_("bbox must be four numbers: lower corner, upper corner."), code="invalid_bbox")
    if len(numbers) == 6:
        numbers = numbers[0:2] + numbers[3:5]
    a1, a2, b1, b2 = numbers
    minx, miny, maxx, maxy = (a2, a1, b2, b1) if crs.north_first else (a1, a2, b1, b2)
    east_min, north_min, east_max, north_max = crs.bounds
    # Written so that NaN, which fails every comparison, fails this one too.
    if not (east_min <= minx <= east_max and east_min <= maxx <= east_max
            and north_min <= miny <= north_max and north_min <= maxy <= north_max):
        raise BadRequest(_("bbox is outside %(bounds)s in %(uri)s (east, north; check the axis order).")
                         % {"bounds": crs.bounds, "uri": crs.uri},
                         code="invalid_bbox")
    if minx > maxx or miny > maxy:
        raise BadRequest(_("bbox must give the lower corner first (a bbox across the antimeridian is not supported)."),
                         code="invalid_bbox")
    polygon = Polygon.from_bbox((minx, miny, maxx, maxy))
    polygon.srid = crs.srid  # Another SRID is transformed by PostGIS, with the number, inside the query.
    return polygon


def parse_datetime(raw: str | None) -> tuple[datetime | None, datetime | None]:
    """An instant, a date (its whole day) or an interval `start/end` with `..` or nothing for an open end."""
    if raw is None or raw == "":
        return None, None
    if "/" not in raw:
        start, end = _moment(raw, end=False), _moment(raw, end=True)
        return start, end
    first, second = raw.partition("/")[::2]
    start = None if first in ("", "..") else _moment(first, end=False)
    end = None if second in ("", "..") else _moment(second, end=True)
    if start is None and end is None:
        raise BadRequest(_("datetime needs at least one closed end."), code="invalid_datetime")
    if start is not None and end is not None and start > end:
        raise BadRequest(_("datetime interval starts after it ends."), code="invalid_datetime")
    return start, end


def _moment(text: str, end: bool) -> datetime:
    """RFC 3339 date-time; a bare date means its whole day, naive times the server's time zone."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(_("datetime %(text)r is not an RFC 3339 date or date-time.")
                         % {"text": text}, code="invalid_datetime") from None
    validation.query_date(moment.date(), "datetime")
    if len(text) == 10:
        moment = datetime.combine(moment.date(), time.max if end else time.min)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def parse_value(prop: Field, raw: str):
    if prop.type == "integer":
        try:
            value = int(raw)
        except ValueError:
            raise BadRequest(_("%(name)s must be a whole number.")
                             % {"name": prop.name}, code="invalid_property") from None
        if not prop.minimum <= value <= prop.maximum:
            raise BadRequest(_("%(name)s must be between %(minimum)s and %(maximum)s.")
                             % {"name": prop.name, "minimum": prop.minimum, "maximum": prop.maximum},
                             code="invalid_property")
        return value
    if prop.type == "number":
        try:
            number = float(raw)
        except ValueError:
            raise BadRequest(_("%(name)s must be a number.") % {"name": prop.name}, code="invalid_property") from None
        if not math.isfinite(number):
            raise BadRequest(_("%(name)s must be a finite number.") % {"name": prop.name}, code="invalid_property")
        return number
    if prop.type == "date":
        try:
            day = date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise BadRequest(_("%(name)s must be a date YYYY-MM-DD.") % {"name": prop.name}, code="invalid_property")
        first, last = validation.QUERY_DATES
        if not first <= day <= last:
            raise BadRequest(_("%(name)s must lie between %(first)s and %(last)s.")
                             % {"name": prop.name, "first": first, "last": last}, code="invalid_property")
        return day
    if prop.type == "boolean":
        if raw.lower() not in ("true", "false"):
            raise BadRequest(_("%(name)s must be true or false.") % {"name": prop.name}, code="invalid_property")
        return raw.lower() == "true"
    return raw
