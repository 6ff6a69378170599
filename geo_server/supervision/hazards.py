"""Hazards as a user sees and moves them: visibility, who may act, and the versioned transition."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.accounts.models import Organisation, User
from geo_server.errors import BadRequest, Conflict, Forbidden, NotFound
from geo_server.features.kinds import RiskLevel
from geo_server.features.scoping import scope_features
from geo_server.supervision import evidence, notices
from geo_server.supervision.events import publish
from geo_server.supervision.models import Hazard, HazardEvent
from geo_server.supervision.recipients import check_recipient, require_recipient, responsible_party_id
from geo_server.supervision.states import CLOSED_STATES, RESPONSIBLE, SUPERVISOR, allowed_actions, transition

# Days to rectify when a dispatch names no deadline [D]: the worse, the sooner.
DEFAULT_DEADLINE_DAYS = {RiskLevel.RED: 7, RiskLevel.ORANGE: 15, RiskLevel.YELLOW: 30}
SUPERVISING_ROLES = (User.Role.SUPERVISOR, User.Role.DISTRICT_OFFICER)
# An inspector of a supervising office acts for it in its jurisdiction (issues notices on site,
# confirms or rejects the replies) without being one of the office's notified supervisors.
ACTING_ROLES = (*SUPERVISING_ROLES, User.Role.INSPECTOR)


def visible_hazards(user) -> QuerySet:
    """Hazards on features the user may see, and those dispatched to the user's organisation."""
    if not user.is_authenticated:
        return Hazard.objects.none()
    # EXISTS, not IN: with the OR below, an IN over a city's ~800,000 feature ids is re-scanned per
    # hazard once it outgrows work_mem (17 s a page on the bench); EXISTS is one index probe per row.
    in_scope = Q(Exists(scope_features(user).filter(pk=OuterRef("feature_id"))))
    if user.organisation_id:
        in_scope |= Q(responsible_organisation_id=user.organisation_id)
    return Hazard.objects.filter(in_scope)


def get_visible(user, hazard_id: int) -> Hazard:
    hazard = visible_hazards(user).filter(pk=hazard_id).select_related("responsible_organisation").first()
    if hazard is None:
        raise NotFound(_("No hazard %(hazard_id)s that you may see.")
                       % {"hazard_id": hazard_id}, code="hazard_not_found")
    return hazard


def sides(user, hazard: Hazard, in_scope: bool | None = None) -> set[str]:
    """Which side of the loop the user acts for on this hazard: the supervising authority of its
    jurisdiction, the responsible organisation, both or neither. A caller that already knows whether
    the hazard's feature is in the user's scope passes in_scope and saves the query."""
    result = set()
    if user.is_superuser or (
        user.role in ACTING_ROLES and user.organisation is not None
        and user.organisation.type != Organisation.Type.ENTERPRISE
        and (in_scope if in_scope is not None else scope_features(user).filter(pk=hazard.feature_id).exists())
    ):
        result.add(SUPERVISOR)
    # An office never answers for a hazard it supervises, even one an older routing handed to it:
    # it would reply to itself and be scored for it.
    if user.organisation_id and user.organisation_id == hazard.responsible_organisation_id \
            and user.role != User.Role.READ_ONLY and SUPERVISOR not in result:
        result.add(RESPONSIBLE)
    return result


def actions_for(user, hazard: Hazard, in_scope: bool | None = None) -> list[str]:
    return allowed_actions(hazard.state, sides(user, hazard, in_scope))


def is_overdue(hazard: Hazard, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return hazard.state not in CLOSED_STATES and hazard.deadline is not None and hazard.deadline < today


def _changes(hazard: Hazard, action: str, payload: dict, today: date) -> dict:
    """Columns an action sets besides the state: a deadline, a (new) responsible organisation."""
    changes = {}
    if payload.get("organisation") and action in ("dispatch", "refer"):
        organisation = Organisation.objects.filter(pk=payload["organisation"]).first()
        if organisation is None:
            raise BadRequest(_("No organisation %(organisation)s.")
                             % {"organisation": payload["organisation"]}, code="unknown_organisation")
        check_recipient(hazard, organisation)
        changes["responsible_organisation"] = organisation
    elif action == "dispatch":
        # The feature's party now: one recorded since the raise (a building's manager) counts, and a
        # hazard an older routing handed to an office goes to the party instead.
        party = responsible_party_id(hazard.feature_id, hazard.kind)
        require_recipient(party)
        if party != hazard.responsible_organisation_id:
            changes["responsible_organisation"] = Organisation.objects.get(pk=party)
    deadline = payload.get("deadline")
    if action == "dispatch" and deadline is None:
        deadline = today + timedelta(days=DEFAULT_DEADLINE_DAYS[RiskLevel(hazard.level)])
    if deadline is not None and action in ("dispatch", "extend", "refer"):
        if deadline < today or (action == "extend" and hazard.deadline and deadline <= hazard.deadline):
            raise BadRequest(_("The deadline must be later than today and than the current deadline."),
                             code="invalid_deadline")
        changes["deadline"] = deadline
    return changes


@transaction.atomic
def apply_transition(user, hazard_id: int, action: str, payload: dict, seen_version: int,
                     events: list | None = None) -> Hazard:
    """Move a hazard; the update only lands if the version is still the one the client saw. The event
    goes to the subscribers after the commit, or into `events` for a caller that publishes many at once."""
    hazard = get_visible(user, hazard_id)
    if seen_version != hazard.version:
        raise Conflict(_("The hazard changed since you loaded it; reload and try again."), code="stale_version",
                       details={"version": hazard.version})
    target, rule = transition(hazard.state, action, payload)
    user_sides = sides(user, hazard)
    if rule.actor == RESPONSIBLE and SUPERVISOR in user_sides and user.organisation_id \
            and user.organisation_id == hazard.responsible_organisation_id:
        raise Forbidden(_("The supervising office cannot reply for the responsible party."),
                        code="supervisor_cannot_reply")
    if rule.actor not in user_sides:
        raise Forbidden(_("You may not %(action)s this hazard.") % {"action": action}, code="not_allowed",
                        details={"allowed": actions_for(user, hazard)})
    recorded = evidence.check(user, hazard, action, payload)
    today = timezone.localdate()
    changes = _changes(hazard, action, payload, today)
    updated = Hazard.objects.filter(pk=hazard.pk, version=seen_version).update(
        state=target, version=F("version") + 1, updated_at=timezone.now(), **changes)
    if not updated:
        raise Conflict(_("Someone else moved the hazard first; reload and try again."), code="stale_version")
    data = {key: (value.pk if isinstance(value, Organisation) else value.isoformat()) for key, value in changes.items()}
    event = HazardEvent.objects.create(hazard=hazard, actor=user if user.is_authenticated else None, action=action,
                                       from_state=hazard.state, to_state=target, reason=payload.get("reason") or "",
                                       data={**data, **recorded})
    evidence.attach(event)
    if events is None:
        publish(event)
    else:
        events.append(event)
    hazard.refresh_from_db()
    if action == "issue_notice":
        notices.issue(hazard, event, user)
    return hazard
