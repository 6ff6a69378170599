"""Bulk ingestion of clock events, wage payments and inflows: every statement in one place.

A body is parsed as a stream (geo_server.feeds.streams, with the fields of parsing.py) and its checked rows go, 50,000 at a time, by COPY into
a temporary staging table; one set-based INSERT ... SELECT ... ON CONFLICT DO NOTHING merges each
batch (site codes and registered workers resolved by joins); for clock events the same statement
upserts the affected (site, person, day) rows of daily attendance from the events it inserted, and
at the end the affected sites' worker-months (rollup.py) are recomputed from the earliest day sent.
All of it is one transaction: a bad row or a site outside the caller's organisation stores
nothing. Replays are ignored on the source's id.
"""

from dataclasses import dataclass, field
from datetime import datetime
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from geo_server.errors import Forbidden
from geo_server.features.models import Feature
from geo_server.features.scoping import scope_features
from geo_server.feeds import streams
from geo_server.feeds.loading import Background, batches, copy_text, invalid_rows
from geo_server.sectors.worksites import parsing
from geo_server.sectors.worksites.partitions import ensure_months
from geo_server.sectors.worksites.rollup import refresh_worker_months
from geo_server.supervision.evaluation import evaluate_after_commit

SITE_KIND = "construction_site"
# Rows per COPY and merge: a batch being read and the COPY text (~9 MB) of the one before in memory.
BATCH_ROWS = 50_000
# Distinct site codes one request may name: a device or a bank sends for a handful of sites.
MAX_SITES = 10_000
LOCAL = ZoneInfo(settings.TIME_ZONE)

STAGING = {
    "attendance": "source_id text, site_code text, id_hash text, device text, method text, at timestamptz",
    "payments": "source_id text, site_code text, id_hash text, month date, amount numeric, payee_name text, "
                "account_hash text, account_masked text, paid_at timestamptz",
    "inflows": "source_id text, site_code text, amount numeric, received_on date, payer text",
}

# The days' rows are merged with what the newly inserted events add (a replayed event is not
# inserted, so it adds nothing): O(rows sent), not a rescan of the days' earlier events.
MERGE_EVENTS = """
WITH inserted AS (
    INSERT INTO worksites_clockevent (source_id, site_id, worker_id, id_hash, device, method, at)
    SELECT s.source_id, f.id, w.id, s.id_hash, s.device, s.method, s.at
    FROM ingest_attendance s
    JOIN features_feature f ON f.kind = 'construction_site' AND f.code = s.site_code
    LEFT JOIN worksites_worker w ON w.site_id = f.id AND w.id_hash = s.id_hash
    ON CONFLICT (source_id, at) DO NOTHING
    RETURNING site_id, worker_id, id_hash, at
), days AS (
    INSERT INTO worksites_dailyattendance AS d (site_id, worker_id, id_hash, day, first_at, last_at, events)
    SELECT site_id, max(worker_id), id_hash, (at AT TIME ZONE %(tz)s)::date, min(at), max(at), count(*)
    FROM inserted
    GROUP BY site_id, id_hash, (at AT TIME ZONE %(tz)s)::date
    ON CONFLICT (site_id, id_hash, day) DO UPDATE
    SET worker_id = coalesce(EXCLUDED.worker_id, d.worker_id), first_at = least(d.first_at, EXCLUDED.first_at),
        last_at = greatest(d.last_at, EXCLUDED.last_at), events = d.events + EXCLUDED.events
)
SELECT count(*), coalesce(array_agg(DISTINCT site_id), '{}') FROM inserted
"""

MERGE_PAYMENTS = """
WITH inserted AS (
    INSERT INTO worksites_payment (source_id, site_id, worker_id, id_hash, month, amount, payee_name,
                                   payee_account_hash, payee_account_masked, paid_at)
    SELECT s.source_id, f.id, w.id, s.id_hash, s.month, s.amount, s.payee_name, s.account_hash,
           s.account_masked, s.paid_at
    FROM ingest_payments s
    JOIN features_feature f ON f.kind = 'construction_site' AND f.code = s.site_code
    LEFT JOIN worksites_worker w ON w.site_id = f.id AND w.id_hash = s.id_hash
    ON CONFLICT (source_id) DO NOTHING
    RETURNING site_id
)
SELECT count(*), coalesce(array_agg(DISTINCT site_id), '{}') FROM inserted
"""

MERGE_INFLOWS = """
WITH inserted AS (
    INSERT INTO worksites_inflow (source_id, site_id, amount, received_on, payer)
    SELECT s.source_id, f.id, s.amount, s.received_on, s.payer
    FROM ingest_inflows s
    JOIN features_feature f ON f.kind = 'construction_site' AND f.code = s.site_code
    ON CONFLICT (source_id) DO NOTHING
    RETURNING site_id
)
SELECT count(*), coalesce(array_agg(DISTINCT site_id), '{}') FROM inserted
"""


@dataclass
class Seen:
    """What the merge needs to know of the rows that went by: their sites and time span."""

    received: int = 0
    sites: dict = field(default_factory=dict)  # code -> first line that named it
    first: datetime | None = None
    last: datetime | None = None
    covered: tuple | None = None  # the (first, last) days whose months have partitions

    def add(self, kind: str, batch: list, errors: streams.Errors) -> None:
        """Note a batch of (line, row): per batch, not per row (a row-by-row pass cost ~1 µs a row)."""
        self.received += len(batch)
        if not self.sites.keys() >= {row[1] for _line, row in batch}:
            for line, row in batch:
                if row[1] not in self.sites:
                    if len(self.sites) >= MAX_SITES:
                        errors.add(line, "site", f"more than {MAX_SITES} sites in one request")
                        continue
                    self.sites[row[1]] = line
        if kind == "attendance":
            times = [row[5] for _line, row in batch]
            first, last = min(times), max(times)
            self.first = first if self.first is None or first < self.first else self.first
            self.last = last if self.last is None or last > self.last else self.last

    def extends_partitions(self) -> bool:
        """Whether the rows so far reach months not made yet (and if so, they now count as covered)."""
        span = _partition_span(self.first, self.last)
        if self.covered is not None and self.covered[0] <= span[0] and span[1] <= self.covered[1]:
            return False
        self.covered = span
        return True


@dataclass
class Outcome:
    received: int
    inserted: int
    site_ids: list[int]

    def as_dict(self) -> dict:
        return {"received": self.received, "inserted": self.inserted, "duplicates": self.received - self.inserted}


def upload_limit() -> int:
    return settings.GEO_SERVER["WAGE_UPLOAD_MAX_BYTES"]


def ingest(kind: str, stream, fmt: str, gzipped: bool, user=None) -> Outcome:
    """Store a body of `kind` rows (attendance, payments, inflows) read from `stream`, all or nothing.
    `user` limits the sites to those scope_features gives them; None (the command) allows any site.

    Rows go in batches: while one batch is copied and merged (PostgreSQL's work, in a thread), the
    next is parsed (Python's). After the first bad row or forbidden site nothing more is loaded, but
    the rest is still read to report every error; then the transaction rolls back."""
    row_kind = parsing.KINDS[kind]
    errors, seen, forbidden = streams.Errors(), Seen(), []
    with transaction.atomic(), connection.cursor() as cursor:
        # work_mem: a batch's days grouped in memory, not on disk.
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.ingest_{kind}; "
                       f"CREATE TEMP TABLE ingest_{kind} ({STAGING[kind]}) ON COMMIT DROP; "
                       "SET LOCAL work_mem = '64MB'")
        with Background() as background:
            loader = Loader(background, cursor.cursor, kind)
            for batch in batches(streams.rows(row_kind, stream, fmt, gzipped, upload_limit(), errors), BATCH_ROWS):
                known = len(seen.sites)
                seen.add(kind, batch, errors)
                if errors.count or forbidden:
                    continue
                if len(seen.sites) > known:
                    loader.wait()  # the connection is the loader's until then
                    forbidden = forbidden_sites(user, seen.sites)
                    if forbidden:
                        continue
                if kind == "attendance" and seen.extends_partitions():
                    loader.wait()
                    ensure_months(*seen.covered)
                loader.load(copy_text([_flat(row) for _line, row in batch] if kind == "payments"
                                      else [row for _line, row in batch]))
                batch.clear()  # only its COPY text stays while the next batch is read
        if errors.count:
            raise invalid_rows(errors)
        forbidden = forbidden_sites(user, seen.sites)
        if forbidden:
            raise Forbidden(_("Rows name sites outside your organisation, or no such sites: %(codes)s.")
                            % {"codes": ", ".join(forbidden[:100])}, code="site_forbidden",
                            details={"sites": forbidden[:1000]})
        outcome = Outcome(seen.received, loader.inserted, sorted(loader.site_ids))
        if kind == "attendance" and outcome.site_ids:
            # The sites' worker-months from the earliest local day sent on (a lower bound: replays too).
            refresh_worker_months(outcome.site_ids, seen.first.astimezone(LOCAL).date())
        after_ingest(outcome.site_ids)
    return outcome


class Loader:
    """COPY of a batch into the staging table and its merge, in the background (feeds.loading):
    counts what the merges inserted and on which sites."""

    def __init__(self, background: Background, cursor, kind: str):
        self.background, self.cursor, self.kind = background, cursor, kind
        self.merge = {"attendance": MERGE_EVENTS, "payments": MERGE_PAYMENTS, "inflows": MERGE_INFLOWS}[kind]
        self.inserted, self.site_ids, self.analysed = 0, set(), False

    def wait(self) -> None:
        self.background.wait()

    def load(self, data: bytes) -> None:
        """Copy and merge a batch in COPY's text format (feeds.loading.copy_text)."""
        self.background.submit(self._load, data)

    def _load(self, data: bytes) -> None:
        cursor, table = self.cursor, f"ingest_{self.kind}"
        cursor.execute(f"TRUNCATE {table}")
        with cursor.copy(f"COPY {table} FROM STDIN") as copy:
            copy.write(data)
        if not self.analysed:
            # The planner needs the staging table's statistics once: they outlive TRUNCATE, and the
            # row count it reads from the table's size at each merge (~0.2 s a batch saved).
            cursor.execute(f"ANALYZE {table}")
            self.analysed = True
        cursor.execute(self.merge, {"tz": settings.TIME_ZONE})
        inserted, site_ids = cursor.fetchone()
        self.inserted += inserted
        self.site_ids.update(site_ids)


def _flat(row: tuple) -> tuple:
    """A payment's account (hash, masked) as two columns."""
    return row[:6] + row[6] + row[7:]


def forbidden_sites(user, codes) -> list[str]:
    """The site codes the caller may not send rows for, unknown ones too (an enterprise must not learn
    which codes exist elsewhere)."""
    sites = Feature.objects.filter(kind=SITE_KIND, code__in=list(codes))
    if user is not None:
        sites = scope_features(user, sites)
    return sorted(set(codes) - set(sites.values_list("code", flat=True)))


def _partition_span(first: datetime, last: datetime):
    """Clock events are split by UTC month, daily attendance by local day: both months covered."""
    utc, local = dt_timezone.utc, LOCAL
    return (min(first.astimezone(utc).date(), first.astimezone(local).date()),
            max(last.astimezone(utc).date(), last.astimezone(local).date()))


def after_ingest(site_ids: list[int]) -> None:
    """Once the rows are committed, the affected sites' rules run again, on a Celery worker when there
    is one (not inside the merge's transaction: a failing rule must not undo a bank's upload)."""
    evaluate_after_commit(site_ids)
