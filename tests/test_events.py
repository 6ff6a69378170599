"""The supervision loop's event hook: transitions and sweeps publish HazardEvents after commit,
a failing subscriber never undoes a transition, and a feature's rules run again when its data is
saved (admin or code), without a sweep."""

import logging
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from geo_server.accounts.models import Organisation
from geo_server.sectors.funds.models import FundCenterDetail, MonthlyReturn
from geo_server.supervision import events
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.hazards import apply_transition
from geo_server.supervision.models import Hazard, HazardEvent, Warning
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area, make_user, point_feature
from tests.fund_world import file_return
from tests.loop import act, building, committed, raise_hazard


@pytest.fixture
def heard():
    """A subscriber that records each batch it is handed."""
    batches = []

    def record(batch):
        batches.append([(event.action, event.hazard_id) for event in batch])

    events.subscribe(record)
    yield batches
    events.unsubscribe(record)


def test_it_records_a_raise_event_for_each_new_hazard_and_publishes_the_sweep_as_one_batch(tianhe_office, heard):
    features = [building(f"B-{n}") for n in range(3)]
    with committed():
        result = sweep("building")
    hazards = {h.feature_id: h.pk for h in Hazard.objects.filter(feature__in=features)}
    assert result.hazards == 3
    assert heard == [[("raise", hazards[f.pk]) for f in features]]
    raise_events = HazardEvent.objects.filter(hazard_id__in=hazards.values())
    assert [(e.action, e.from_state, e.to_state, e.actor_id) for e in raise_events] == [("raise", "", "new", None)] * 3
    with committed():
        assert sweep("building").hazards == 0
    assert len(heard) == 1 and HazardEvent.objects.count() == 3


def test_it_promotes_in_the_same_number_of_statements_for_one_hazard_or_many(tianhe_office):
    building("B-0")
    with CaptureQueriesContext(connection) as one:
        sweep("building")
    for n in range(1, 6):
        building(f"B-{n}")
    with CaptureQueriesContext(connection) as five:
        assert sweep("building").hazards == 5
    assert len(five) == len(one)


def test_it_publishes_a_transition_only_once_the_transaction_commits(client, tianhe_office, enterprise, bob, heard):
    hazard = raise_hazard(organisation=enterprise)
    heard.clear()
    client.force_login(bob)
    with committed() as callbacks:
        apply_transition(bob, hazard.pk, "dispatch", {}, 1)
        assert heard == []  # still inside the transaction
    assert len(callbacks) >= 1 and heard[0] == [("dispatch", hazard.pk)]


def test_it_publishes_nothing_for_a_transition_that_rolls_back(tianhe_office, enterprise, bob, heard):
    hazard = raise_hazard(organisation=enterprise)
    heard.clear()
    with committed():
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                apply_transition(bob, hazard.pk, "dispatch", {}, 1)
                raise RuntimeError("the request failed after the transition")
    assert heard == [] and Hazard.objects.get(pk=hazard.pk).state == "new"


def test_a_failing_subscriber_is_logged_and_neither_the_transition_nor_other_subscribers_suffer(
        client, tianhe_office, enterprise, bob, erin, heard, caplog):
    def broken(batch):
        raise ValueError("subscriber bug")

    hazard = raise_hazard(organisation=enterprise)
    events.subscribe(broken)
    try:
        with caplog.at_level(logging.ERROR, logger="geo_server.supervision.events"):
            body = act(client, bob, hazard.pk, "dispatch")
    finally:
        events.unsubscribe(broken)
    assert body["state"] == "dispatched"
    assert heard[-1] == [("dispatch", hazard.pk)]
    assert "subscriber bug" in caplog.text and "broken" in caplog.text
    # The inbox subscriber ran too.
    assert erin.inbox_messages.filter(kind="dispatch", hazard=hazard).count() == 1


def fund_center(code="FC-1", deposits="10000", loans="8000", line="0.850", organisation=None):
    """A center with last month's return (no withdrawals: only the loan ratio can warn) and its summary."""
    feature = point_feature(code, *TIANHE_SPORTS_CENTER, kind="fund_center", organisation=organisation)
    file_return(feature, last_month(), deposit_balance=Decimal(deposits) * 10000, loan_balance=Decimal(loans) * 10000,
                **{f"withdrawal_{reason}": Decimal(0) for reason in ("purchase", "rent", "repayment", "retirement",
                                                                   "other")})
    detail = FundCenterDetail.objects.create(feature=feature, city_adcode="440100", deposit_balance_wan=deposits,
                                             loan_balance_wan=loans, loan_ratio_line=Decimal(line), depositors=1000)
    return feature, detail


def last_month() -> str:
    return (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def restate_loans(detail, loans: str) -> None:
    """The return changed without a signal (as a bulk load does), then the summary saved: the save re-evaluates."""
    MonthlyReturn.objects.filter(center=detail.feature).update(loan_balance=Decimal(loans) * 10000)
    detail.loan_balance_wan = Decimal(loans)
    detail.save()


def test_it_evaluates_a_fund_center_when_its_figures_are_saved_without_a_sweep(tianhe_office, heard):
    center = Organisation.objects.create(name="广州住房公积金管理中心", type="enterprise", jurisdiction=area("440100"))
    with committed():
        feature, detail = fund_center(organisation=center)
    assert not Warning.objects.filter(feature=feature).exists()
    with committed():
        restate_loans(detail, "9000")  # 90% over the 85% line: orange
    warning = Warning.objects.get(feature=feature, is_open=True)
    assert (warning.rule_code, warning.level, warning.evidence["loan_ratio"]) == ("fund.loan_ratio", 2, 0.9)
    hazard = Hazard.objects.get(feature=feature)
    assert (hazard.state, hazard.level, hazard.responsible_organisation) == ("new", 2, center)  # the center itself
    assert ("raise", hazard.pk) in heard[-1]
    # Back under the line: the warning closes; the hazard stays for the supervisor to judge.
    with committed():
        restate_loans(detail, "8000")
    assert not Warning.objects.filter(feature=feature, is_open=True).exists()
    assert Hazard.objects.get(pk=hazard.pk).state == "new"


def test_it_evaluates_once_per_transaction_however_many_rows_were_saved(tianhe_office, heard, monkeypatch):
    from geo_server.supervision import evaluation

    calls = []
    real = evaluation.evaluate_features
    monkeypatch.setattr(evaluation, "evaluate_features", lambda ids: calls.append(sorted(ids)) or real(ids))
    with committed():
        with transaction.atomic():
            feature, detail = fund_center(loans="9900")
            detail.depositors = 1200
            detail.save()
            other = point_feature("FC-2", *CANTON_TOWER, kind="fund_center")
    assert calls == [sorted([feature.pk, other.pk])]
    assert Warning.objects.get(feature=feature).level == 3  # 99%: over line + 10 points


def test_it_evaluates_a_fund_center_changed_in_the_admin(client, tianhe_office):
    admin = make_user("root", None, "supervisor", is_staff=True, is_superuser=True)
    with committed():
        feature, detail = fund_center()
    client.force_login(admin)
    MonthlyReturn.objects.filter(center=feature).update(loan_balance=Decimal("97000000"))  # no signal
    form = {"feature": feature.pk, "city_adcode": "440100", "deposit_balance_wan": "10000",
            "loan_balance_wan": "9700", "loan_ratio_line": "0.850", "depositors": "1000"}
    with committed():
        response = client.post(f"/admin/funds/fundcenterdetail/{feature.pk}/change/", form)
    assert response.status_code == 302
    assert Warning.objects.get(feature=feature, is_open=True).level == 3
    assert Hazard.objects.get(feature=feature).level == 3
