"""Blacklisting (恶意欠薪 confirmed): who may record it, on which hazards, and who is blacklisted today.

A supervisor of the hazard's jurisdiction (the 住建 district office or, for the kinds it
co-supervises, the 人社 labour office) records it on a closed hazard of a rule a sector declares
blacklistable (Sector.extras["blacklist_rules"]: the worksites sector lists its wage rules). The
organisation blacklisted is the hazard's feature's organisation: for a site, the general
contractor, who answers for its subcontractors' arrears (先行清偿).
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest, Conflict, Forbidden
from geo_server.integrity.models import Blacklisting
from geo_server.sector import sectors
from geo_server.supervision.hazards import get_visible, sides
from geo_server.supervision.states import CLOSED_STATES, SUPERVISOR

MAX_REASON = 2000


def blacklistable(rule_code: str) -> bool:
    return any(rule_code in sector.extras.get("blacklist_rules", ()) for sector in sectors())


def active_blacklisting(org_ids, today: date | None = None) -> dict[int, list[Blacklisting]]:
    """The blacklistings in force on `today` (from <= today <= until, or no until) of these
    organisations, by organisation id, newest first."""
    today = today or timezone.localdate()
    rows = (Blacklisting.objects.filter(organisation_id__in=list(org_ids), starts_on__lte=today)
            .filter(Q(until__isnull=True) | Q(until__gte=today)).order_by("-starts_on", "-id"))
    result: dict[int, list[Blacklisting]] = {}
    for row in rows:
        result.setdefault(row.organisation_id, []).append(row)
    return result


def parse(body) -> tuple[str, date | None]:
    """{"reason": text, "until": "YYYY-MM-DD" or null}."""
    if not isinstance(body, dict):
        raise BadRequest(_("The body must be a JSON object."), code="bad_json")
    reason = body.get("reason")
    if not isinstance(reason, str) or not reason.strip() or len(reason) > MAX_REASON:
        raise BadRequest(_("reason must be text of 1 to %(max_reason)s characters.")
                         % {"max_reason": MAX_REASON}, code="invalid_reason")
    until = body.get("until")
    if until is not None:
        try:
            until = date.fromisoformat(until) if isinstance(until, str) and len(until) == 10 else None
        except ValueError:
            until = None
        if until is None:
            raise BadRequest(_("until must be a date (YYYY-MM-DD) or null."), code="invalid_until")
    return reason.strip(), until


@transaction.atomic
def record(user, hazard_id: int, reason: str, until: date | None, today: date | None = None) -> Blacklisting:
    today = today or timezone.localdate()
    hazard = get_visible(user, hazard_id)  # 404 for a hazard the user may not see
    if SUPERVISOR not in sides(user, hazard):
        raise Forbidden(_("Only a supervisor of the hazard's jurisdiction may blacklist."), code="not_allowed")
    if not blacklistable(hazard.rule_code):
        raise Conflict(_("Rule %(rule)s is not one a blacklisting may be recorded on.") % {"rule": hazard.rule_code},
                       code="not_blacklistable")
    if hazard.state not in CLOSED_STATES:
        raise Conflict(_("The hazard is not closed yet."), code="hazard_not_closed")
    organisation_id = hazard.feature.organisation_id
    if organisation_id is None:
        raise Conflict(_("The hazard's feature has no organisation to blacklist."), code="no_organisation")
    if until is not None and until < today:
        raise BadRequest(_("until must not lie before today."), code="invalid_until")
    return Blacklisting.objects.create(organisation_id=organisation_id, reason=reason, starts_on=today, until=until,
                                       hazard=hazard, created_by=user)
