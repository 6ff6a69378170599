"""The rectification state machine (整改闭环), strict: one transition table, pure functions.

new -> dispatched -> notice_issued -> replied -> confirmed -> closed, plus reject (replied back to
notice_issued), extend (new deadline, same state), refer (re-dispatch to another organisation)
and close_not_fixed (closed, not fixed). Which side may act is part of the table: the supervising
authority (supervisors and district officers of the jurisdiction) or the responsible organisation.
Beyond the table, `confirm` needs the evidence the hazard's rule demands on the latest reply
(supervision.evidence.missing_evidence, a pure function over the reply).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from geo_server.errors import BadRequest, Conflict


class State(models.TextChoices):
    NEW = "new", _("New")
    DISPATCHED = "dispatched", _("Dispatched")
    NOTICE_ISSUED = "notice_issued", _("Notice issued")
    REPLIED = "replied", _("Replied")
    CONFIRMED = "confirmed", _("Confirmed")
    CLOSED = "closed", _("Closed (fixed)")
    CLOSED_NOT_FIXED = "closed_not_fixed", _("Closed, not fixed")


CLOSED_STATES = (State.CLOSED.value, State.CLOSED_NOT_FIXED.value)
OPEN_STATES = tuple(s for s in State.values if s not in CLOSED_STATES)
SUPERVISOR, RESPONSIBLE = "supervisor", "responsible"


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (extend)
    actor: str
    requires: tuple[str, ...] = ()


_OPEN_BEFORE_REPLY = (State.DISPATCHED, State.NOTICE_ISSUED)

TRANSITIONS: dict[str, Transition] = {
    "dispatch": Transition((State.NEW,), State.DISPATCHED, SUPERVISOR),
    "issue_notice": Transition((State.DISPATCHED,), State.NOTICE_ISSUED, SUPERVISOR),
    "reply": Transition((State.NOTICE_ISSUED,), State.REPLIED, RESPONSIBLE, ("reason",)),
    "reject": Transition((State.REPLIED,), State.NOTICE_ISSUED, SUPERVISOR, ("reason",)),
    "confirm": Transition((State.REPLIED,), State.CONFIRMED, SUPERVISOR),
    "close": Transition((State.CONFIRMED,), State.CLOSED, SUPERVISOR),
    "extend": Transition(_OPEN_BEFORE_REPLY, None, SUPERVISOR, ("deadline", "reason")),
    "refer": Transition(_OPEN_BEFORE_REPLY, State.DISPATCHED, SUPERVISOR, ("organisation", "reason")),
    "close_not_fixed": Transition((State.NEW, *_OPEN_BEFORE_REPLY, State.REPLIED), State.CLOSED_NOT_FIXED,
                                  SUPERVISOR, ("reason",)),
}


ACTION_LABELS = {
    "dispatch": _("Dispatch"),
    "issue_notice": _("Issue rectification notice"),
    "reply": _("Reply"),
    "reject": _("Reject the reply"),
    "confirm": _("Confirm"),
    "close": _("Close"),
    "extend": _("Extend the deadline"),
    "refer": _("Refer to another organisation"),
    "close_not_fixed": _("Close, not fixed"),
    # Recorded by the system or found on site, not a transition a user takes: no state change except
    # the raise itself. A rule's sweep raises with no actor; an inspector's failed checklist item
    # raises with the inspector as actor, and the same finding again while open is "raise_again".
    "raise": _("Hazard raised"),
    "raise_again": _("Found again on site"),
    "overdue": _("Marked overdue"),
    "escalate": _("Escalated to the parent organisation"),
}


def allowed_actions(state: str, sides: set[str] | None = None) -> list[str]:
    """Actions legal from `state`, optionally only those one of `sides` may take."""
    return [action for action, t in TRANSITIONS.items()
            if state in t.sources and (sides is None or t.actor in sides)]


def transition(state: str, action: str, payload: dict) -> tuple[str, Transition]:
    """The state after `action`; Conflict if illegal from `state`, BadRequest if a field is missing."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise BadRequest(gettext("Unknown action %(action)r. Known: %(transitions)s.")
                         % {"action": action, "transitions": ", ".join(TRANSITIONS)}, code="unknown_action")
    if state not in rule.sources:
        allowed = allowed_actions(state)
        raise Conflict(gettext("Cannot %(action)s a hazard in state %(state)s; allowed: %(allowed)s.")
                       % {"action": action, "state": state, "allowed": ", ".join(allowed) or gettext("none")},
                       code="illegal_transition", details={"state": state, "allowed": allowed})
    missing = [name for name in rule.requires if not payload.get(name)]
    if missing:
        raise BadRequest(gettext("%(action)s requires %(missing)s.")
                         % {"action": action, "missing": ", ".join(missing)}, code=f"{missing[0]}_required",
                         details={"missing": missing})
    return rule.target or state, rule
