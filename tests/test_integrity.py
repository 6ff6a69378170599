"""The integrity score (诚信分): moved by configurable weights on hazard events, each change
recorded with the score after it, exactly once; the ranking page and the organisation page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from geo_server.accounts.models import Organisation
from geo_server.integrity.models import IntegrityScore, ScoreEvent, ScoreWeight
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.events import deliver
from geo_server.supervision.models import HazardEvent
from tests.conftest import CANTON_TOWER, area, make_user
from tests.loop import act, building, committed, raise_hazard


def history(organisation):
    return [(e.reason, e.delta, e.score) for e in ScoreEvent.objects.filter(organisation=organisation).order_by("id")]


def repaired(hazard):
    """The building is sound now, so the next sweep does not raise its hazard again."""
    BuildingDetail.objects.filter(feature=hazard.feature).update(safety_grade="B")


def score(organisation) -> Decimal:
    return IntegrityScore.objects.get(organisation=organisation).score


def test_a_sweep_scores_each_raised_hazard_by_level_with_a_running_score(tianhe_office, enterprise):
    from geo_server.supervision.evaluation import sweep

    building("B-1", organisation=enterprise)
    building("B-2", organisation=enterprise, grade="C")
    building("B-3", where=CANTON_TOWER, organisation=enterprise)
    building("B-4")  # no owner: routed to the Tianhe office, which is not to blame for it
    with committed():
        sweep("building")
    assert history(enterprise) == [("raised_red", -5, 95), ("raised_orange", -2, 93), ("raised_red", -5, 88)]
    assert score(enterprise) == 88
    assert not ScoreEvent.objects.exclude(organisation=enterprise).exists()


def test_it_scores_rejections_each_time_and_a_fix_on_time(client, tianhe_office, enterprise, bob, erin):
    hazard = raise_hazard(organisation=enterprise)
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    for _ in range(2):
        act(client, erin, hazard.pk, "reply", reason="已整改")
        act(client, bob, hazard.pk, "reject", reason="不合格")
    act(client, erin, hazard.pk, "reply", reason="已整改")
    act(client, bob, hazard.pk, "confirm")
    act(client, bob, hazard.pk, "close")
    assert history(enterprise) == [("raised_red", -5, 95), ("reply_rejected", -3, 92), ("reply_rejected", -3, 89),
                                   ("closed_on_time", 1, 90)]


def test_a_late_fix_earns_nothing_and_closing_unfixed_costs_ten(client, tianhe_office, enterprise, bob, erin):
    late = raise_hazard(organisation=enterprise)
    act(client, bob, late.pk, "dispatch")
    act(client, bob, late.pk, "issue_notice")
    act(client, erin, late.pk, "reply", reason="已整改")
    HazardEvent.objects.filter(hazard=late, action="reply").update(at=timezone.now() + timedelta(days=30))
    act(client, bob, late.pk, "confirm")
    act(client, bob, late.pk, "close")
    repaired(late)
    unfixed = raise_hazard("B-2", organisation=enterprise)
    act(client, bob, unfixed.pk, "close_not_fixed", reason="拒不整改")
    assert history(enterprise) == [("raised_red", -5, 95), ("raised_red", -5, 90), ("closed_not_fixed", -10, 80)]


def test_it_uses_the_weights_set_in_the_admin(client, tianhe_office, enterprise):
    admin = make_user("root", None, "supervisor", is_staff=True, is_superuser=True)
    client.force_login(admin)
    weight = ScoreWeight.objects.get(reason="raised_red", rule_code="")
    assert weight.delta == -5  # our default, seeded by the migration
    response = client.post(f"/admin/integrity/scoreweight/{weight.pk}/change/", {"reason": "raised_red", "delta": "-8"})
    assert response.status_code == 302
    raise_hazard(organisation=enterprise)
    ScoreWeight.objects.filter(reason="raised_orange", rule_code="").delete()  # back to the code default
    raise_hazard("B-2", organisation=enterprise, grade="C")
    assert history(enterprise) == [("raised_red", -8, 92), ("raised_orange", -2, 90)]


def test_the_same_events_published_again_change_nothing(tianhe_office, enterprise):
    hazard = raise_hazard(organisation=enterprise)
    events = list(HazardEvent.objects.filter(hazard=hazard))
    with committed():
        deliver(events)
        deliver(events)
    assert history(enterprise) == [("raised_red", -5, 95)] and score(enterprise) == 95


def test_the_ranking_sorts_organisations_and_filters_by_type(client, tianhe_office, enterprise, bob):
    other = Organisation.objects.create(name="广州粤华建材有限公司", name_en="Yuehua Materials", type="enterprise",
                                        jurisdiction=area("440100"))
    raise_hazard(organisation=enterprise)
    raise_hazard("B-2", organisation=other, grade="C")
    client.force_login(bob)
    full = client.get("/integrity/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    page = full[full.index('<table class="data ranking">'):]
    order = [page.index(name) for name in ("天河区住房和建设局", "广州粤华建材有限公司", "广州穗建混凝土有限公司")]
    assert order == sorted(order)  # 100, 98, 95
    assert "<h1>诚信分排名</h1>" in full and ">98</td>" in page and ">95</td>" in page
    enterprises = client.get("/integrity/?type=enterprise", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    enterprises = enterprises[enterprises.index("<h1>"):]
    assert "天河区住房和建设局" not in enterprises and "Yuehua Materials" in enterprises
    assert "Integrity ranking" in enterprises and "Hazard raised (red)" in enterprises
    assert client.get("/integrity/?type=bogus").status_code == 200


def test_the_organisation_page_shows_members_open_hazards_and_the_score_history(client, tianhe_office, enterprise,
                                                                              bob, erin):
    hazard = raise_hazard(organisation=enterprise)
    act(client, bob, hazard.pk, "close_not_fixed", reason="拒不整改")
    repaired(hazard)
    raise_hazard("B-2", organisation=enterprise, grade="C")
    client.force_login(bob)
    page = client.get(f"/organisations/{enterprise.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "广州穗建混凝土有限公司" in page and "Guangzhou" in page  # its jurisdiction
    assert '<dd class="members">1</dd>' in page
    assert '<dd class="open-hazards">1 <span class="muted">(2 in all)</span></dd>' in page
    assert "<strong>83</strong>" in page
    rows = page[page.index('id="score-history"'):]
    assert [r for r in ("Hazard raised (orange)", "Closed, not fixed", "Hazard raised (red)") if r in rows]
    assert rows.index("Hazard raised (orange)") < rows.index("Closed, not fixed") < rows.index("Hazard raised (red)")
    chinese = client.get(f"/organisations/{enterprise.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "诚信分" in chinese and "积分记录" in chinese
    assert client.get("/organisations/999999/").status_code == 404


def test_pages_need_a_login(client):
    assert client.get("/integrity/").status_code == 302
    assert client.get("/inbox/").status_code == 302


def test_the_organisation_page_tells_only_of_hazards_the_viewer_may_see(client, tianhe_office, enterprise, erin):
    tianhe = raise_hazard("B-TH", organisation=enterprise)
    haizhu = raise_hazard("B-HZ", where=CANTON_TOWER, organisation=enterprise, grade="C")
    office = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    other = Organisation.objects.create(name="广州粤华建材有限公司", type="enterprise", jurisdiction=area("440100"))
    viewers = {"dora": make_user("dora", office, "district_officer"), "erin": erin,
               "frank": make_user("frank", other, "enterprise_user")}
    seen = {}
    for name, user in viewers.items():
        client.force_login(user)
        page = client.get(f"/organisations/{enterprise.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        counts = page[page.index('<dd class="open-hazards">') + 25:].split(" <span")[0]
        seen[name] = ({h.pk for h in (tianhe, haizhu) if f"/hazards/{h.pk}/" in page or h.message_en in page},
                      counts, "Hazard raised (red)" in page and "Hazard raised (orange)" in page)
    # Its own enterprise sees both; Haizhu's office only the Haizhu one; another enterprise none.
    # Every viewer still reads the score history's reasons: the public credit record.
    assert seen == {"erin": ({tianhe.pk, haizhu.pk}, "2", True), "dora": ({haizhu.pk}, "1", True),
                    "frank": (set(), "0", True)}
