"""Overdue and escalation: a hazard open past its deadline is marked overdue once and escalated to
the organisation above; running the sweep again does nothing; the Celery task and beat schedule."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from geo_server.accounts.models import Organisation
from geo_server.celery import app
from geo_server.integrity.models import ScoreEvent
from geo_server.notifications.models import InboxMessage
from geo_server.supervision.models import Hazard, HazardEvent
from geo_server.supervision.overdue import escalate_overdue
from tests.conftest import area, make_user
from tests.loop import act, city_bureau, committed, raise_hazard


@pytest.fixture
def city(tianhe_office):
    bureau = city_bureau()
    tianhe_office.parent = bureau
    tianhe_office.save()
    return bureau


@pytest.fixture
def carol(city):
    return make_user("carol", city, "supervisor")


@pytest.fixture
def dispatched(client, city, enterprise, bob, erin):
    hazard = raise_hazard(organisation=enterprise)
    act(client, bob, hazard.pk, "dispatch", deadline=(timezone.localdate() + timedelta(days=3)).isoformat())
    return Hazard.objects.get(pk=hazard.pk)


def run(days_late=1):
    with committed():
        return escalate_overdue(timezone.localdate() + timedelta(days=3 + days_late))


def test_it_marks_an_overdue_hazard_once_and_escalates_it_to_the_supervising_offices_parent(
        dispatched, city, carol, erin, bob, enterprise):
    assert run(days_late=0).overdue == 0  # due today is not overdue
    result = run()
    assert (result.overdue, result.escalated) == (1, 1)
    overdue, escalate = HazardEvent.objects.filter(hazard=dispatched, action__in=["overdue", "escalate"]).order_by("id")
    assert (overdue.action, overdue.from_state, overdue.to_state, overdue.actor) == (
        "overdue", "dispatched", "dispatched", None)
    # The enterprise has no parent: the Tianhe office supervising the district escalates to its city bureau.
    assert escalate.data["organisation"] == city.pk and escalate.data["from_organisation"] == enterprise.pk
    stored = Hazard.objects.get(pk=dispatched.pk)
    assert (stored.state, stored.version) == ("dispatched", 2)  # not a transition
    assert list(InboxMessage.objects.filter(user=carol).values_list("kind", flat=True)) == ["escalate"]
    assert list(InboxMessage.objects.filter(user=erin).values_list("kind", flat=True)) == ["dispatch", "overdue"]
    assert [(s.reason, s.delta, s.score) for s in ScoreEvent.objects.filter(organisation=enterprise).order_by("id")] \
        == [("raised_red", -5, 95), ("overdue", -5, 90)]
    # The second run, the next day, finds nothing new.
    again = run(days_late=2)
    assert (again.overdue, again.escalated) == (0, 0)
    assert HazardEvent.objects.filter(hazard=dispatched, action__in=["overdue", "escalate"]).count() == 2
    assert ScoreEvent.objects.filter(reason="overdue").count() == 1
    assert InboxMessage.objects.filter(kind__in=["overdue", "escalate"]).count() == 2


def test_it_escalates_to_the_responsible_organisations_own_parent_first(client, city, tianhe_office, enterprise,
                                                                       bob):
    group = Organisation.objects.create(name="穗建集团", type="enterprise", jurisdiction=area("440100"))
    enterprise.parent = group
    enterprise.save()
    hazard = raise_hazard(organisation=enterprise)
    act(client, bob, hazard.pk, "dispatch", deadline=(timezone.localdate() + timedelta(days=3)).isoformat())
    run()
    assert HazardEvent.objects.get(hazard=hazard, action="escalate").data["organisation"] == group.pk


def test_without_an_organisation_above_it_is_only_marked_overdue(client, tianhe_office, enterprise, bob):
    hazard = raise_hazard(organisation=enterprise)
    act(client, bob, hazard.pk, "dispatch", deadline=(timezone.localdate() + timedelta(days=3)).isoformat())
    result = run()
    assert (result.overdue, result.escalated) == (1, 0)
    assert not HazardEvent.objects.filter(action="escalate").exists()


def test_it_leaves_closed_and_in_time_hazards_alone(client, dispatched, city, enterprise, bob):
    other = raise_hazard("B-2")  # undispatched, its dispatch deadline moved a month on
    closed = raise_hazard("B-3", organisation=enterprise)
    act(client, bob, closed.pk, "dispatch", deadline=(timezone.localdate() + timedelta(days=1)).isoformat())
    act(client, bob, closed.pk, "close_not_fixed", reason="已拆除")
    Hazard.objects.filter(pk=other.pk).update(deadline=timezone.localdate() + timedelta(days=30))
    assert run().overdue == 1
    assert set(HazardEvent.objects.filter(action="overdue").values_list("hazard_id", flat=True)) == {dispatched.pk}


def test_the_command_twice_does_nothing_the_second_time(dispatched):
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    first, second = io.StringIO(), io.StringIO()
    with committed():
        call_command("escalate_overdue", "--today", day, stdout=first)
        call_command("escalate_overdue", "--today", day, stdout=second)
    assert first.getvalue().strip() == "1 hazards overdue, 1 escalated"
    assert second.getvalue().strip() == "0 hazards overdue, 0 escalated"


def test_the_celery_task_runs_inline_without_a_broker_and_beat_schedules_the_loop(dispatched, settings):
    from geo_server.supervision.tasks import escalate_overdue_task, evaluate_rules

    Hazard.objects.filter(pk=dispatched.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    with committed():
        assert escalate_overdue_task.delay().get() == {"overdue": 1, "escalated": 1}
        assert evaluate_rules.delay("building").get()["building"]["features"] == 1
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} == {
        "supervision.evaluate_rules", "supervision.escalate_overdue", "notifications.retry_webhooks",
        "basins.run_risk_model", "patrols.generate_tasks", "layers.refresh_tile_cells"}
    app.loader.import_default_modules()
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)
    assert app.conf.beat_schedule == schedule


def test_the_patrol_and_tile_tasks_run_inline(bob):
    from geo_server.patrols.models import PatrolPlan, PatrolTask
    from geo_server.patrols.tasks import generate_tasks_task
    from geo_server.patrols.zones import create_zone
    from layers.tasks import refresh_tile_cells
    from tests.test_zones import SQUARE

    PatrolPlan.objects.create(zone=create_zone(bob, "体育中心", SQUARE)).inspectors.set([bob])
    assert generate_tasks_task.delay().get() == {"created": 1}
    assert generate_tasks_task.delay().get() == {"created": 0}  # idempotent within the period
    assert PatrolTask.objects.get().inspector == bob
    assert refresh_tile_cells.delay().get() == {"refreshed": True}
