"""One patrol record: a river chief's walk along a reach and an inspector's walk in a zone are rows of
the one table (patrols_patrol), each with exactly one target, and each compliance counts its own kind.

The walk: 113.321 -> 113.329 -> 113.321 -> 113.329 along latitude 23.138 in 40 minutes, 3 legs of
0.008° = 3 x 819.4 m. It lies on the hand-made reach (113.320-113.340 at 23.138, tests/reaches.py) and
inside the zone SQUARE (113.320-113.330 x 23.133-23.143, tests/test_zones.py): it counts for both. 2026-05-06
is a Wednesday, in the first 旬 of May (days 1-10) and the ISO week of 05-04 to 05-11.
"""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from basins.compliance import chief_tasks
from basins.patrols import record_patrol
from geo_server.patrols.compliance import compliance_rows
from geo_server.patrols.models import Patrol, PatrolPlan
from geo_server.patrols.plans import generate_tasks
from geo_server.patrols.validity import record_zone_patrol
from geo_server.patrols.zones import create_zone
from tests.conftest import make_user
from tests.reaches import make_chief, make_reach
from tests.test_patrol_plans import START, walk
from tests.test_zones import SQUARE

WEDNESDAY = date(2026, 5, 6)
WALK = [113.321, 113.329, 113.321, 113.329]


@pytest.fixture
def reach(db):
    return make_reach()


@pytest.fixture
def zone(bob):
    return create_zone(bob, "体育中心", SQUARE)


@pytest.fixture
def rachel(reach, tianhe_office):
    user = make_user("rachel", tianhe_office, "river_chief", river_chief_level="village")
    make_chief(reach, user, "village")
    return user


@pytest.fixture
def ivan(zone, tianhe_office):
    user = make_user("ivan", tianhe_office, "inspector")
    PatrolPlan.objects.create(zone=zone).inspectors.set([user])
    return user


def test_a_reach_patrol_and_a_zone_patrol_are_rows_of_one_table(reach, zone, rachel, ivan, bob):
    along = record_patrol(rachel, reach, walk(WALK, 40))
    inside = record_zone_patrol(ivan, zone, walk(WALK, 40))

    assert list(Patrol.objects.order_by("pk")) == [along, inside]
    assert (along.walker, along.reach, along.zone) == (rachel, reach, None)
    assert (inside.walker, inside.reach, inside.zone) == (ivan, None, zone)
    for patrol in (along, inside):
        assert patrol.length_m == pytest.approx(3 * 819.4, rel=0.005)
        assert patrol.coverage == pytest.approx(1.0)
        assert patrol.valid, patrol.reasons
        assert patrol.times == walk(WALK, 40).times and patrol.started_at == START
    # The related names of the two old tables still answer.
    assert list(reach.patrols.all()) == [along] and list(zone.patrols.all()) == [inside]
    assert list(rachel.patrols.all()) == [along] and list(ivan.patrols.all()) == [inside]

    # Each compliance counts its own kind only: the chief's 旬 task has its one patrol, the
    # inspector's weekly task its one (a zone without features: 1 patrol a week).
    [chief_row] = chief_tasks(rachel, WEDNESDAY)
    assert (chief_row.task.reach_id, chief_row.task.due, chief_row.task.done) == (reach.pk, 1, 1)
    generate_tasks(WEDNESDAY)
    [zone_row] = compliance_rows(bob, WEDNESDAY)
    assert (zone_row.zone_id, zone_row.due, zone_row.done, zone_row.status) == (zone.pk, 1, 1, "done")


def test_the_table_refuses_a_patrol_with_both_targets_or_neither(reach, zone, rachel):
    along = record_patrol(rachel, reach, walk(WALK, 40))
    fields = {f.name: getattr(along, f.name) for f in Patrol._meta.concrete_fields
              if f.name not in ("id", "reach", "zone")}
    for targets in ({"reach": reach, "zone": zone}, {}):
        with pytest.raises(IntegrityError, match="patrol_reach_xor_zone"), transaction.atomic():
            Patrol.objects.create(**fields, **targets)
    assert list(Patrol.objects.all()) == [along]
