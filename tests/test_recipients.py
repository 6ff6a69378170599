"""Who may receive a hazard: the party its sector names (a building's property manager) and the
feature's own organisation, never an office; dispatch and refer refuse anyone else, through the
API, the page form and the phone sync."""

import json
import uuid

import pytest

from geo_server.accounts.models import Organisation
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from geo_server.supervision.recipients import eligible_recipients
from tests.conftest import area
from tests.test_hazards import act, building, post


@pytest.fixture
def offices(tianhe_office, enterprise, province_bureau):
    """A building of `enterprise` in Tianhe managed by a property manager, and the organisations
    around it that must never receive its hazards."""
    make = Organisation.objects.create
    manager = make(name="天河物业管理有限公司", type="enterprise", jurisdiction=area("440106"))
    feature = building("B-1", organisation=enterprise, manager_organisation=manager)
    return {
        "manager": manager,
        "street": make(name="天河南街道办事处", type="street_office", jurisdiction=feature.street),
        "city": make(name="广州市住房和城乡建设局", type="city_bureau", jurisdiction=area("440100")),
        "haizhu": make(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105")),
        "stranger": make(name="广州粤华建材有限公司", type="enterprise", jurisdiction=area("440100")),
    }


@pytest.fixture
def hazard(offices):
    sweep("building")
    return Hazard.objects.get()


def test_it_names_the_property_manager_and_the_owner_never_an_office(hazard, offices, enterprise):
    assert hazard.responsible_organisation == offices["manager"]
    assert set(eligible_recipients(hazard)) == {offices["manager"], enterprise}


def test_it_names_no_one_for_an_ownerless_feature_and_refuses_to_dispatch_it(client, tianhe_office, bob):
    building("B-9")
    sweep("building")
    hazard = Hazard.objects.get()
    assert set(eligible_recipients(hazard)) == set()
    response = post(client, bob, hazard.pk, action="dispatch", version=1)
    assert (response.status_code, response.json()["code"]) == (400, "no_responsible_party")


@pytest.mark.parametrize("outsider", ["stranger", "haizhu", "street", "city", "tianhe", "province"])
def test_it_refuses_to_dispatch_to_an_office_or_an_organisation_with_no_business_there(
        client, hazard, offices, bob, tianhe_office, province_bureau, outsider):
    organisation = {"province": province_bureau, "tianhe": tianhe_office}.get(outsider) or offices[outsider]
    response = post(client, bob, hazard.pk, action="dispatch", version=1, organisation=organisation.pk)
    assert (response.status_code, response.json()["code"]) == (403, "recipient_not_allowed")
    assert Hazard.objects.get().state == "new"


def test_it_refers_to_the_owner_but_not_to_the_street_office(client, hazard, offices, enterprise, bob):
    act(client, bob, hazard.pk, "dispatch")
    refused = post(client, bob, hazard.pk, action="refer", version=2, organisation=offices["street"].pk,
                   reason="x")
    assert (refused.status_code, refused.json()["code"]) == (403, "recipient_not_allowed")
    body = act(client, bob, hazard.pk, "refer", organisation=enterprise.pk, reason="业主自行整改")
    assert body["organisation"]["id"] == enterprise.pk


def test_the_page_offers_only_the_eligible_recipients(client, hazard, offices, bob, province_bureau):
    client.force_login(bob)
    html = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert all(f'value="{o.pk}"' in html for o in eligible_recipients(hazard))
    assert not any(f'value="{o.pk}">{o.name}' in html
                   for o in (offices["stranger"], offices["haizhu"], offices["street"], province_bureau))


def test_the_page_form_refuses_a_forged_recipient(client, hazard, offices, bob):
    client.force_login(bob)
    client.post(f"/hazards/{hazard.pk}/", {"action": "dispatch", "version": 1, "organisation": offices["stranger"].pk})
    assert Hazard.objects.get().state == "new"


def test_the_phone_sync_refuses_an_unrelated_recipient(client, hazard, offices, bob):
    client.force_login(bob)
    action = {"id": str(uuid.uuid4()), "type": "hazard_transition", "hazard": hazard.pk, "action": "dispatch",
              "version": 1, "organisation": offices["stranger"].pk}
    response = client.post("/api/m/sync", json.dumps({"actions": [action]}), content_type="application/json")
    outcome = response.json()["results"][0]
    assert (outcome["status"], outcome["code"]) == ("error", "recipient_not_allowed")
    assert Hazard.objects.get().state == "new"
