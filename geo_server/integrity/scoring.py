"""Which hazard events move a score, pure: an event row in, the score entries out."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from geo_server.features.kinds import RiskLevel
from geo_server.integrity.models import Reason
from geo_server.integrity.weights import weight_for

SCORED_ACTIONS = ("raise", "overdue", "close_not_fixed", "reject", "close")
# The organisation types scored: the parties that answer for their own objects, never an office.
SCORED_TYPES = ("enterprise",)
_RAISED = {RiskLevel.YELLOW: Reason.RAISED_YELLOW, RiskLevel.ORANGE: Reason.RAISED_ORANGE,
           RiskLevel.RED: Reason.RAISED_RED}


@dataclass(frozen=True)
class Entry:
    organisation_id: int
    hazard_id: int
    event_id: int
    reason: str
    delta: Decimal
    at: datetime


def on_time(deadline: date | None, replied_on: date | None) -> bool:
    """Fixed on time: the reply that was confirmed came by the deadline (a supervisor's slow
    confirmation does not cost the organisation its point)."""
    return deadline is not None and replied_on is not None and replied_on <= deadline


def reason_for(action: str, level: int, fixed_on_time: bool) -> str | None:
    if action == "raise":
        return _RAISED.get(RiskLevel(level))
    if action == "close":
        return Reason.CLOSED_ON_TIME if fixed_on_time else None
    return {"overdue": Reason.OVERDUE, "close_not_fixed": Reason.CLOSED_NOT_FIXED,
            "reject": Reason.REPLY_REJECTED}.get(action)


def entries(rows: list[dict], weights: dict[str, Decimal],
            by_rule: dict[tuple[str, str], Decimal] | None = None) -> list[Entry]:
    """rows: event_id, action, at, hazard_id, level, organisation_id (responsible), owner_id (the
    feature's organisation), deadline, replied_on, and rule_code (the hazard's rule: its own
    weights in `by_rule` win over the general `weights`).

    The hazard's responsible organisation is scored for how it rectifies (overdue, rejected,
    closed unfixed, fixed on time); a raised hazard costs only an organisation that owns the
    object. Only a responsible party (organisation_type "enterprise") is scored: an office that an
    older routing made responsible for a hazard it supervises would be scored for its own replies
    and rejections. A hazard overdue while still new (from_state "new") was late to be dispatched:
    the office's delay, not the party's. Events whose
    weight is zero are left out; one entry per hazard and reason (except rejections) per batch."""
    result, seen = [], set()
    for row in rows:
        if row["organisation_id"] is None or row.get("organisation_type", "enterprise") not in SCORED_TYPES:
            continue
        if row["action"] == "overdue" and row.get("from_state") == "new":
            continue
        if row["action"] == "raise" and row["owner_id"] != row["organisation_id"]:
            continue
        reason = reason_for(row["action"], row["level"], on_time(row["deadline"], row["replied_on"]))
        reason = str(reason) if reason is not None else None  # enum members hash by name, not value
        delta = weight_for(reason, row.get("rule_code") or "", weights, by_rule or {}) if reason else None
        if reason is None or not delta:
            continue
        key = (row["hazard_id"], reason) if reason != Reason.REPLY_REJECTED else ("event", row["event_id"])
        if key in seen:
            continue
        seen.add(key)
        result.append(Entry(row["organisation_id"], row["hazard_id"], row["event_id"], reason,
                            delta, row["at"]))
    return result
