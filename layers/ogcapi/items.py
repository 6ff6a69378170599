"""Items of a collection, and all the items SQL.

PostGIS writes every geometry (`ST_AsGeoJSON` of `ST_Transform` to a numeric SRID) and every
properties object; Python only splices the texts together (geo_server/features/geojson.py's
habit). Rows come from `layer.rows(user)`, so jurisdiction is decided in features.scoping.
Paging is keyset on the primary key (`after`/`before` an id): a page near the end costs what the
first page costs, where OFFSET would read and discard every row before it. A listing sorted by
`sortby` pages by `offset` instead (its order is not the id's).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldError, ValidationError
from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from geo_server.db_router import read_connection
from geo_server.errors import BadRequest, NotFound
from geo_server.features.geojson import dumps
from geo_server.features.scoping import scope_key
from layers.catalogue import Layer
from layers.ogcapi.crs import Crs
from layers.ogcapi.query import ItemsQuery, is_temporal
from layers.tiles import data_version

GEOJSON = "application/geo+json"
# The parameters that choose a page of a listing, not its rows; and how long a listing's count is kept.
PAGING = ("after", "before", "offset", "limit", "f")
COUNT_SECONDS = 30
HTML = "text/html"

FEATURES_SQL = """
SELECT src.id, ST_AsGeoJSON({geometry}, %s, 0), json_build_object({properties})::text
FROM ({rows}) AS src ORDER BY src.id
"""


@dataclass(frozen=True)
class Document:
    """A GeoJSON document: its top-level members and its features as ready-made JSON texts."""

    members: dict
    features: list[str]

    def text(self) -> str:
        head = dumps({"type": "FeatureCollection", **self.members})[:-1]
        return head + ',"features":[' + ",".join(self.features) + "]}"


def matching_ids(layer: Layer, user, query: ItemsQuery) -> QuerySet:
    """Ids of the rows the filters select, ordered by id.

    Built on the layer's scoped rows without the joins that only feed published values: with
    them PostgreSQL walks the primary key across every other kind (30,000 river reaches before
    the first building) instead of the (kind, id) index.
    """
    sources = {f.name: f.source for f in layer.fields}
    rows = layer.rows_for(user).filter(layer.defaults(query.properties))
    if query.bbox is not None:
        rows = rows.filter(geom__intersects=query.bbox)
    if query.start is not None:
        rows = rows.filter(updated_at__gte=query.start)
    if query.end is not None:
        rows = rows.filter(updated_at__lte=query.end)
    rows = rows.filter(**{sources[name]: value for name, value in query.properties.items()})
    if query.filter is not None:
        try:
            rows = rows.filter(query.filter)
        except (ValueError, TypeError, ValidationError, FieldError) as error:  # a literal of the wrong type
            raise BadRequest(_("filter compares a value of the wrong type: %(reason)s") % {"reason": error}, code="invalid_filter") from None
    return rows.values("id").order_by("id")


def sort_order(layer: Layer, query: ItemsQuery) -> list:
    """ORDER BY the sortby keys (over their ORM paths, NULLs last either way), then the id."""
    sources = {f.name: f.source for f in layer.fields}
    keys = [F(sources[name]).desc(nulls_last=True) if descending else F(sources[name]).asc(nulls_last=True)
            for name, descending in query.sortby]
    return [*keys, "id"]


def feature_texts(layer: Layer, rows: QuerySet, crs: Crs, fields: tuple[str, ...] | None = None,
                  ) -> list[tuple[int, str]]:
    """(id, GeoJSON Feature text) for each row, ordered by id; only `fields` among the properties
    when given."""
    try:
        rows_sql, rows_params = rows.query.sql_with_params()
    except EmptyResultSet:  # Django proved the filter matches nothing (risk_level=-1): there is no SQL to run.
        return []
    geometry = "ST_Transform(src.geom, %s)"
    if crs.north_first:
        geometry = f"ST_FlipCoordinates({geometry})"
    chosen = [f for f in layer.fields if fields is None or f.name in fields]
    properties = ", ".join(f"'{f.name}', src.{connection.ops.quote_name(f.name)}" for f in chosen)
    sql = FEATURES_SQL.format(geometry=geometry, properties=properties, rows=rows_sql)
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [crs.srid, crs.precision, *rows_params])
        return [(fid, f'{{"type":"Feature","id":{fid},"geometry":{geojson},"properties":{props}}}')
                for fid, geojson, props in cursor.fetchall()]


def matched_count(ids: QuerySet, key: str) -> int | None:
    """Exact up to OGC_EXACT_COUNT_LIMIT, None above it: the cost stays bounded on a million rows.

    Kept COUNT_SECONDS under `key` (count_key): the pages of one listing match the same rows, and a
    client paging through them (GDAL asks page after page) had every page count them again."""
    found = cache.get(key)
    if found is not None:
        return found[0]
    cap = settings.GEO_SERVER["OGC_EXACT_COUNT_LIMIT"]
    count = ids.order_by()[: cap + 1].count()
    matched = count if count <= cap else None
    cache.set(key, (matched,), COUNT_SECONDS)
    return matched


def count_key(layer: Layer, user, params: dict) -> str:
    """What the matches depend on: the layer, the user's scope, today (the hazards' overdue), every
    parameter but the paging ones, and the data version (replaced by every write to features, hazards,
    zones, areas and basins)."""
    kept = sorted((name, value) for name, value in params.items() if name not in PAGING)
    text = f"{layer.id}|{scope_key(user)}|{timezone.localdate()}|{kept!r}|{data_version()}"
    return "ogc-count:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def items_page(layer: Layer, user, query: ItemsQuery, params: dict, url: str) -> Document:
    """One page of items; `params` are the request's parameters, kept in every link; `url` the items URL."""
    if query.has_time and not is_temporal(layer):
        # OGC API Part 1: a feature without temporal information never matches a datetime filter.
        return Document({"numberMatched": 0, "numberReturned": 0, "timeStamp": _now(),
                         "links": page_links(url, params, [], query, False)}, [])
    ids = matching_ids(layer, user, query)
    if query.hits:
        return Document({"numberMatched": ids.count(), "numberReturned": 0, "timeStamp": _now(),
                         "links": page_links(url, params, [], query, False)}, [])
    if query.sortby:
        page_ids = list(ids.order_by(*sort_order(layer, query)).values_list("id", flat=True)[
            query.offset: query.offset + query.limit + 1])
        found = dict(feature_texts(layer, layer.rows(user, query.properties).filter(id__in=page_ids), query.crs,
                                   query.fields))
        features = [(fid, found[fid]) for fid in page_ids if fid in found]
    else:
        if query.before is not None:
            window = ids.filter(id__lt=query.before).order_by("-id")
        else:
            window = ids.filter(id__gt=query.after or 0)
        # The page's ids first (an index-only scan on (kind, id) for a whole layer), then their rows.
        page_ids = window[: query.limit + 1]
        features = feature_texts(layer, layer.rows(user, query.properties).filter(id__in=page_ids), query.crs,
                                 query.fields)
    more = len(features) > query.limit
    if more:
        features = features[1:] if query.before is not None else features[:-1]
    # A first page that holds every match counts them itself: no count query.
    complete = not more and not query.offset and query.after is None and query.before is None
    members = {"numberMatched": len(features) if complete else matched_count(ids, count_key(layer, user, params)),
               "numberReturned": len(features),
               "timeStamp": _now()}
    if members["numberMatched"] is None:
        del members["numberMatched"]
    members["links"] = page_links(url, params, features, query, more)
    return Document(members, [text for _fid, text in features])


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds").replace("+00:00", "Z")


def page_links(url: str, params: dict, features: list, query: ItemsQuery, more: bool) -> list[dict]:
    kept = {name: value for name, value in params.items() if name not in ("f", "after", "before", "offset")}
    links = _both("self", url, {**kept, **_cursor(query)}, "alternate")
    if query.sortby:
        if more:
            links += _both("next", url, {**kept, "offset": query.offset + query.limit})
        if query.offset:
            links += _both("prev", url, {**kept, "offset": max(0, query.offset - query.limit)})
    elif features:
        first_id, last_id = features[0][0], features[-1][0]
        forward = query.before is None
        if (forward and more) or not forward:
            links += _both("next", url, {**kept, "after": last_id})
        if (not forward and more) or (forward and query.after is not None):
            links += _both("prev", url, {**kept, "before": first_id})
    return links


def _cursor(query: ItemsQuery) -> dict:
    if query.sortby:
        return {"offset": query.offset} if query.offset else {}
    if query.before is not None:
        return {"before": query.before}
    return {"after": query.after} if query.after is not None else {}


def _both(rel: str, url: str, params: dict, html_rel: str | None = None) -> list[dict]:
    """The same link as GeoJSON and as HTML (GDAL picks the GeoJSON one among several `next`)."""
    return [
        {"rel": rel, "type": GEOJSON, "title": "GeoJSON", "href": f"{url}?{urlencode({**params, 'f': 'json'})}"},
        {"rel": html_rel or rel, "type": HTML, "title": "HTML", "href": f"{url}?{urlencode({**params, 'f': 'html'})}"},
    ]


def single_item(layer: Layer, user, fid: int, crs: Crs, url: str, collection_url: str) -> str:
    """The Feature text, with its links, of one item the user may see; NotFound otherwise."""
    # Asked by id, an item is found whatever the layer's default filters would hide.
    found = feature_texts(layer, layer.rows(user, layer.default_filter_names).filter(id=fid), crs)
    if not found:
        raise NotFound(_("No item %(fid)s in collection %(id)s that you may see.")
                       % {"fid": fid, "id": layer.id}, code="item_not_found")
    params = {} if crs.uri.endswith("CRS84") else {"crs": crs.uri}
    links = _both("self", url, params, "alternate") + [
        {"rel": "collection", "type": "application/json", "title": layer.title_zh, "href": collection_url},
    ]
    return found[0][1][:-1] + ',"links":' + dumps(links) + "}"
