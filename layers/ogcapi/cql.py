"""OGC API - Features Part 3 filtering: `filter` in CQL2 text or JSON, parsed by pygeofilter into a
Django Q over the published fields' ORM paths. The Q narrows the same scoped queryset every other
items parameter narrows (features.scoping decides the rows), so a filter can only select among what
the user may see, and no filter text ever reaches SQL: values travel as query parameters.

Queryables are the layer's published fields of a comparable type and `geometry` (spatial predicates,
CRS84 only: `filter-crs` may name nothing else).
"""

import json
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from lark.exceptions import LarkError
from pygeofilter import ast
from pygeofilter.backends.django import to_filter
from pygeofilter.parsers.cql2_json import parse as parse_json
from pygeofilter.parsers.cql2_text import parse as parse_text

from geo_server.errors import BadRequest
from layers.catalogue import Layer
from layers.ogcapi.crs import CRS84

FILTER_PARAMS = {"filter", "filter-lang", "filter-crs"}
LANGUAGES = {"cql2-text": parse_text, "cql2-json": lambda text: parse_json(json.loads(text))}
GEOMETRY = "geometry"
# A filter longer than this is refused before parsing (lark's parser is linear, but memory is not free).
MAX_FILTER_CHARACTERS = 20_000
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
)


def parse_filter(layer: Layer, query, queryable_names: set[str]) -> Q | None:
    """The `filter` parameter as a Q over ORM paths, or None when there is none."""
    text = query.get("filter")
    language = query.get("filter-lang") or "cql2-text"
    if language not in LANGUAGES:
        raise BadRequest(_("filter-lang must be one of %(languages)s.") % {"languages": ", ".join(LANGUAGES)}, code="invalid_filter_lang")
    crs = query.get("filter-crs")
    if crs and crs != CRS84.uri:
        raise BadRequest(_("filter-crs must be %(crs)s.") % {"crs": CRS84.uri}, code="invalid_filter_crs")
    if text is None or text == "":
        return None
    if len(text) > MAX_FILTER_CHARACTERS:
        raise BadRequest(_("filter is longer than %(limit)s characters.") % {"limit": MAX_FILTER_CHARACTERS}, code="invalid_filter")
    try:
        tree = LANGUAGES[language](text)
    except (LarkError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise BadRequest(_("filter is not valid %(language)s: %(reason)s") % {"language": language,
                                                                             "reason": _first_line(error)}, code="invalid_filter") from None
    names = set(attributes(tree))
    unknown = sorted(names - queryable_names - {GEOMETRY})
    if unknown:
        raise BadRequest(_("filter names %(names)s, which %(layer)s cannot be filtered on; see its queryables.")
                         % {"names": ", ".join(unknown), "layer": layer.id}, code="invalid_filter")
    types = {f.name: f.type for f in layer.fields if f.name in queryable_names}
    for name, value in compared_values(tree):
        if name in types and not _fits(types[name], value):
            raise BadRequest(_("filter compares %(name)s (%(type)s) with %(value)r.")
                             % {"name": name, "type": types[name], "value": value}, code="invalid_filter")
    mapping = {f.name: f.source for f in layer.fields if f.name in queryable_names} | {GEOMETRY: "geom"}
    try:
        return to_filter(tree, mapping)
    except (ValueError, TypeError, KeyError, NotImplementedError, AttributeError) as error:
        raise BadRequest(_("filter cannot be applied: %(reason)s") % {"reason": _first_line(error)}, code="invalid_filter") from None


def attributes(node):
    """Every attribute name the filter tree compares."""
    if isinstance(node, ast.Attribute):
        yield node.name
    elif isinstance(node, ast.Node):
        for sub in node.get_sub_nodes():
            yield from attributes(sub)
    elif isinstance(node, (list, tuple)):
        for sub in node:
            yield from attributes(sub)


# The Python values pygeofilter gives for literals a field of each type may be compared with.
ACCEPTS = {"integer": (int,), "number": (int, float), "string": (str,), "boolean": (bool,), "date": (date,)}


def compared_values(node):
    """(attribute name, literal) for every comparison of an attribute with literals (=, <, IN,
    BETWEEN); LIKE patterns are text against any field and are left out."""
    if isinstance(node, ast.Like):
        return
    if isinstance(node, ast.Node):
        lhs = getattr(node, "lhs", None)
        if isinstance(lhs, ast.Attribute):
            for name in ("rhs", "low", "high", "sub_nodes"):
                values = getattr(node, name, None)
                for value in values if isinstance(values, list) else [values]:
                    if value is not None and not isinstance(value, (ast.Node, dict)):
                        yield lhs.name, value
        for sub in node.get_sub_nodes():
            yield from compared_values(sub)
    elif isinstance(node, (list, tuple)):
        for sub in node:
            yield from compared_values(sub)


def _fits(kind: str, value) -> bool:
    if isinstance(value, bool) and kind != "boolean":
        return False
    return isinstance(value, ACCEPTS.get(kind, (str,)))


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
