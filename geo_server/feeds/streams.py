"""Rows as devices, banks and plants send them (NDJSON or CSV, maybe gzip), read as a stream and
checked row by row: the part every sector's feed shares (worksites' wage feeds, concrete's
production feeds).

Nothing here holds the body: lines are cut from fixed-size chunks, each row is checked and handed on
at once. Errors name the line, the field and the reason, never the value.
"""

import csv
import json
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from time import monotonic
from typing import Callable, Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest, PayloadTooLarge
from geo_server.validation import EARLIEST_RECORD, FORBIDDEN_TEXT, RECORD_FUTURE_TOLERANCE

CHUNK_BYTES = 1 << 20
MAX_LINE_BYTES = 64 * 1024
FORMATS = ("ndjson", "csv")


class RowError(ValueError):
    """A field's value is unusable; the message is the reason (never the value)."""


@dataclass
class Errors:
    """Every bad row's (line, field, reason), the first `cap` of them kept."""

    cap: int = 1000
    count: int = 0
    rows: list = field(default_factory=list)

    def add(self, line: int, name: str, reason: str) -> None:
        self.count += 1
        if len(self.rows) < self.cap:
            self.rows.append({"line": line, "field": name, "reason": reason})


# --- Lines out of a stream ------------------------------------------------------------------------


def chunks(stream, gzipped: bool, limit: int) -> Iterator[bytes]:
    """The body's bytes, inflated on the way when gzipped; 413 once more than `limit` bytes came out."""
    raws = iter(lambda: stream.read(CHUNK_BYTES), b"")
    total = 0
    for piece in (_gunzip(raws) if gzipped else raws):
        total += len(piece)
        if total > limit:
            raise PayloadTooLarge(_("The rows are larger than %(limit)d bytes.") % {"limit": limit})
        yield piece


def _gunzip(raws: Iterator[bytes]) -> Iterator[bytes]:
    """Inflate gzip members one after another (`cat a.gz b.gz` is valid gzip), at most CHUNK_BYTES at
    a time, so a small bomb never inflates at once; a truncated or corrupt body is a 400."""
    inflater, midway = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16), False
    try:
        for raw in raws:
            while raw:
                midway = True
                piece = inflater.decompress(raw, CHUNK_BYTES)
                if piece:
                    yield piece
                if inflater.eof:
                    raw, midway = inflater.unused_data, False
                    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
                else:
                    raw = inflater.unconsumed_tail
    except zlib.error:
        raise BadRequest(_("The body is not valid gzip."), code="bad_gzip") from None
    if midway:
        raise BadRequest(_("The body is not valid gzip (cut short)."), code="bad_gzip")


def lines(pieces: Iterable[bytes], errors: Errors) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes without the line break); an overlong line is reported and skipped."""
    number, rest, overlong = 0, b"", False
    for piece in pieces:
        parts = (rest + piece).split(b"\n")
        rest = parts.pop()
        for part in parts:
            number += 1
            if overlong:
                overlong = False
                errors.add(number, "", f"line longer than {MAX_LINE_BYTES} bytes")
            else:
                yield number, part
        if len(rest) > MAX_LINE_BYTES:
            rest, overlong = b"", True
    if rest or overlong:
        number += 1
        if overlong:
            errors.add(number, "", f"line longer than {MAX_LINE_BYTES} bytes")
        else:
            yield number, rest


def decoded(numbered: Iterable[tuple[int, bytes]], errors: Errors) -> Iterator[tuple[int, str]]:
    for number, raw in numbered:
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield number, raw.rstrip(b"\r").decode("utf-8")
        except UnicodeDecodeError:
            errors.add(number, "", "not UTF-8")


# --- Records out of lines -------------------------------------------------------------------------


def _no_constant(name):
    raise ValueError(name)


# One decoder for every line: json.loads with options builds a new one per call.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)


def ndjson_records(numbered: Iterable[tuple[int, str]], errors: Errors) -> Iterator[tuple[int, dict]]:
    # A line that is one object with nothing around it (what devices send) goes straight to the C
    # scanner: decode() and raw_decode() around it cost as much as the scan (bench/README.md).
    decode, scan = _DECODER.decode, _DECODER.scan_once
    for number, text in numbered:
        record = None
        if text[:1] == "{" and text[-1:] == "}":
            try:
                record, end = scan(text, 0)
            except (StopIteration, ValueError, RecursionError):
                errors.add(number, "", "not a JSON object")
                continue
            if end != len(text):
                errors.add(number, "", "not a JSON object")
                continue
        else:
            if not text or text.isspace():
                continue
            try:
                record = decode(text)
            except (ValueError, RecursionError):
                errors.add(number, "", "not a JSON object")
                continue
        if not isinstance(record, dict):
            errors.add(number, "", "not a JSON object")
            continue
        yield number, record


def csv_records(numbered: Iterable[tuple[int, str]], errors: Errors, columns: Iterable[str]) -> Iterator[tuple[int, dict]]:
    """Rows of a CSV with a header row; a row's number is the line it ends on."""
    state = {"line": 0}

    def texts():
        for number, text in numbered:
            state["line"] = number
            yield text

    reader = csv.reader(texts(), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return
    except csv.Error:
        errors.add(state["line"], "", "the header row is not CSV")
        return
    missing = [name for name in columns if name not in header]
    for name in missing:
        errors.add(state["line"], name, "column missing from the header row")
    if missing:
        return
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            errors.add(state["line"], "", "not a CSV row")
            continue
        if not values or values == [""]:
            continue
        if len(values) != len(header):
            errors.add(state["line"], "", f"{len(values)} values for {len(header)} columns")
            continue
        yield state["line"], dict(zip(header, values))


# --- Fields ---------------------------------------------------------------------------------------


def text(max_length: int, required: bool = True) -> Callable:
    def check(value):
        if type(value) is str and value.isascii() and "\x00" not in value:
            # The common case, without the regex: ASCII holds no surrogate, and no NUL was found.
            stripped = value.strip()
            if 0 < len(stripped) <= max_length:
                return stripped
        if value is None or value == "":
            if required:
                raise RowError("missing")
            return ""
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise RowError("must be text")
        value = value.strip()
        if FORBIDDEN_TEXT.search(value):
            raise RowError("contains a NUL character or an unpaired surrogate")
        if len(value) > max_length:
            raise RowError(f"longer than {max_length} characters")
        if required and not value:
            raise RowError("missing")
        return value

    return check


def choice(*options: str) -> Callable:
    canonical = {option: option for option in options}

    def check(value):
        # The option's own string, not the decoded copy: a batch's rows share it.
        found = canonical.get(value) if type(value) is str else None
        if found is None:
            raise RowError("must be one of " + ", ".join(options))
        return found

    return check


_clock = {"checked": -1.0, "latest": None}


def _latest() -> datetime:
    """The latest time a record may carry, looked up at most once a second (once per row costs)."""
    if monotonic() - _clock["checked"] > 1.0:
        _clock["latest"], _clock["checked"] = timezone.now() + RECORD_FUTURE_TOLERANCE, monotonic()
    return _clock["latest"]


def moment(value) -> datetime:
    """An ISO 8601 time with its UTC offset, within the span a record can have."""
    if not isinstance(value, str):
        raise RowError("must be an ISO 8601 time with its offset")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise RowError("must be an ISO 8601 time with its offset") from None
    if parsed.tzinfo is None:
        raise RowError("the time has no UTC offset")
    latest = _latest()
    try:
        plausible = EARLIEST_RECORD <= parsed <= latest
    except OverflowError:
        plausible = False
    if not plausible:
        raise RowError(f"must lie between {EARLIEST_RECORD.date()} and {latest.date()}")
    return parsed


def day(value) -> date:
    try:
        parsed = date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or not EARLIEST_RECORD.date() <= parsed <= (timezone.now() + RECORD_FUTURE_TOLERANCE).date():
        raise RowError("must be a date YYYY-MM-DD from 2000 on, not in the future")
    return parsed


@dataclass(frozen=True)
class RowKind:
    """A kind of row: its fields in the order they are staged, each with its check."""

    name: str
    fields: tuple[tuple[str, Callable], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name, _check in self.fields)

    def checks(self) -> list[tuple[str, Callable]]:
        """The checks for one body: a class is a check with state of its own (IdHasher), made anew."""
        return [(name, check() if isinstance(check, type) else check) for name, check in self.fields]


def checked(checks: list, record: dict, number: int, errors: Errors) -> tuple | None:
    """The row's checked values in field order, or None when any field is bad (each one reported)."""
    get = record.get
    try:
        return tuple([check(get(name)) for name, check in checks])
    except RowError:
        pass
    values, bad = [], False
    for name, check in checks:
        try:
            values.append(check(record.get(name)))
        except RowError as error:
            errors.add(number, name, str(error))
            bad = True
    return None if bad else tuple(values)


def records(stream, fmt: str, gzipped: bool, limit: int, errors: Errors,
            columns: Iterable[str] = ()) -> Iterator[tuple[int, dict]]:
    """(line, record) of an NDJSON body, or of a CSV one whose header must name `columns`."""
    numbered = decoded(lines(chunks(stream, gzipped, limit), errors), errors)
    return ndjson_records(numbered, errors) if fmt == "ndjson" else csv_records(numbered, errors, columns)


def rows(kind: RowKind, stream, fmt: str, gzipped: bool, limit: int, errors: Errors) -> Iterator[tuple[int, tuple]]:
    """(line, checked row) of a body, one at a time; bad rows are reported into `errors` and skipped."""
    checks = kind.checks()
    for number, record in records(stream, fmt, gzipped, limit, errors, kind.columns):
        row = checked(checks, record, number, errors)
        if row is not None:
            yield number, row
