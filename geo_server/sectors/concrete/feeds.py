"""What a plant's control system sends, row by row: batches, batching records, material lots, tests
(self-tests, specimen groups, chloride tests, told apart by `type`) and line heartbeats, as NDJSON.

Each field has its check and the SQL type it is staged as; a part's `cross` check relates fields of
one row. References to the plant's own data (lines, mixes, orders, lots, batches) are checked in
SQL once the rows are staged (ingest_sql.REFERENCE_CHECKS): one query, not one per row. The stream
itself (chunks, gzip, lines, JSON) is read by the core's geo_server.feeds.streams, as the wage feeds read theirs.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from geo_server.feeds.streams import Errors, RowError, checked, choice, day, moment, records, text
from geo_server.sectors.concrete import specimens
from geo_server.sectors.concrete.models import GRADES, MaterialType

LATEST_EXPIRY = date(2100, 1, 1)


def optional(check: Callable, default=None) -> Callable:
    def check_optional(value):
        return default if value is None or value == "" else check(value)

    return check_optional


def number(places: int, below: int, positive: bool = False) -> Callable:
    """A decimal in [0, below) (or (0, below)) with at most `places` decimal places."""
    step = Decimal(1).scaleb(-places)

    def check(value):
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise RowError("must be a number")
        try:
            parsed = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            raise RowError("must be a number") from None
        if not parsed.is_finite() or parsed < 0 or parsed >= below or (positive and parsed == 0):
            raise RowError(f"must be {'more than' if positive else 'at least'} 0 and less than {below}")
        if parsed != parsed.quantize(step):
            raise RowError(f"has more than {places} decimal places")
        return parsed.quantize(step)

    return check


def flag(value) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise RowError("must be true or false")
    return value


def whole(low: int, high: int) -> Callable:
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise RowError(f"must be a whole number from {low} to {high}")
        return value

    return check


def expiry(value) -> date:
    """A date that may lie in the future (a certificate's expiry)."""
    try:
        parsed = date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or not date(2000, 1, 1) <= parsed < LATEST_EXPIRY:
        raise RowError("must be a date YYYY-MM-DD between 2000 and 2099")
    return parsed


def derived(_value):
    """A column the server computes (a specimen group's value): whatever was sent is ignored."""
    return None


def recorded_now(value):
    """When the plant recorded the lot; the time it reached us when it does not say."""
    return timezone.now() if value is None or value == "" else moment(value)


class CrossError(RowError):
    def __init__(self, field_name: str, reason: str):
        super().__init__(reason)
        self.field_name = field_name


@dataclass(frozen=True)
class Part:
    """One kind of row: its fields (JSON name = staging column, check, SQL type), in staging order,
    and an optional check across fields that may complete the row (values by name)."""

    name: str
    fields: tuple[tuple[str, Callable, str], ...]
    cross: Callable[[dict], None] | None = None

    @cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name, _check, _type in self.fields)

    @cached_property
    def plant_index(self) -> int:
        return self.columns.index("plant")

    def staging_columns(self) -> str:
        return ", ".join(["line_no int"] + [f"{'plant_id' if name == 'plant' else name} "
                                            f"{'bigint' if name == 'plant' else sql}"
                                            for name, _check, sql in self.fields])


def _ticket(values: dict) -> None:
    if values["ticket_no"] and values["delivered_at"] is None:
        raise CrossError("delivered_at", "missing (the row has a delivery ticket)")
    if not values["ticket_no"] and (values["site"] or values["truck"] or values["delivered_at"]):
        raise CrossError("ticket_no", "missing (the row has delivery fields)")


def _self_test(values: dict) -> None:
    if values["passed"] is None:
        if values["limit_value"] is None:
            raise CrossError("passed", "missing (and no limit to judge the result by)")
        over = values["result"] > values["limit_value"]
        under = values["result"] < values["limit_value"]
        values["passed"] = not (over if values["limit_kind"] == "max" else under)


def _specimen(values: dict) -> None:
    cubes = [values[f"strength_{i}_mpa"] for i in (1, 2, 3)]
    given = [cube is not None for cube in cubes]
    if any(given) and not all(given):
        raise CrossError(f"strength_{given.index(False) + 1}_mpa", "missing (give all three cubes or none)")
    if all(given) and values["test_date"] is None:
        raise CrossError("test_date", "missing (the row has strengths)")
    if values["test_date"] is not None and not all(given):
        raise CrossError("strength_1_mpa", "missing (the row has a test date)")
    if values["test_date"] is not None and values["test_date"] < values["cast_date"]:
        raise CrossError("test_date", "before the cast date")
    value = specimens.group_value(cubes) if all(given) else None
    values["group_value_mpa"], values["invalid"] = value, all(given) and value is None


def _chloride(values: dict) -> None:
    if bool(values["serial"]) == bool(values["mix"]):
        raise CrossError("serial", "give either a batch serial or a mix code")


CODE = text(40)
OPTIONAL_CODE = text(40, required=False)
MATERIALS = choice(*MaterialType.values)
KG = number(2, 10_000_000)

BATCHES = Part("batches", (
    ("serial", CODE, "text"), ("plant", CODE, ""), ("line", OPTIONAL_CODE, "text"),
    ("produced_at", moment, "timestamptz"), ("mix", OPTIONAL_CODE, "text"),
    ("grade", optional(choice(*GRADES), ""), "text"),
    ("volume_m3", optional(number(2, 1000, positive=True)), "numeric"),
    ("order_no", text(64, required=False), "text"), ("shift", text(20, required=False), "text"),
    ("ticket_no", text(64, required=False), "text"), ("site", OPTIONAL_CODE, "text"),
    ("truck", text(20, required=False), "text"), ("delivered_at", optional(moment), "timestamptz"),
), _ticket)
BATCHING = Part("batching", (
    ("record_id", text(64), "text"), ("plant", CODE, ""), ("serial", CODE, "text"), ("line", OPTIONAL_CODE, "text"),
    ("material_type", MATERIALS, "text"), ("lot", text(64, required=False), "text"),
    ("target_kg", KG, "numeric"), ("actual_kg", KG, "numeric"), ("batched_at", moment, "timestamptz"),
))
LOTS = Part("lots", (
    ("lot_id", text(64), "text"), ("plant", CODE, ""), ("material_type", MATERIALS, "text"),
    ("supplier", text(18, required=False), "text"), ("supplier_name", text(120, required=False), "text"),
    ("specification", text(60, required=False), "text"),
    ("quantity_t", number(3, 10_000_000, positive=True), "numeric"),
    ("supplier_lot_no", text(60, required=False), "text"), ("weighbridge_ticket", text(60, required=False), "text"),
    ("arrived_at", moment, "timestamptz"), ("recorded_at", recorded_now, "timestamptz"),
    ("manufactured_on", optional(day), "date"), ("has_certificate", flag, "boolean"),
    ("certificate_no", text(60, required=False), "text"), ("has_test_report", flag, "boolean"),
    ("sand_certificate_no", text(60, required=False), "text"),
    ("sand_certificate_expires_on", optional(expiry), "date"), ("mb_value", optional(number(2, 100)), "numeric"),
    ("stone_powder_pct", optional(number(1, 100)), "numeric"),
))
SELF_TESTS = Part("self_test", (
    ("test_id", text(64), "text"), ("plant", CODE, ""), ("lot", text(64), "text"), ("item", text(40), "text"),
    ("result", number(3, 10_000_000), "numeric"), ("limit_value", optional(number(3, 10_000_000)), "numeric"),
    ("limit_kind", optional(choice("max", "min"), "max"), "text"), ("passed", optional(flag), "boolean"),
    ("tested_at", moment, "timestamptz"),
), _self_test)
CUBE = optional(number(1, 200, positive=True))
SPECIMENS = Part("specimen", (
    ("group_id", text(64), "text"), ("plant", CODE, ""), ("serial", CODE, "text"), ("cast_date", day, "date"),
    ("curing", optional(choice("standard", "same-condition"), "standard"), "text"),
    ("age_days", optional(whole(1, 365), 28), "smallint"), ("test_date", optional(day), "date"),
    ("strength_1_mpa", CUBE, "numeric"), ("strength_2_mpa", CUBE, "numeric"), ("strength_3_mpa", CUBE, "numeric"),
    ("group_value_mpa", derived, "numeric"), ("invalid", derived, "boolean"),
), _specimen)
CHLORIDES = Part("chloride", (
    ("test_id", text(64), "text"), ("plant", CODE, ""), ("serial", OPTIONAL_CODE, "text"),
    ("mix", OPTIONAL_CODE, "text"),
    ("method", optional(choice("measured", "computed"), "measured"), "text"),
    ("chloride_pct", number(3, 100), "numeric"), ("tested_at", moment, "timestamptz"),
), _chloride)
HEARTBEATS = Part("heartbeats", (
    ("line", CODE, "text"), ("plant", CODE, ""), ("at", moment, "timestamptz"),
    ("last_serial", OPTIONAL_CODE, "text"),
))

# Feed -> its parts by the row's `type` (None: the feed has one part and no `type`).
FEEDS = {
    "batches": {None: BATCHES}, "batching": {None: BATCHING}, "lots": {None: LOTS},
    "tests": {"self_test": SELF_TESTS, "specimen": SPECIMENS, "chloride": CHLORIDES},
    "heartbeats": {None: HEARTBEATS},
}


def row(part: Part, checks: list, record: dict, number_: int, errors: Errors) -> tuple | None:
    """The row's values in staging order, or None when a field (or the fields together) is bad."""
    values = checked(checks, record, number_, errors)
    if values is None or part.cross is None:
        return values
    named = dict(zip(part.columns, values))
    try:
        part.cross(named)
    except CrossError as error:
        errors.add(number_, error.field_name, str(error))
        return None
    return tuple(named[name] for name in part.columns)


def rows(feed: str, stream, gzipped: bool, limit: int, errors: Errors) -> Iterator[tuple[int, Part, tuple]]:
    """(line, part, checked row) of an NDJSON body, one at a time; bad rows go into `errors`."""
    parts = FEEDS[feed]
    checks = {part.name: [(name, check) for name, check, _sql in part.fields] for part in parts.values()}
    for number_, record in records(stream, "ndjson", gzipped, limit, errors):
        kind = record.get("type") if None not in parts else None
        part = parts.get(kind) if isinstance(kind, str) or kind is None else None
        if part is None:
            errors.add(number_, "type", "must be one of " + ", ".join(sorted(parts)))
            continue
        values = row(part, checks[part.name], record, number_, errors)
        if values is not None:
            yield number_, part, values
