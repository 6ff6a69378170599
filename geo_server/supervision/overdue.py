"""Overdue and escalation, set-based: a hazard open past its deadline gets, once, an "overdue"
event and, when there is an organisation above, an "escalate" event naming it. Neither changes the
state or the version. Subscribers (events.py) tell the inbox, the webhooks and the integrity score.

A new hazard's deadline is its dispatch deadline (deadlines.py): past it, the office that should
have dispatched it is late, and the escalation goes to that office's parent. Otherwise escalation
goes to the responsible organisation's parent, else to the parent of the office that supervises the
hazard's district (an enterprise usually has no parent); with neither, the hazard is only marked
overdue. "Once" is per hazard and phase (undispatched, then dispatched): a hazard late to be
dispatched can be late again to be fixed, but extending the deadline of an escalated hazard does
not arm it again. Runs are serialised by an advisory lock, so two at once cannot both mark a hazard.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from geo_server.supervision.events import publish_many
from geo_server.supervision.models import HazardEvent

_LOCK_KEY = 0x6573_6361  # "esca": pg_advisory_xact_lock key of this sweep

_OVERDUE = """
INSERT INTO supervision_hazardevent (hazard_id, actor_id, at, action, from_state, to_state, reason, data)
SELECT h.id, NULL, now(), 'overdue', h.state, h.state, '', jsonb_build_object('deadline', h.deadline)
FROM supervision_hazard h
WHERE NOT (h.state IN ('closed', 'closed_not_fixed')) AND h.deadline < %(today)s
  AND NOT EXISTS (SELECT 1 FROM supervision_hazardevent e WHERE e.hazard_id = h.id AND e.action = 'overdue'
                  AND (e.from_state = 'new') = (h.state = 'new'))
ORDER BY h.id
RETURNING id, hazard_id, at, from_state, data
"""

_ESCALATE = """
INSERT INTO supervision_hazardevent (hazard_id, actor_id, at, action, from_state, to_state, reason, data)
SELECT h.id, NULL, now(), 'escalate', h.state, h.state, '',
       jsonb_build_object('organisation', t.target, 'from_organisation', h.responsible_organisation_id,
                          'deadline', h.deadline)
FROM supervision_hazard h
LEFT JOIN accounts_organisation ro ON ro.id = h.responsible_organisation_id
CROSS JOIN LATERAL (
    SELECT NULLIF(COALESCE(CASE WHEN h.state <> 'new' THEN ro.parent_id END,
                           (SELECT o.parent_id FROM accounts_organisation o
                            WHERE o.jurisdiction_id = h.district_id AND o.type = 'district_office'
                              AND o.parent_id IS NOT NULL ORDER BY o.id LIMIT 1)),
                  h.responsible_organisation_id) AS target
) t
WHERE h.id = ANY(%(hazards)s::bigint[]) AND t.target IS NOT NULL
ORDER BY h.id
RETURNING id, hazard_id, at, from_state, data
"""


@dataclass
class EscalationResult:
    overdue: int = 0
    escalated: int = 0
    events: list = field(default_factory=list)


def _events(cursor, action: str) -> list[HazardEvent]:
    return [HazardEvent(pk=pk, hazard_id=hazard_id, at=at, action=action, from_state=state, to_state=state, data=data)
            for pk, hazard_id, at, state, data in cursor.fetchall()]


@transaction.atomic
def escalate_overdue(today: date | None = None) -> EscalationResult:
    """Mark and escalate every hazard that became overdue since the last run; two statements."""
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        cursor.execute(_OVERDUE, {"today": today})
        overdue = _events(cursor, "overdue")
        escalated = []
        if overdue:
            cursor.execute(_ESCALATE, {"hazards": [event.hazard_id for event in overdue]})
            escalated = _events(cursor, "escalate")
    events = overdue + escalated
    publish_many(events)
    return EscalationResult(len(overdue), len(escalated), events)
