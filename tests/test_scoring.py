"""The integrity score's pure part: which events move which organisation's score, by how much."""

from datetime import date, datetime, timezone
from decimal import Decimal

from geo_server.integrity.scoring import entries, on_time, reason_for
from geo_server.integrity.weights import DEFAULT_WEIGHTS

WEIGHTS = {str(reason): delta for reason, delta in DEFAULT_WEIGHTS.items()}
AT = datetime(2026, 5, 1, tzinfo=timezone.utc)


def row(action, event_id=1, hazard_id=10, level=3, organisation_id=7, owner_id=7, deadline=None, replied_on=None):
    return {"event_id": event_id, "action": action, "at": AT, "hazard_id": hazard_id, "level": level,
            "organisation_id": organisation_id, "owner_id": owner_id, "deadline": deadline, "replied_on": replied_on}


def test_reasons_follow_the_event_and_the_level():
    assert [reason_for("raise", level, False) for level in (1, 2, 3)] == ["raised_yellow", "raised_orange", "raised_red"]
    assert (reason_for("overdue", 3, False), reason_for("reject", 3, False)) == ("overdue", "reply_rejected")
    assert (reason_for("close", 3, True), reason_for("close", 3, False)) == ("closed_on_time", None)
    assert reason_for("dispatch", 3, False) is None and reason_for("escalate", 3, False) is None


def test_on_time_means_the_reply_came_by_the_deadline():
    assert on_time(date(2026, 5, 10), date(2026, 5, 10)) and not on_time(date(2026, 5, 10), date(2026, 5, 11))
    assert not on_time(None, date(2026, 5, 1)) and not on_time(date(2026, 5, 1), None)


def test_entries_score_the_owner_for_a_raise_and_the_responsible_for_the_rest():
    rows = [row("raise", 1), row("raise", 2, hazard_id=11, owner_id=None), row("reject", 3), row("reject", 4),
            row("overdue", 5), row("overdue", 6), row("close", 7, deadline=date(2026, 5, 2), replied_on=date(2026, 5, 1)),
            row("dispatch", 8), row("overdue", 9, hazard_id=12, organisation_id=None)]
    assert [(e.event_id, e.reason, e.delta) for e in entries(rows, WEIGHTS)] == [
        (1, "raised_red", Decimal("-5")), (3, "reply_rejected", Decimal("-3")), (4, "reply_rejected", Decimal("-3")),
        (5, "overdue", Decimal("-5")), (7, "closed_on_time", Decimal("1"))]


def test_a_zero_weight_records_nothing():
    assert entries([row("raise")], {**WEIGHTS, "raised_red": Decimal("0")}) == []
