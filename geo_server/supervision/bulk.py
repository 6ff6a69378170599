"""Dispatching many hazards at once, from the list: each through the one transition path.

All or nothing: the hazards move in one transaction, and the first one that may not be dispatched
(not visible: 404, not the user's to act on: 403, no longer new: 409) rolls the others back and is
named in the error's details. An officer who ticked twenty rows then sees the one to untick instead
of a half-done selection to reconcile with the page, and a retry never dispatches twice.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from geo_server.errors import ApiError, BadRequest
from geo_server.supervision.events import publish_many
from geo_server.supervision.hazards import apply_transition, visible_hazards
from geo_server.validation import BIGINT_MAX

MAX_IDS = 200  # the largest page of the list


def parse_ids(raw) -> list[int]:
    """A non-empty list of distinct hazard ids (JSON numbers, or the digits a form posts)."""
    if not isinstance(raw, list) or not raw or len(raw) > MAX_IDS:
        raise BadRequest(_("ids must be a list of 1 to %(max)s hazard ids.") % {"max": MAX_IDS}, code="invalid_ids")
    ids = []
    for value in raw:
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= BIGINT_MAX:
            raise BadRequest(_("ids must be a list of 1 to %(max)s hazard ids.") % {"max": MAX_IDS},
                             code="invalid_ids")
        ids.append(value)
    return list(dict.fromkeys(ids))


@transaction.atomic
def dispatch_many(user, ids: list[int], *, deadline: date | None = None, reason: str = "") -> list:
    """Dispatch each hazard as a single dispatch would (its deadline by level unless one is given, its
    feature's responsible party), at the version read here; an ApiError names the hazard that failed."""
    versions = dict(visible_hazards(user).filter(pk__in=ids).values_list("pk", "version"))
    payload = {"reason": reason, **({"deadline": deadline} if deadline else {})}
    moved, events = [], []
    for hazard_id in ids:
        try:
            # An invisible id goes through too, so it fails exactly as a single dispatch would (404).
            moved.append(apply_transition(user, hazard_id, "dispatch", dict(payload), versions.get(hazard_id, -1),
                                          events=events))
        except ApiError as error:
            error.details = {**error.details, "hazard": hazard_id}
            raise
    publish_many(events)  # the subscribers (notifications, webhooks) get one batch, not one per hazard
    return moved
