"""The integrity score's SQL: a batch of score entries applied in three statements, whatever its size.

The organisations' score rows are created if missing and locked (in id order, so two batches never
deadlock); the entries not yet recorded (a hazard event counts once; a hazard's raise, overdue,
closing once) are inserted with the running score after each, and the scores moved by their sums.
"""

from django.db import connection, transaction

from geo_server.integrity.models import ONCE_PER_HAZARD
from geo_server.integrity.scoring import Entry
from geo_server.integrity.weights import start_score

_ENSURE = """
INSERT INTO integrity_integrityscore (organisation_id, score, updated_at)
SELECT DISTINCT o, %(start)s, now() FROM unnest(%(orgs)s::bigint[]) AS o
ON CONFLICT (organisation_id) DO NOTHING
"""

_LOCK = """
SELECT organisation_id FROM integrity_integrityscore WHERE organisation_id = ANY(%(orgs)s::bigint[])
ORDER BY organisation_id FOR UPDATE
"""

_APPLY = """
WITH t AS (
    SELECT t.* FROM unnest(%(orgs)s::bigint[], %(hazards)s::bigint[], %(events)s::bigint[], %(reasons)s::text[],
                           %(deltas)s::numeric[], %(ats)s::timestamptz[])
                    WITH ORDINALITY AS t(organisation_id, hazard_id, hazard_event_id, reason, delta, at, n)
    WHERE NOT EXISTS (SELECT 1 FROM integrity_scoreevent s WHERE s.hazard_event_id = t.hazard_event_id)
      AND NOT (t.reason = ANY(%(once)s::text[]) AND EXISTS (
          SELECT 1 FROM integrity_scoreevent s WHERE s.hazard_id = t.hazard_id AND s.reason = t.reason))
), running AS (
    SELECT t.*, sc.score + sum(t.delta) OVER (PARTITION BY t.organisation_id ORDER BY t.n) AS after
    FROM t JOIN integrity_integrityscore sc USING (organisation_id)
), inserted AS (
    INSERT INTO integrity_scoreevent (organisation_id, hazard_id, hazard_event_id, reason, delta, score, at)
    SELECT organisation_id, hazard_id, hazard_event_id, reason, delta, after, at FROM running ORDER BY n
    RETURNING organisation_id, delta
)
UPDATE integrity_integrityscore sc SET score = sc.score + d.total, updated_at = now()
FROM (SELECT organisation_id, sum(delta) AS total FROM inserted GROUP BY organisation_id) d
WHERE sc.organisation_id = d.organisation_id
"""


@transaction.atomic
def apply(entries: list[Entry]) -> int:
    """Record the entries not recorded yet; returns how many organisations' scores moved."""
    if not entries:
        return 0
    orgs = [e.organisation_id for e in entries]
    params = {"start": start_score(), "orgs": orgs, "hazards": [e.hazard_id for e in entries],
              "events": [e.event_id for e in entries], "reasons": [e.reason for e in entries],
              "deltas": [e.delta for e in entries], "ats": [e.at for e in entries], "once": list(ONCE_PER_HAZARD)}
    with connection.cursor() as cursor:
        cursor.execute(_ENSURE, params)
        cursor.execute(_LOCK, params)
        cursor.execute(_APPLY, params)
        return cursor.rowcount
