"""Every hazard goes to the organisation that must fix it, as its sector names it (Sector.responsible_party):
a building's property manager (else its owner), a site's general contractor, a plant's enterprise, a
water project's contractor, a fund center itself. The supervising office dispatches, confirms and
closes: it is never the recipient, may not reply for the party, and is never scored for its own loop."""

from datetime import date, datetime, timezone as tz

import pytest

from geo_server.accounts.models import Organisation, User
from geo_server.features.scoping import scope_features
from geo_server.demo.organisations import MANAGER_SUFFIX, ensure_demo_users, ensure_organisations
from geo_server.integrity.models import ScoreEvent
from geo_server.integrity.scoring import entries
from geo_server.sectors.buildings.demo import assign_managers
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.sectors.waterworks.models import WaterProjectDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.findings import raise_finding_hazard
from geo_server.supervision.models import Hazard
from tests.conftest import TIANHE_SPORTS_CENTER, area, make_user, point_feature
from tests.loop import act, committed
from tests.test_hazards import building, post


@pytest.fixture
def party(db):
    """The organisation each test names as a feature's responsible party."""
    return Organisation.objects.create(name="责任单位（测试）", type="enterprise", jurisdiction=area("440106"))


def found(feature) -> Hazard:
    return raise_finding_hazard(feature, "test.finding", 2, "现场发现问题", "Found on site", actor=None).hazard


def test_it_routes_a_building_to_its_property_manager_before_its_owner(tianhe_office, enterprise, party):
    managed = building("B-1", organisation=enterprise, manager_organisation=party)
    owned = building("B-2", where=(113.3250, 23.1380), organisation=enterprise)
    sweep("building")
    assert Hazard.objects.get(feature=managed).responsible_organisation == party
    assert Hazard.objects.get(feature=owned).responsible_organisation == enterprise


def test_it_routes_a_water_project_to_its_contractor(tianhe_office, party):
    project = point_feature("WP-1", *TIANHE_SPORTS_CENTER, kind="water_project")
    WaterProjectDetail.objects.create(feature=project, project_type="sluice", owner_unit="市水务局", contractor=party.name,
                                      contractor_organisation=party, stage="foundation", budget_wan=100,
                                      started_on=date(2026, 1, 5))
    assert found(project).responsible_organisation == party


@pytest.mark.parametrize("kind", ["fund_center", "construction_site", "concrete_plant"])
def test_it_routes_a_center_a_site_and_a_plant_to_their_own_organisation(tianhe_office, party, kind):
    # The fund center is its own organisation; the site's is its general contractor, the plant's its enterprise.
    feature = point_feature("X-1", *TIANHE_SPORTS_CENTER, kind=kind, organisation=party)
    assert found(feature).responsible_organisation == party


def test_the_party_sees_the_features_it_must_fix_and_no_others(client, enterprise, party):
    """A property manager and a water project's contractor open the records of what they answer for
    (the hazard page links there); another enterprise does not."""
    managed = building("B-1", organisation=enterprise, manager_organisation=party)
    other = building("B-2", where=(113.3250, 23.1380), organisation=enterprise)
    project = point_feature("WP-1", *TIANHE_SPORTS_CENTER, kind="water_project")
    WaterProjectDetail.objects.create(feature=project, project_type="sluice", owner_unit="市水务局", contractor=party.name,
                                      contractor_organisation=party, stage="foundation", budget_wan=100,
                                      started_on=date(2026, 1, 5))
    manager = make_user("mona", party, "enterprise_user")
    assert set(scope_features(manager).values_list("code", flat=True)) == {"B-1", "WP-1"}
    assert set(scope_features(make_user("owen", enterprise, "enterprise_user")).values_list("code", flat=True)) == {
        "B-1", "B-2"}
    stranger = Organisation.objects.create(name="无关企业（测试）", type="enterprise", jurisdiction=area("440106"))
    assert not scope_features(make_user("sam", stranger, "enterprise_user")).exists()
    client.force_login(manager)
    assert client.get(f"/features/{managed.pk}/").status_code == 200
    assert client.get(f"/features/{project.pk}/").status_code == 200
    assert client.get(f"/features/{other.pk}/").status_code == 404


def test_it_never_routes_to_an_office_even_one_recorded_as_the_features_organisation(tianhe_office):
    Organisation.objects.create(name="天河南街道办事处", type="street_office", jurisdiction=area("440106"))
    feature = building("B-1", organisation=tianhe_office)
    sweep("building")
    assert Hazard.objects.get(feature=feature).responsible_organisation is None


@pytest.fixture
def legacy(tianhe_office, enterprise):
    """A hazard the old routing handed to the Tianhe office that supervises it, on a building of `enterprise`."""
    feature = building("B-1", organisation=enterprise)
    return Hazard.objects.create(feature=feature, rule_code="building.dangerous_grade", kind="building",
                                 district=feature.district, geom=feature.geom, level=3, message_zh="危房",
                                 message_en="dangerous", responsible_organisation=tianhe_office)


def test_the_office_may_not_reply_for_a_hazard_routed_to_itself(client, legacy, bob):
    Hazard.objects.filter(pk=legacy.pk).update(state="notice_issued")
    response = post(client, bob, legacy.pk, action="reply", version=1, reason="已整改")
    assert (response.status_code, response.json()["code"]) == (403, "supervisor_cannot_reply")
    assert Hazard.objects.get(pk=legacy.pk).state == "notice_issued"


def test_a_dispatch_sends_an_office_routed_hazard_to_the_features_party(client, legacy, enterprise, bob, erin):
    body = act(client, bob, legacy.pk, "dispatch")
    assert body["organisation"]["id"] == enterprise.pk
    act(client, bob, legacy.pk, "issue_notice")
    assert act(client, erin, legacy.pk, "reply", reason="已整改")["state"] == "replied"


def test_the_office_is_never_scored_for_a_hazard_routed_to_itself(client, legacy, tianhe_office, bob):
    rows = [{"event_id": 1, "action": "reject", "at": datetime(2026, 12, 7, tzinfo=tz.utc), "hazard_id": legacy.pk,
             "level": 3, "organisation_id": tianhe_office.pk, "organisation_type": "district_office",
             "owner_id": None, "deadline": None, "replied_on": None, "from_state": "replied"}]
    assert entries(rows, {"reply_rejected": -3}) == []
    with committed():
        Hazard.objects.filter(pk=legacy.pk).update(state="dispatched", version=2)
        act(client, bob, legacy.pk, "close_not_fixed", reason="已拆除")
    assert not ScoreEvent.objects.filter(organisation=tianhe_office).exists()


def test_the_party_is_scored_and_the_office_is_not_over_a_whole_loop(client, tianhe_office, enterprise, bob, erin):
    feature = building("B-1", organisation=enterprise)
    with committed():
        sweep("building")
    hazard = Hazard.objects.get(feature=feature)
    for user, action, extra in ((bob, "dispatch", {}), (bob, "issue_notice", {}), (erin, "reply", {"reason": "改"}),
                                (bob, "reject", {"reason": "照片不清"})):
        act(client, user, hazard.pk, action, **extra)
    scored = set(ScoreEvent.objects.values_list("organisation_id", "reason"))
    assert scored == {(enterprise.pk, "raised_red"), (enterprise.pk, "reply_rejected")}


def test_the_demo_has_an_account_for_each_responsible_party(db):
    ensure_organisations()
    ensure_demo_users()
    parties = {u.username: u.organisation for u in User.objects.filter(username__in=("manager", "contractor", "fund"))}
    assert parties["manager"].name == "天河区" + MANAGER_SUFFIX
    assert parties["fund"].name == "广州市住房公积金管理中心"
    assert {o.type for o in parties.values()} == {"enterprise"}
    assert all(u.role == "enterprise_user" for u in User.objects.filter(username__in=parties))


def test_the_demo_gives_each_synthetic_building_its_districts_manager(db):
    managers = ensure_organisations()["managers"]
    feature = building("BLD9999999")
    feature.__class__.objects.filter(pk=feature.pk).update(synthetic=True)
    assert assign_managers([pk for pk, _name in managers]) == 1
    assert BuildingDetail.objects.get(feature=feature).manager_organisation.name == "天河区" + MANAGER_SUFFIX
    assert assign_managers([pk for pk, _name in managers]) == 0
