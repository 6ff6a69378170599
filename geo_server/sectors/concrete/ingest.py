"""A plant's feed, stored: rows checked as they stream in (feeds.py), COPY'd 50,000 at a time into
temporary staging tables, their references to the plant's own data checked in SQL, then one
set-based merge per part (ingest_sql.py). All in one transaction: any bad row, or a row for a plant
outside the caller's organisation, stores nothing. After the commit the affected plants' rules run
(incremental.after_ingest): inside the request by default, so a new batch's warnings exist as soon
as the answer is sent, or in the web process's coalescing rounds.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from geo_server.errors import Forbidden
from geo_server.features.models import Feature
from geo_server.features.scoping import scope_features
from geo_server.sectors.concrete import feeds
from geo_server.sectors.concrete.incremental import after_ingest
from geo_server.sectors.concrete.ingest_sql import MERGES, REFERENCE_CHECKS
from geo_server.feeds.loading import Background, batches, invalid_rows
from geo_server.feeds.streams import Errors

PLANT_KIND = "concrete_plant"
BATCH_ROWS = 50_000
ANALYZE_ROWS = 1000
# Distinct plant codes one request may name: a control system sends for its own plant or a few.
MAX_PLANTS = 1000


def upload_limit() -> int:
    return settings.GEO_SERVER["CONCRETE_UPLOAD_MAX_BYTES"]


@dataclass
class Outcome:
    received: int = 0
    inserted: int = 0
    updated: int = 0
    plant_ids: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {"received": self.received, "inserted": self.inserted, "updated": self.updated,
                "duplicates": self.received - self.inserted - self.updated}


class Plants:
    """The plant codes a body names, each resolved to its feature id once, within the caller's scope
    (None: the command, any plant). An unknown code is forbidden like another's: an enterprise must
    not learn which codes exist elsewhere."""

    def __init__(self, user):
        self.user, self.ids, self.forbidden, self.first_line = user, {}, [], {}

    def unresolved(self, numbered_rows) -> list[str]:
        for line, part, row in numbered_rows:
            code = row[part.plant_index]
            if code not in self.ids and code not in self.first_line and code not in self.forbidden:
                self.first_line[code] = line
        return [code for code in self.first_line if code not in self.ids and code not in self.forbidden]

    def resolve(self, codes: list[str], errors: Errors) -> None:
        if len(self.ids) + len(self.forbidden) + len(codes) > MAX_PLANTS:
            errors.add(self.first_line[codes[0]], "plant", f"more than {MAX_PLANTS} plants in one request")
            self.forbidden += codes
            return
        plants = Feature.objects.filter(kind=PLANT_KIND, code__in=codes)
        if self.user is not None:
            plants = scope_features(self.user, plants)
        self.ids.update(plants.values_list("code", "id"))
        self.forbidden += sorted(set(codes) - set(self.ids))


def ingest(feed: str, stream, gzipped: bool, user=None) -> Outcome:
    """Store a body of the `feed`'s rows read from `stream`, all or nothing; every bad row listed.
    Rows go on being staged after a bad one (so the reference checks can list theirs too), but not
    after a forbidden plant."""
    parts = list(feeds.FEEDS[feed].values())
    errors, plants, outcome = Errors(), Plants(user), Outcome()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("; ".join(f"DROP TABLE IF EXISTS pg_temp.stage_{p.name}; CREATE TEMP TABLE stage_{p.name} "
                                 f"({p.staging_columns()}) ON COMMIT DROP" for p in parts))
        with Background() as loader:
            for batch in batches(feeds.rows(feed, stream, gzipped, upload_limit(), errors), BATCH_ROWS):
                outcome.received += len(batch)
                codes = plants.unresolved(batch)
                if codes and not plants.forbidden:
                    loader.wait()  # the connection is the loader's until then
                    plants.resolve(codes, errors)
                if not plants.forbidden:
                    loader.submit(_copy, cursor.cursor, _staged(batch, plants.ids))
        if plants.forbidden:
            raise Forbidden(_("Rows name plants outside your organisation, or no such plants: %(codes)s.")
                            % {"codes": ", ".join(plants.forbidden[:100])}, code="plant_forbidden",
                            details={"plants": plants.forbidden[:1000]})
        # The planner needs the staging tables' statistics (temporary tables are never auto-analysed);
        # a few rows, as a plant sends them as they happen, plan well without (and ANALYZE is a
        # sixth of such a request's SQL time).
        if outcome.received > ANALYZE_ROWS:
            cursor.execute("ANALYZE " + ", ".join(f"stage_{part.name}" for part in parts))
        _check_references(cursor, parts, errors)
        if errors.count:
            raise invalid_rows(errors)
        for part in parts:
            _merge(cursor, part, outcome)
        after_ingest(outcome.plant_ids)
    return outcome


def _staged(batch, plant_ids: dict) -> dict[str, list[tuple]]:
    """The batch's rows per part as staged: the line first, the plant's code replaced by its id."""
    by_part: dict[str, list[tuple]] = {}
    for line, part, row in batch:
        at = part.plant_index
        by_part.setdefault(part.name, []).append((line, *row[:at], plant_ids[row[at]], *row[at + 1:]))
    return by_part


def _check_references(cursor, parts, errors: Errors) -> None:
    """Rows naming a line, mix, order, lot, batch or site the plant does not have: reported with the
    parse errors, in line order."""
    checks = [sql for part in parts for sql in REFERENCE_CHECKS[part.name]]
    if not checks:
        return
    cursor.execute(f"SELECT line_no, field, reason, count(*) OVER () FROM ({' UNION ALL '.join(checks)}) "
                   f"AS bad(line_no, field, reason) ORDER BY line_no, field LIMIT %s", [errors.cap])
    found = cursor.fetchall()
    errors.count += found[0][3] if found else 0
    errors.rows = sorted(errors.rows + [{"line": line, "field": name, "reason": reason}
                                        for line, name, reason, _total in found],
                         key=lambda error: error["line"])[:errors.cap]


def _merge(cursor, part: feeds.Part, outcome: Outcome) -> None:
    for sql in MERGES[part.name]:
        cursor.execute(sql)
        if cursor.description is not None:
            inserted, updated, plant_ids = cursor.fetchone()
            outcome.inserted += inserted
            outcome.updated += updated
            outcome.plant_ids.update(plant_ids)


def _copy(cursor, by_part: dict[str, list[tuple]]) -> None:
    """COPY a batch's rows into the staging tables (in the loader's thread)."""
    for name, rows in by_part.items():
        with cursor.copy(f"COPY stage_{name} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
