"""Who hears about a hazard event, as SQL in one place: the inbox and the webhooks both ask here.

- the responsible organisation (its members; its webhooks for every event),
- the supervising authority: organisations other than enterprises whose jurisdiction covers the
  hazard's feature (its street, district, city or province, as features/scoping.py decides what
  they see); in the inbox only their supervisors and district officers, and only for replies,
- on an escalation, the organisation escalated to (the event's data names it).
"""

from django.db import connection

from geo_server.features.scoping import GENERAL_TYPES, co_supervision_pairs
from geo_server.supervision.hazards import SUPERVISING_ROLES

# Inbox kinds: what the responsible organisation's members are told, what the supervisors are told.
TO_RESPONSIBLE = ("dispatch", "refer", "issue_notice", "reject", "extend", "overdue")
TO_SUPERVISORS = ("reply",)
TO_ESCALATED = ("escalate",)
INBOX_KINDS = TO_RESPONSIBLE + TO_SUPERVISORS + TO_ESCALATED

# The event, its hazard and feature, and the feature's province (its city's parent area).
_EVENTS = """
FROM supervision_hazardevent e
JOIN supervision_hazard h ON h.id = e.hazard_id
JOIN features_feature f ON f.id = h.feature_id
LEFT JOIN features_adminarea c ON c.id = f.city_id
"""
# A co-supervisor (人社) only over the kinds its sector names (features.scoping.supervised_kinds).
_SUPERVISES = ("(o.type <> 'enterprise' AND o.jurisdiction_id IN (f.street_id, f.district_id, f.city_id, c.parent_id)"
               " AND (o.type = ANY(%(general)s::text[]) OR o.type || ':' || f.kind = ANY(%(co)s::text[])))")
_ESCALATED_TO = "(e.action = 'escalate' AND o.id = (e.data ->> 'organisation')::bigint)"

_INBOX = f"""
INSERT INTO notifications_inboxmessage (user_id, hazard_id, event_id, kind, created_at)
SELECT DISTINCT u.id, e.hazard_id, e.id, e.action, e.at
{_EVENTS}
JOIN accounts_user u ON u.is_active AND u.id IS DISTINCT FROM e.actor_id
JOIN accounts_organisation o ON o.id = u.organisation_id
WHERE e.id = ANY(%(events)s::bigint[])
  AND ((e.action = ANY(%(to_responsible)s::text[]) AND o.id = h.responsible_organisation_id)
       OR (e.action = ANY(%(to_supervisors)s::text[]) AND u.role = ANY(%(roles)s::text[]) AND {_SUPERVISES})
       OR {_ESCALATED_TO})
ON CONFLICT (user_id, event_id) DO NOTHING
"""

_WEBHOOKS = f"""
SELECT DISTINCT e.id, w.id
{_EVENTS}
JOIN notifications_webhookendpoint w ON w.active AND (cardinality(w.event_types) = 0 OR e.action = ANY(w.event_types))
JOIN accounts_organisation o ON o.id = w.organisation_id
WHERE e.id = ANY(%(events)s::bigint[])
  AND (o.id = h.responsible_organisation_id OR {_SUPERVISES} OR {_ESCALATED_TO})
  AND NOT EXISTS (SELECT 1 FROM notifications_webhookdelivery d WHERE d.endpoint_id = w.id AND d.event_id = e.id)
ORDER BY e.id, w.id
"""


def add_inbox_messages(event_ids: list[int]) -> int:
    """One statement for the whole batch; a user is never told of their own action."""
    with connection.cursor() as cursor:
        cursor.execute(_INBOX, {"events": event_ids, "to_responsible": list(TO_RESPONSIBLE),
                                "to_supervisors": list(TO_SUPERVISORS), "roles": [str(r) for r in SUPERVISING_ROLES],
                                **_supervisors()})
        return cursor.rowcount


def webhook_targets(event_ids: list[int]) -> list[tuple[int, int]]:
    """(event id, endpoint id) pairs not yet delivered, for the active endpoints the events concern."""
    with connection.cursor() as cursor:
        cursor.execute(_WEBHOOKS, {"events": event_ids, **_supervisors()})
        return cursor.fetchall()


def _supervisors() -> dict:
    return {"general": list(GENERAL_TYPES), "co": co_supervision_pairs()}
