"""Large transactions a center's system feeds daily, as NDJSON: checked row by row as they stream in
(geo_server.feeds), all or nothing, idempotent on (center, the center's transaction id): a row sent
again is a duplicate, never a second transaction. The counterparty is kept masked and as a keyed
hash, never as sent."""

import hashlib
import hmac
from decimal import Decimal, InvalidOperation
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from geo_server.errors import Forbidden
from geo_server.features.personal import mask
from geo_server.feeds.loading import invalid_rows
from geo_server.feeds.streams import Errors, RowError, RowKind, choice, moment, rows, text
from geo_server.sectors.funds.returns_cells import MONEY_BELOW
from geo_server.sectors.funds.returns_store import writable_centers
from geo_server.supervision.evaluation import evaluate_after_commit

MAX_BYTES = 64 * 1024 * 1024


def amount(value) -> Decimal:
    try:
        parsed = Decimal(value) if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool) else None
    except InvalidOperation:
        parsed = None
    if parsed is None or not parsed.is_finite() or not 0 < parsed < MONEY_BELOW:
        raise RowError("must be an amount in yuan above 0")
    if parsed != parsed.quantize(Decimal("0.01")):
        raise RowError("has more than 2 decimal places")
    return parsed


TRANSACTION = RowKind("transaction", (
    ("center", text(40)), ("txn_id", text(64)), ("occurred_at", moment), ("direction", choice("in", "out")),
    ("amount", amount), ("counterparty", text(120, required=False)),
))

MERGE = """
WITH added AS (
    INSERT INTO funds_largetransaction (center_id, txn_id, occurred_at, direction, amount, counterparty_masked,
                                        counterparty_hash, received_at)
    SELECT * , now() FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[], %s::text[], %s::numeric[], %s::text[],
                                 %s::text[])
    ON CONFLICT (center_id, txn_id) DO NOTHING
    RETURNING center_id
)
SELECT count(*), COALESCE(array_agg(DISTINCT center_id), '{}') FROM added
"""


@dataclass
class Received:
    received: int = 0
    inserted: int = 0
    center_ids: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"received": self.received, "inserted": self.inserted, "duplicates": self.received - self.inserted}


def counterparty(name: str) -> tuple[str, str]:
    if not name:
        return "", ""
    key = settings.GEO_SERVER["ID_HASH_KEY"].encode()
    return mask(name, keep_start=1, keep_end=1)[:80], hmac.new(key, name.encode(), hashlib.sha256).hexdigest()


def ingest_transactions(stream, gzipped: bool, user) -> Received:
    """Store the body's transactions, all or nothing: any bad row, or a center not the caller's, stores none."""
    centers = writable_centers(user)
    if not centers:
        raise Forbidden(_("Only a fund center's own system sends its transactions."), code="not_a_center")
    errors, columns, outcome = Errors(), [[] for _i in range(7)], Received()
    for line, (code, txn_id, occurred_at, direction, value, party) in rows(TRANSACTION, stream, "ndjson", gzipped,
                                                                           MAX_BYTES, errors):
        if code not in centers:
            errors.add(line, "center", "not a fund center you may send for")
            continue
        outcome.received += 1
        for column, item in zip(columns, (centers[code], txn_id, occurred_at, direction, value,
                                          *counterparty(party))):
            column.append(item)
    if errors.count:
        raise invalid_rows(errors)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(MERGE, columns)
        outcome.inserted, outcome.center_ids = cursor.fetchone()
        evaluate_after_commit(outcome.center_ids)
    return outcome
