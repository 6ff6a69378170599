"""A rectification notice issued on site from the phone, offline too (the `issue_notice` action).

The inspector writes what was found, a deadline and a level; once the action syncs, one transaction
raises the finding as a hazard (supervision.findings, with the project's responsible party), dispatches
it with that deadline and issues the numbered notice (the existing transitions, so the usual side and
jurisdiction checks apply). The action's UUID is the finding's rule code suffix: each action makes its
own hazard, and sync.apply_action applies an action id once, so a replay creates no second notice.
"""

from datetime import date
from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest, NotFound
from geo_server.features.kinds import RiskLevel
from geo_server.features.scoping import scope_features
from geo_server.supervision import notices
from geo_server.supervision.findings import MESSAGE_MAX, raise_finding_hazard
from geo_server.supervision.hazards import apply_transition

RULE_PREFIX = "site_notice."


def _fields(action: dict) -> tuple[int, str, date | None, int]:
    feature = action.get("feature")
    if isinstance(feature, bool) or not isinstance(feature, int):
        raise BadRequest(_("feature must be an integer id."), code="invalid_feature")
    finding = action.get("finding")
    if not isinstance(finding, str) or not finding.strip() or len(finding.strip()) > MESSAGE_MAX:
        raise BadRequest(_("finding must be text of 1 to %(max)s characters.") % {"max": MESSAGE_MAX},
                         code="invalid_finding")
    deadline = None
    if action.get("deadline") is not None:
        try:
            deadline = date.fromisoformat(action["deadline"])
        except (TypeError, ValueError):
            raise BadRequest(_("deadline must be a date, YYYY-MM-DD."), code="invalid_deadline") from None
    level = action.get("level", RiskLevel.ORANGE)
    if level not in (RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.RED) or isinstance(level, bool):
        raise BadRequest(_("level must be 1, 2 or 3."), code="invalid_level")
    return feature, finding.strip(), deadline, int(level)


def issue_on_site(user, action: dict) -> dict:
    """Raise, dispatch and issue the notice for the finding; the notice's number and the hazard."""
    feature_id, finding, deadline, level = _fields(action)
    feature = scope_features(user).filter(pk=feature_id).first()
    if feature is None:
        raise NotFound(_("No feature %(feature)s that you may see.") % {"feature": feature_id},
                       code="feature_not_found")
    action_id = str(UUID(action["id"]))
    raised = raise_finding_hazard(feature, RULE_PREFIX + action_id, level, finding, finding, user,
                                  evidence={"action": action_id, "on_site": True})
    hazard = apply_transition(user, raised.hazard.pk, "dispatch",
                              {"deadline": deadline} if deadline else {}, raised.hazard.version)
    hazard = apply_transition(user, hazard.pk, "issue_notice", {}, hazard.version)
    notice = notices.latest(hazard)
    return {"hazard": hazard.pk, "version": hazard.version, "state": hazard.state, "feature": feature.pk,
            "notice": notice.number, "notice_url": reverse("hazard-notice", args=[hazard.pk]),
            "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
            "responsible_organisation": hazard.responsible_organisation_id}
