"""A finding raised by a person on site (a failed checklist item), entering the supervision loop.

Rules found by sweeps go warning -> hazard through store.py; a finding on site is already a hazard:
the inspector saw it. raise_finding_hazard() is the one way to create such a hazard. The hazard
takes the feature's geometry, kind, district and responsible organisation exactly as a promoted
warning does (its sector's responsible party, recipients.py, and the dispatch deadline of its level,
deadlines.py), in state new, with a HazardEvent(action="raise")
published to the loop's subscribers (supervision.events) like a swept raise.
While a hazard of the same rule code is open on the feature, the same finding again updates it
(level only ever rises, the message follows the latest) and records a "raise_again" event: the
partial unique index hazard_open_unique decides, so two phones syncing at once cannot make two.
"""

import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest
from geo_server.features.kinds import RiskLevel
from geo_server.supervision.deadlines import DISPATCH_DEADLINE_SQL, dispatch_days_json
from geo_server.supervision.events import publish
from geo_server.supervision.models import Hazard, HazardEvent
from geo_server.supervision.recipients import responsible_party_sql
from geo_server.supervision.states import State
from geo_server.supervision.store import OPEN_HAZARD_CONFLICT

# xmax = 0 only on a row this statement inserted; an ON CONFLICT update sets it.
_RAISE = """
INSERT INTO supervision_hazard
    (feature_id, warning_id, rule_code, kind, district_id, geom, level, message_zh, message_en,
     responsible_organisation_id, deadline, state, version, created_at, updated_at)
SELECT f.id, NULL, %(code)s, f.kind, f.district_id, f.geom, %(level)s, %(zh)s, %(en)s,
       {responsible}, """ + DISPATCH_DEADLINE_SQL.format(level="%(level)s") + """, 'new', 1, now(), now()
FROM features_feature f WHERE f.id = %(feature)s
""" + OPEN_HAZARD_CONFLICT + """
DO UPDATE SET level = GREATEST(supervision_hazard.level, EXCLUDED.level), message_zh = EXCLUDED.message_zh,
              message_en = EXCLUDED.message_en, updated_at = now()
RETURNING id, (xmax = 0)
"""

MESSAGE_MAX = 300


@dataclass(frozen=True)
class Raised:
    hazard: Hazard
    created: bool


def _clip(text: str) -> str:
    text = (text or "").strip()
    return text if len(text) <= MESSAGE_MAX else text[:MESSAGE_MAX - 1] + "…"


@transaction.atomic
def raise_finding_hazard(feature, rule_code: str, level: int, message_zh: str, message_en: str, actor,
                         evidence: dict | None = None) -> Raised:
    """Create the open hazard for (rule_code, feature), or update the one already open."""
    if level not in (RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.RED):
        raise BadRequest(_("A finding's level is yellow (1), orange (2) or red (3)."), code="invalid_level")
    if not rule_code or len(rule_code) > 60:
        raise BadRequest(_("A finding needs a rule code of at most 60 characters."), code="invalid_rule_code")
    params = {"code": rule_code, "level": int(level), "zh": _clip(message_zh), "en": _clip(message_en),
              "feature": feature.pk, "today": timezone.localdate(), "dispatch_days": dispatch_days_json()}
    with connection.cursor() as cursor:
        cursor.execute(_RAISE.format(responsible=responsible_party_sql(feature.kind)), params)
        hazard_id, created = cursor.fetchone()
    hazard = Hazard.objects.get(pk=hazard_id)
    data = json.loads(json.dumps(evidence or {}, ensure_ascii=False, default=str))
    event = HazardEvent.objects.create(
        hazard=hazard, actor=actor if getattr(actor, "is_authenticated", False) else None,
        action="raise" if created else "raise_again", from_state="" if created else hazard.state,
        to_state=State.NEW if created else hazard.state, reason=params["zh"], data=data)
    publish(event)  # the inbox, webhooks and integrity score hear of it once the transaction commits
    return Raised(hazard, created)
