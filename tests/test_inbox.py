"""The per-user inbox: who is told of which hazard event, the page, the JSON API and the unread
count in the top navigation."""

import pytest

from geo_server.accounts.models import Organisation
from geo_server.notifications.models import InboxMessage
from geo_server.sectors.buildings.models import BuildingDetail
from tests.conftest import area, make_user
from tests.loop import act, raise_hazard


@pytest.fixture
def hazard(tianhe_office, enterprise):
    return raise_hazard(organisation=enterprise)


def kinds(user):
    return list(InboxMessage.objects.filter(user=user).order_by("id").values_list("kind", "hazard_id"))


def test_it_tells_the_responsible_organisation_and_the_supervisors_what_concerns_them(client, hazard, alice, bob,
                                                                                       erin, tianhe_office):
    dora = make_user("dora", Organisation.objects.create(name="海珠区住房和建设局", type="district_office",
                                                        jurisdiction=area("440105")), "district_officer")
    vera = make_user("vera", tianhe_office, "read_only")
    assert kinds(erin) == []  # a raised hazard is on the list, not in anyone's inbox
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    act(client, erin, hazard.pk, "reply", reason="已加固")
    act(client, bob, hazard.pk, "reject", reason="照片不清楚")
    act(client, erin, hazard.pk, "reply", reason="补充照片")
    act(client, bob, hazard.pk, "confirm")
    h = hazard.pk
    assert kinds(erin) == [("dispatch", h), ("issue_notice", h), ("reject", h)]
    # Replies go to the supervisors whose jurisdiction covers the hazard (district and province),
    # not to the actor, a read-only member, another district or the enterprise itself.
    assert kinds(bob) == [("reply", h), ("reply", h)]
    assert kinds(alice) == [("reply", h), ("reply", h)]
    assert kinds(dora) == kinds(vera) == []


def test_it_tells_the_new_organisation_of_a_referral(client, hazard, bob):
    # The building's property manager, recorded after the raise: it now answers for the building.
    other = Organisation.objects.create(name="天河物业管理有限公司", type="enterprise", jurisdiction=area("440106"))
    frank = make_user("frank", other, "enterprise_user")
    act(client, bob, hazard.pk, "dispatch")
    BuildingDetail.objects.filter(feature=hazard.feature).update(manager_organisation=other)
    act(client, bob, hazard.pk, "refer", organisation=other.pk, reason="物业负责整改")
    assert kinds(frank) == [("refer", hazard.pk)]


def test_the_page_names_the_hazard_and_the_event_in_both_languages_and_links_to_it(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    client.force_login(erin)
    chinese = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"隐患 {hazard.pk} 已派发给贵单位" in chinese and hazard.message_zh in chinese
    assert f'href="/hazards/{hazard.pk}/"' in chinese and "B-1" in chinese and 'class="dispatch unread"' in chinese
    assert 'id="inbox-unread"' in chinese and "收件箱" in chinese
    english = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Hazard {hazard.pk} was dispatched to your organisation" in english and hazard.message_en in english


def test_the_top_navigation_counts_unread_messages(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    client.force_login(erin)
    page = client.get("/hazards/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="badge" id="inbox-unread" title="Unread">2</span>' in page
    client.post("/inbox/read-all")
    page = client.get("/hazards/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="inbox-unread"' not in page and ">Inbox</a>" in page


def test_the_api_lists_pages_and_marks_read(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    act(client, bob, hazard.pk, "extend", deadline="2099-01-01", reason="雨季")
    client.force_login(erin)
    body = client.get("/api/inbox", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["unread"] == 3 and [m["kind"] for m in body["messages"]] == ["extend", "issue_notice", "dispatch"]
    newest = body["messages"][0]
    assert newest["hazard"]["id"] == hazard.pk and newest["hazard"]["url"] == f"/hazards/{hazard.pk}/"
    assert newest["event"]["actor"] == "bob" and newest["event"]["reason"] == "雨季"
    assert newest["title"] == f"The deadline of hazard {hazard.pk} was extended"
    first = client.get("/api/inbox?limit=2").json()
    assert len(first["messages"]) == 2 and first["links"][0]["rel"] == "next"
    rest = client.get(first["links"][0]["href"]).json()
    assert [m["kind"] for m in rest["messages"]] == ["dispatch"] and rest["links"] == []
    marked = client.post(f"/api/inbox/{newest['id']}/read").json()
    assert marked["read"] is True and marked["unread"] == 2
    again = client.post(f"/api/inbox/{newest['id']}/read").json()
    assert again["read_at"] == marked["read_at"]  # the first reading time is kept
    assert [m["kind"] for m in client.get("/api/inbox?unread=true").json()["messages"]] == ["issue_notice", "dispatch"]
    assert client.post("/api/inbox/read-all").json() == {"marked": 2, "unread": 0}


def test_the_api_refuses_other_users_messages_and_bad_parameters(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    message = InboxMessage.objects.get(user=erin)
    client.force_login(bob)
    response = client.post(f"/api/inbox/{message.pk}/read")
    assert (response.status_code, response.json()["code"]) == (404, "message_not_found")
    assert InboxMessage.objects.get(pk=message.pk).read_at is None
    assert client.get("/api/inbox?unread=maybe").json()["code"] == "invalid_unread"
    assert client.get("/api/inbox?colour=red").json()["code"] == "unknown_parameter"
    assert client.get("/api/inbox/x").status_code == 404
    client.logout()
    assert client.get("/api/inbox").status_code == 401


def test_the_page_marks_one_message_read(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    message = InboxMessage.objects.get(user=erin)
    client.force_login(erin)
    response = client.post(f"/inbox/{message.pk}/read", {"next": "/inbox/?unread=true"})
    assert response.status_code == 302 and response["Location"] == "/inbox/?unread=true"
    assert InboxMessage.objects.get(pk=message.pk).read_at is not None
    evil = client.post(f"/inbox/{message.pk}/read", {"next": "https://evil.example/"})
    assert evil["Location"] == "/inbox/"
