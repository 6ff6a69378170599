"""Co-supervision: a district's labour office (人社) supervises construction sites (the kinds whose
Sector lists "labour_office" in co_supervisors) in its jurisdiction alongside the 住建 district
office; wage hazards go to the general contractor, who sees and answers them."""

import dataclasses

import pytest

from geo_server.accounts.models import Organisation
from geo_server.errors import NotFound
from geo_server.features.scoping import scope_features, supervised_kinds
from geo_server.notifications.audience import add_inbox_messages
from geo_server.notifications.models import InboxMessage
from geo_server.sector import Sector, register_sector, sector_for, unregister_sector
from geo_server.supervision import store
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.hazards import apply_transition, visible_hazards
from geo_server.supervision.models import Hazard
from geo_server.supervision.rules import Finding
from tests.conftest import area, make_user
from tests.test_hazards import building
from tests.worksites_rules_world import build_wage_world


@pytest.fixture
def worksites_sector():
    """The worksites Sector with its co-supervisor, as the app will declare it."""
    existing = sector_for("construction_site")
    if existing is not None and "labour_office" in existing.co_supervisors:
        yield existing
        return
    sector = (dataclasses.replace(existing, co_supervisors=("labour_office",)) if existing is not None
              else Sector(kind="construction_site", app_label="worksites", co_supervisors=("labour_office",)))
    register_sector(sector)
    yield sector
    unregister_sector("construction_site")
    if existing is not None:
        register_sector(existing)


@pytest.fixture
def world(worksites_sector, tianhe_office, bob, erin):
    world = build_wage_world()
    tianhe_labour = Organisation.objects.create(name="天河区人力资源和社会保障局", type="labour_office",
                                                jurisdiction=area("440106"))
    haizhu_labour = Organisation.objects.create(name="海珠区人力资源和社会保障局", type="labour_office",
                                                jurisdiction=area("440105"))
    world.users = {"lara": make_user("lara", tianhe_labour, "supervisor"),
                   "hank": make_user("hank", haizhu_labour, "district_officer"),
                   "carl": make_user("carl", world.organisations["A"], "enterprise_user"),
                   "bob": bob, "erin": erin}
    manager = Organisation.objects.create(name="天河物业管理有限公司", type="enterprise", jurisdiction=area("440106"))
    world.building = building("CO-B1", grade="D", manager_organisation=manager)  # Tianhe: routed to its manager
    sweep("building")
    # A wage warning on each site, promoted the way the sweep promotes (it routes to the contractor).
    store.upsert_warnings([("wage.unpaid", world.sites[key].pk, Finding(2, f"欠薪{key}", f"unpaid {key}"))
                           for key in ("A", "B", "C")], "2026-04-16T00:00:00+08:00")
    store.promote_to_hazards("construction_site")
    world.hazards = {key: Hazard.objects.get(feature=world.sites[key]) for key in ("A", "B", "C")}
    world.hazards["building"] = Hazard.objects.get(feature=world.building)
    return world


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def hazard_codes(user) -> set[str]:
    return set(visible_hazards(user).values_list("feature__code", flat=True))


def test_a_labour_office_supervises_only_the_kinds_that_name_it(worksites_sector):
    assert supervised_kinds("labour_office") == ["construction_site"]
    assert supervised_kinds("district_office") is None


def test_labour_office_sees_sites_and_their_hazards_in_its_district_not_buildings(world):
    lara, hank = world.users["lara"], world.users["hank"]
    assert codes(scope_features(lara)) == {"CSA", "CSC"}
    assert hazard_codes(lara) == {"CSA", "CSC"}
    assert codes(scope_features(hank)) == {"CSB"}
    assert hazard_codes(hank) == {"CSB"}
    with pytest.raises(NotFound):
        apply_transition(lara, world.hazards["building"].pk, "dispatch", {}, 1)
    with pytest.raises(NotFound):
        apply_transition(lara, world.hazards["B"].pk, "dispatch", {}, 1)
    # The 住建 district office keeps every kind of its district.
    assert codes(scope_features(world.users["bob"])) == {"CSA", "CSC", "CO-B1"}
    assert hazard_codes(world.users["bob"]) == {"CSA", "CSC", "CO-B1"}


def test_wage_hazards_go_to_the_general_contractor(world):
    assert world.hazards["A"].responsible_organisation == world.organisations["A"]
    assert world.hazards["B"].responsible_organisation == world.organisations["B"]
    assert world.hazards["building"].responsible_organisation.name == "天河物业管理有限公司"


def test_labour_office_dispatches_and_the_contractor_replies(world):
    lara, carl = world.users["lara"], world.users["carl"]
    hazard = apply_transition(lara, world.hazards["A"].pk, "dispatch", {}, 1)
    hazard = apply_transition(lara, hazard.pk, "issue_notice", {}, 2)
    assert hazard.state == "notice_issued"
    assert hazard_codes(carl) == {"CSA", "CSC"}  # its own sites only
    hazard = apply_transition(carl, hazard.pk, "reply", {"reason": "已补发三月工资"}, 3)
    assert hazard.state == "replied"
    reply = hazard.events.get(action="reply")
    add_inbox_messages([reply.pk])
    told = set(InboxMessage.objects.filter(event=reply).values_list("user__username", flat=True))
    assert told == {"lara", "bob"}  # both supervising offices of Tianhe; not hank, not carl himself


def test_labour_office_is_not_told_of_building_replies(world):
    bob = world.users["bob"]
    hazard = world.hazards["building"]
    officer = make_user("mia", hazard.responsible_organisation, "enterprise_user")
    hazard = apply_transition(bob, hazard.pk, "dispatch", {}, 1)
    hazard = apply_transition(bob, hazard.pk, "issue_notice", {}, 2)
    hazard = apply_transition(officer, hazard.pk, "reply", {"reason": "已加固"}, 3)
    reply = hazard.events.get(action="reply")
    add_inbox_messages([reply.pk])
    told = set(InboxMessage.objects.filter(event=reply).values_list("user__username", flat=True))
    assert "lara" not in told and "bob" in told


def test_another_enterprise_sees_nothing(world):
    erin = world.users["erin"]
    assert codes(scope_features(erin)) == set()
    assert hazard_codes(erin) == set()
    with pytest.raises(NotFound):
        apply_transition(erin, world.hazards["A"].pk, "dispatch", {}, 1)
