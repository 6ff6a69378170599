"""Dispatch deadlines: a raised hazard must be dispatched within its level's days (settings'
GEO_SERVER["DISPATCH_DAYS"], red 1, orange 3, yellow 7); past that it is overdue like any other,
for the overdue sweep, escalation and the list's filter. The boundary: at the deadline's last second
it is not overdue, one second later it is."""

import importlib
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from geo_server.integrity.models import ScoreEvent
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.deadlines import dispatch_days, dispatch_deadline
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.findings import raise_finding_hazard
from geo_server.supervision.hazards import is_overdue
from geo_server.supervision.models import Hazard, HazardEvent
from geo_server.supervision.overdue import escalate_overdue
from tests.loop import act, city_bureau, committed
from tests.test_hazards import building

DAYS = {3: 1, 2: 3, 1: 7}


@pytest.mark.parametrize(("level", "deadline"), [(3, date(2026, 12, 8)), (2, date(2026, 12, 10)),
                                                 (1, date(2026, 12, 14))])
def test_it_gives_each_level_its_days_to_dispatch(level, deadline):
    assert dispatch_deadline(level, date(2026, 12, 7), DAYS) == deadline


def test_it_reads_the_days_from_the_settings(settings):
    assert dispatch_days() == DAYS
    settings.GEO_SERVER = {**settings.GEO_SERVER, "DISPATCH_DAYS": {3: 2, 2: 5, 1: 10}}
    assert dispatch_days() == {3: 2, 2: 5, 1: 10}


def test_a_swept_and_a_found_hazard_start_with_their_dispatch_deadline(tianhe_office, enterprise):
    red = building("B-1", organisation=enterprise)
    orange = building("B-2", where=(113.3250, 23.1380), grade="C", organisation=enterprise)
    sweep("building")
    today = timezone.localdate()
    assert Hazard.objects.get(feature=red).deadline == today + timedelta(days=1)
    assert Hazard.objects.get(feature=orange).deadline == today + timedelta(days=3)
    yellow = raise_finding_hazard(red, "test.finding", 1, "发现", "Found", actor=None).hazard
    assert yellow.deadline == today + timedelta(days=7)


def test_a_hazard_that_grows_worse_before_dispatch_gets_the_nearer_deadline(tianhe_office, enterprise):
    feature = building("B-1", grade="C", organisation=enterprise)
    sweep("building")
    BuildingDetail.objects.filter(feature=feature).update(safety_grade="D")
    sweep("building")
    hazard = Hazard.objects.get(feature=feature)
    assert (hazard.level, hazard.deadline) == (3, timezone.localdate() + timedelta(days=1))


@pytest.fixture
def undispatched(tianhe_office, enterprise):
    feature = building("B-1", organisation=enterprise)
    with committed():
        sweep("building")
    return Hazard.objects.get(feature=feature)


def test_it_is_not_overdue_at_the_deadlines_last_second_and_is_one_second_later(undispatched):
    deadline = undispatched.deadline
    last_second = timezone.make_aware(datetime.combine(deadline, datetime.max.time()).replace(microsecond=0))
    assert not is_overdue(undispatched, timezone.localdate(last_second))
    assert is_overdue(undispatched, timezone.localdate(last_second + timedelta(seconds=1)))


def test_the_sweep_marks_it_overdue_only_past_the_deadline_and_escalates_above_the_office(
        undispatched, tianhe_office, enterprise):
    city = city_bureau()
    tianhe_office.parent = city
    tianhe_office.save()
    with committed():
        assert escalate_overdue(undispatched.deadline).overdue == 0
        result = escalate_overdue(undispatched.deadline + timedelta(days=1))
    assert (result.overdue, result.escalated) == (1, 1)
    escalate = HazardEvent.objects.get(hazard=undispatched, action="escalate")
    assert (escalate.from_state, escalate.data["organisation"]) == ("new", city.pk)
    # Late to be dispatched is the office's delay: the party is not scored for it.
    assert not ScoreEvent.objects.filter(reason="overdue").exists()


def test_once_dispatched_it_can_be_late_again_to_be_fixed(client, undispatched, enterprise, bob):
    with committed():
        escalate_overdue(undispatched.deadline + timedelta(days=1))
    act(client, bob, undispatched.pk, "dispatch", deadline=(timezone.localdate() + timedelta(days=5)).isoformat())
    with committed():
        assert escalate_overdue(timezone.localdate() + timedelta(days=5)).overdue == 0
        assert escalate_overdue(timezone.localdate() + timedelta(days=6)).overdue == 1
    assert ScoreEvent.objects.filter(reason="overdue", organisation=enterprise).count() == 1


def test_the_migration_backfills_old_hazards_which_the_overdue_list_then_shows(client, undispatched, bob):
    raised = timezone.now() - timedelta(days=10)
    Hazard.objects.filter(pk=undispatched.pk).update(deadline=None, created_at=raised)
    backfill = importlib.import_module("geo_server.supervision.migrations.0005_dispatch_deadlines").backfill
    with connection.schema_editor() as editor:
        backfill(None, editor)
    assert Hazard.objects.get(pk=undispatched.pk).deadline == timezone.localdate(raised) + timedelta(days=1)
    client.force_login(bob)
    listed = client.get("/api/hazards?overdue=true").json()
    assert [(h["id"], h["overdue"]) for h in listed["hazards"]] == [(undispatched.pk, True)]
