"""The wage feeds' rows (clock events, payments, inflows): their fields and checks. Reading the
stream is the core's (geo_server.feeds.streams); here an ID number or a bank account is reduced to its
keyed hash (and masked form) as soon as the row is read."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Callable

from django.utils import timezone

from geo_server.sectors.worksites.identity import keyed_hash, mask_account, normalise_id, valid_id
from geo_server.feeds.streams import RowError, RowKind, choice, day, moment, text
from geo_server.validation import EARLIEST_RECORD


class IdHasher:
    """ID number -> keyed hash, remembering the last few thousand: a body names the same workers day
    after day. One per body, dropped with it."""

    def __init__(self, size: int = 50_000):
        self.size, self.known = size, {}

    def __call__(self, value) -> str:
        digest = self.known.get(value)
        if digest is not None:
            return digest
        number = normalise_id(value) if isinstance(value, str) else ""
        if not valid_id(number):
            raise RowError("not an 18-character ID number with a valid check digit")
        if len(self.known) >= self.size:
            self.known.clear()
        digest = self.known[value] = keyed_hash(number)
        return digest


def month(value) -> date:
    try:
        parsed = date.fromisoformat(value.strip() + "-01") if isinstance(value, str) and len(value.strip()) == 7 else None
    except ValueError:
        parsed = None
    if parsed is None or not EARLIEST_RECORD.date() <= parsed <= timezone.localdate():
        raise RowError("must be a month YYYY-MM from 2000 on, not in the future")
    return parsed


def amount(max_digits: int) -> Callable:
    limit = Decimal(10) ** (max_digits - 2)

    def check(value):
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise RowError("must be an amount in yuan")
        try:
            number = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            raise RowError("must be an amount in yuan") from None
        if not number.is_finite() or number <= 0 or number >= limit:
            raise RowError(f"must be more than 0 and less than {limit}")
        if number != number.quantize(Decimal("0.01")):
            raise RowError("has more than 2 decimal places")
        return number.quantize(Decimal("0.01"))

    return check


def account(value) -> tuple[str, str]:
    """A bank account number as (keyed hash, masked form)."""
    digits = value.replace(" ", "") if isinstance(value, str) else ""
    if not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 32:
        raise RowError("must be a bank account number of 8 to 32 digits")
    return keyed_hash(digits), mask_account(digits)


ATTENDANCE = RowKind("attendance", (
    ("event_id", text(64)), ("site", text(40)), ("id_number", IdHasher), ("device", text(40)),
    ("method", choice("face", "fingerprint")), ("at", moment),
))
PAYMENTS = RowKind("payments", (
    ("payment_id", text(64)), ("site", text(40)), ("id_number", IdHasher), ("month", month),
    ("amount", amount(12)), ("payee_name", text(40)), ("payee_account", account), ("paid_at", moment),
))
INFLOWS = RowKind("inflows", (
    ("inflow_id", text(64)), ("site", text(40)), ("amount", amount(14)), ("received_on", day),
    ("payer", text(120, required=False)),
))
KINDS = {kind.name: kind for kind in (ATTENDANCE, PAYMENTS, INFLOWS)}
