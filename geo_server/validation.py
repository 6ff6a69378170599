"""The one validation layer for what clients send: request bodies, JSON, text, integers and times.

Every refusal is an ApiError with a stable code, so a bad byte anywhere answers 4xx, never 500.
PostgreSQL refuses NUL in text and psycopg cannot encode lone surrogates; a bigint holds 19 digits;
Python's `datetime` ends at year 9999; the JSON decoder recurses once per nesting level. Each of
those limits is met here, before a value reaches the database or a recursive walk.
"""

import json
import math
import re
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from django.core.exceptions import RequestDataTooBig
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest, LengthRequired, PayloadTooLarge, Unprocessable

BIGINT_MAX = 2**63 - 1
# GeoJSON needs 6 levels (FeatureCollection > features > Feature > MultiPolygon rings > ring > point);
# the deepest body the API documents is well under this.
MAX_JSON_DEPTH = 32
FORBIDDEN_TEXT = re.compile("[\x00\ud800-\udfff]")
# What a sensor, a phone or a patrol can have recorded: nothing before the system's data begin, and
# no more than a day ahead (a phone's clock set to the wrong time zone).
EARLIEST_RECORD = datetime(2000, 1, 1, tzinfo=dt_timezone.utc)
RECORD_FUTURE_TOLERANCE = timedelta(days=1)
# Dates a query may name (filters, calendar months): wide, but far from date.min/date.max, so a day
# or a month either side never overflows.
QUERY_DATES = (date(1900, 1, 1), date(2999, 12, 31))


def check_text(value: str, name: str) -> str:
    if FORBIDDEN_TEXT.search(value):
        raise BadRequest(_("%(name)s contains a NUL character or an unpaired surrogate.")
                         % {"name": name}, code="invalid_text",
                         details={"field": name})
    return value


def check_query(query) -> None:
    """Every name and value of a QueryDict (or POST form) must be storable text."""
    for name, values in query.lists():
        check_text(name, "parameter name")
        for value in values:
            check_text(value, name)


def check_body_is_readable(request) -> None:
    """A chunked body (no Content-Length) reads as empty through WSGI: refuse it instead of dropping it."""
    if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        raise LengthRequired(_("Send the body with a Content-Length (chunked transfer encoding is not supported)."))
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isascii() or not declared.isdigit():
        raise BadRequest(_("Content-Length must be a number of bytes."), code="invalid_content_length")


def read_body(request) -> bytes:
    check_body_is_readable(request)
    try:
        return request.body
    except RequestDataTooBig:
        raise PayloadTooLarge(_("The request body is larger than the server accepts.")) from None
    except RawPostDataException:  # a form, already read as one (its fields are checked by the middleware)
        raise BadRequest(_("Send the body as JSON, not as a form."), code="bad_json") from None


def read_json(request):
    """The request body as JSON: UTF-8, at most MAX_JSON_DEPTH deep, finite numbers, integers that fit
    a bigint, and text without NUL or unpaired surrogates."""
    return parse_json(read_body(request))


def parse_json(raw: bytes | str):
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        document = json.loads(text, parse_constant=_json_constant)
    except RecursionError:
        raise _too_deep() from None
    except ValueError as error:
        if isinstance(error, _NumberError):
            raise BadRequest(str(error), code="invalid_number") from None
        raise BadRequest(_("The body must be JSON (UTF-8)."), code="bad_json") from None
    if _nesting_exceeds(text, MAX_JSON_DEPTH):
        raise _too_deep()
    # Walking every value of a large polygon in Python costs seconds; the raw text shows whether any
    # value can be bad, and only then is the document walked.
    if SUSPECT_JSON.search(text):
        _check_document(document)
    return document


# A NUL or a surrogate can only enter JSON text as a \u escape (raw, they are invalid JSON or UTF-8);
# an integer beyond a bigint has 19+ digits; an infinite float a 3-digit exponent.
SUSPECT_JSON = re.compile(r"\\u(?:0000|[dD][89a-fA-F])|\d{19,}|[eE][+-]?\d{3,}")
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


class _NumberError(ValueError):
    pass


def _json_constant(name: str):
    raise _NumberError(_("%(name)s is not a JSON number.") % {"name": name})


def _too_deep() -> BadRequest:
    return BadRequest(_("The JSON is nested more than %(max_json_depth)s levels deep.")
                      % {"max_json_depth": MAX_JSON_DEPTH}, code="json_too_deep")


def _nesting_exceeds(text: str, limit: int) -> bool:
    """On valid JSON: each pass removes the innermost pairs, so `limit` passes empty any shallower text."""
    brackets = NOT_A_BRACKET.sub("", JSON_STRING.sub("", text))
    for _ in range(limit):
        if not brackets:
            return False
        brackets = brackets.replace("[]", "").replace("{}", "")
    return bool(brackets)


def _check_document(document) -> None:
    """Text, integers and floats, walked with a stack rather than recursion; an error names where."""
    stack = [(document, None)]
    while stack:
        entry = stack.pop()
        value = entry[0]
        if isinstance(value, str):
            check_text(value, _path(entry))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and not -BIGINT_MAX - 1 <= value <= BIGINT_MAX:
            raise BadRequest(_("%(path)s does not fit a 64-bit integer.")
                             % {"path": _path(entry)}, code="invalid_number")
        elif isinstance(value, float) and not math.isfinite(value):
            raise BadRequest(_("%(path)s is out of range.") % {"path": _path(entry)}, code="invalid_number")
        elif isinstance(value, dict):
            for key, item in value.items():
                check_text(key, f"{_path(entry)} (a property name)")
                stack.append((item, (key, entry)))
        elif isinstance(value, list):
            stack.extend((item, (index, entry)) for index, item in enumerate(value))


def _path(entry) -> str:
    """`actions[0].reason` for the value at that place; built only when an error names it."""
    parts = []
    while entry[1] is not None:
        key, entry = entry[1]
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    return "".join(reversed(parts)).lstrip(".") or "the body"


def json_object(request) -> dict:
    body = read_json(request)
    if not isinstance(body, dict):
        raise BadRequest(_("Send a JSON object."), code="bad_json")
    return body


def optional_text(body: dict, name: str) -> str | None:
    """A JSON text field: absent or null is None; anything but a string is a 400 naming the field."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(_("%(name)s must be text.") % {"name": name}, code=f"invalid_{name}", details={"field": name})
    return value


def plausible_time(moment: datetime, field: str) -> datetime:
    """A recorded time (sample, patrol, phone action) between EARLIEST_RECORD and a day from now."""
    latest = timezone.now() + RECORD_FUTURE_TOLERANCE
    try:
        plausible = EARLIEST_RECORD <= moment <= latest
    except OverflowError:  # an offset that pushes year 1 or 9999 out of datetime's range
        plausible = False
    if not plausible:
        raise Unprocessable(_("%(field)s must lie between %(first)s and %(last)s.")
                            % {"field": field, "first": EARLIEST_RECORD.date(), "last": latest.date()},
                            code="implausible_time", details={"field": field})
    return moment


def query_date(day: date, name: str) -> date:
    first, last = QUERY_DATES
    if not first <= day <= last:
        raise BadRequest(_("%(name)s must lie between %(first)s and %(last)s.")
                         % {"name": name, "first": first, "last": last}, code=f"invalid_{name}")
    return day


class IdConverter:
    """<id:...> in URLs: a positive bigint; anything longer is no route (404), never a database error."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > BIGINT_MAX:
            raise ValueError  # Django treats this as "no match"
        return number

    def to_url(self, value) -> str:
        return str(value)
