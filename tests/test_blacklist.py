"""Per-rule weights of the integrity score, and blacklisting a contractor for confirmed malicious
wage arrears (POST /api/hazards/<id>/blacklist), at their boundaries."""

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from geo_server.integrity import scoring
from geo_server.integrity.blacklist import active_blacklisting
from geo_server.integrity.models import Blacklisting, IntegrityScore, ScoreWeight
from geo_server.integrity.recording import on_events
from geo_server.integrity.weights import current_weights, rule_weights, weight_for
from geo_server.sector import register_sector, sector_for, unregister_sector
from geo_server.supervision.models import Hazard, HazardEvent
from tests.test_cosupervision import world, worksites_sector  # noqa: F401 (fixtures)

URL = "/api/hazards/{}/blacklist"


@pytest.fixture
def blacklistable(worksites_sector):  # noqa: F811
    sector = sector_for("construction_site")
    register_sector(dataclasses.replace(sector, extras={**sector.extras, "blacklist_rules": ("wage.unpaid",)}))
    yield
    unregister_sector("construction_site")
    register_sector(sector)


def test_a_rules_own_weight_wins_over_the_general_one(db):
    general, by_rule = current_weights(), rule_weights()
    assert weight_for("raised_red", "wage.unpaid", general, by_rule) == Decimal("-10")
    assert weight_for("raised_red", "building.dangerous", general, by_rule) == Decimal("-5")
    assert weight_for("reply_rejected", "wage.unpaid", general, by_rule) == Decimal("-3")  # no row of its own
    ScoreWeight.objects.filter(rule_code="wage.unpaid", reason="raised_red").update(delta=Decimal("-12"))
    ScoreWeight.objects.filter(rule_code="", reason="raised_red").update(delta=Decimal("-6"))
    general, by_rule = current_weights(), rule_weights()
    assert weight_for("raised_red", "wage.unpaid", general, by_rule) == Decimal("-12")
    assert weight_for("raised_red", "site.past_planned_completion", general, by_rule) == Decimal("-6")


def test_scoring_entries_use_the_rules_weight():
    row = {"event_id": 1, "action": "raise", "at": timezone.now(), "hazard_id": 9, "level": 3, "organisation_id": 4,
           "owner_id": 4, "deadline": None, "replied_on": None, "rule_code": "wage.unpaid"}
    general = {"raised_red": Decimal("-5")}
    assert [e.delta for e in scoring.entries([row], general, {("wage.unpaid", "raised_red"): Decimal("-10")})] \
        == [Decimal("-10")]
    assert [e.delta for e in scoring.entries([{**row, "rule_code": "x.y"}], general,
                                             {("wage.unpaid", "raised_red"): Decimal("-10")})] == [Decimal("-5")]


def test_a_wage_hazard_moves_the_contractors_score_by_its_rules_weight(world):  # noqa: F811
    hazard = world.hazards["A"]  # wage.unpaid, orange, routed to contractor A
    on_events(list(HazardEvent.objects.filter(hazard=hazard, action="raise")))
    assert IntegrityScore.objects.get(organisation=world.organisations["A"]).score == Decimal("96.0")  # 100 - 4


def close(hazard):
    Hazard.objects.filter(pk=hazard.pk).update(state="closed")


def test_blacklist_a_closed_wage_hazard(client, world, blacklistable):  # noqa: F811
    lara, hazard = world.users["lara"], world.hazards["A"]
    client.force_login(lara)
    until = timezone.localdate() + timedelta(days=365)
    response = client.post(URL.format(hazard.pk), {"reason": "恶意欠薪", "until": until.isoformat()},
                           content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "hazard_not_closed"
    close(hazard)
    response = client.post(URL.format(hazard.pk), {"reason": "恶意欠薪，拒不支付", "until": until.isoformat()},
                           content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["organisation"]["id"] == world.organisations["A"].pk
    assert body["from"] == timezone.localdate().isoformat() and body["until"] == until.isoformat()
    row = Blacklisting.objects.get()
    assert row.hazard_id == hazard.pk and row.created_by == lara
    page = client.get(f"/organisations/{world.organisations['A'].pk}/")
    assert "恶意欠薪，拒不支付" in page.content.decode()


def test_blacklist_refused_outside_jurisdiction_for_other_rules_and_for_the_contractor(client, world, blacklistable):  # noqa: F811,E501
    hazard = world.hazards["A"]
    close(hazard)
    body = {"reason": "恶意欠薪", "until": None}
    client.force_login(world.users["hank"])  # Haizhu's labour office: cannot see a Tianhe site
    assert client.post(URL.format(hazard.pk), body, content_type="application/json").status_code == 404
    client.force_login(world.users["carl"])  # the contractor sees it but does not supervise
    response = client.post(URL.format(hazard.pk), body, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    client.force_login(world.users["bob"])  # 住建 Tianhe: a building hazard is no wage rule
    close(world.hazards["building"])
    response = client.post(URL.format(world.hazards["building"].pk), body, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "not_blacklistable"
    response = client.post(URL.format(hazard.pk), {"reason": ""}, content_type="application/json")
    assert response.status_code == 400
    assert client.post(URL.format(hazard.pk), body, content_type="application/json").status_code == 201  # 住建 too
    assert not Blacklisting.objects.filter(created_by__in=[world.users["hank"], world.users["carl"]]).exists()


def test_active_blacklisting_until_today_vs_yesterday(world):  # noqa: F811
    org = world.organisations["A"]
    today = date(2026, 5, 1)
    ends_today = Blacklisting.objects.create(organisation=org, reason="a", starts_on=date(2026, 1, 1), until=today)
    Blacklisting.objects.create(organisation=org, reason="b", starts_on=date(2026, 1, 1),
                                until=today - timedelta(days=1))
    starts_tomorrow = Blacklisting.objects.create(organisation=org, reason="c", starts_on=today + timedelta(days=1))
    open_ended = Blacklisting.objects.create(organisation=org, reason="d", starts_on=today)
    assert active_blacklisting([org.pk], today) == {org.pk: [open_ended, ends_today]}
    assert active_blacklisting([org.pk], today + timedelta(days=1)) == {org.pk: [starts_tomorrow, open_ended]}
    assert active_blacklisting([world.organisations["B"].pk], today) == {}
