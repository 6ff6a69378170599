"""Checklists: the seeded templates, and a failed item entering the supervision loop as one hazard."""

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from geo_server.accounts.models import Organisation
from geo_server.checklists.models import ChecklistResult, ChecklistTemplate
from geo_server.checklists.results import AnswerInput, amend_result, record_result
from geo_server.errors import BadRequest, Conflict
from geo_server.sectors.waterworks.models import WaterProjectDetail
from geo_server.supervision.models import Hazard
from geo_server.supervision.store import promote_to_hazards, upsert_warnings
from geo_server.supervision.rules import Finding
from tests.conftest import TIANHE_SPORTS_CENTER, area, make_user, point_feature

FILLED = datetime(2026, 5, 6, 10, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def ivan(tianhe_office):
    return make_user("ivan", tianhe_office, "inspector")


@pytest.fixture
def contractor(db):
    return Organisation.objects.create(name="某水利建设公司", type="enterprise", jurisdiction=area("440106"))


@pytest.fixture
def project(db):
    return point_feature("WP-1", *TIANHE_SPORTS_CENTER, kind="water_project", name="猎德泵站")


def template(code="water_project-main_structure") -> ChecklistTemplate:
    return ChecklistTemplate.objects.get(code=code)


def fill(inspector, feature, answers, tpl=None, **extra) -> ChecklistResult:
    tpl = tpl or template()
    items = list(tpl.items.order_by("order"))
    return record_result(inspector, template=tpl, feature=feature, client_id=extra.get("client_id", uuid.uuid4()),
                         filled_at=FILLED, answers=[AnswerInput(items[i].pk, a, n) for i, a, n in answers])


def test_it_seeds_a_checklist_per_water_project_stage_and_for_buildings_and_sites(db):
    stages = set(ChecklistTemplate.objects.filter(kind="water_project").values_list("stage", flat=True))
    assert stages == {"foundation", "main_structure", "installation", "completion"}
    assert {"building", "construction_site"} <= set(ChecklistTemplate.objects.values_list("kind", flat=True))
    brick = template().items.get(code="wp-ms-05")
    assert (brick.clause, brick.severity, brick.source) == ("GB 50203-2011 5.2.1", 2, "D")
    assert all(item.clause and item.source == "D" for t in ChecklistTemplate.objects.all() for item in t.items.all())


def test_a_failed_item_raises_one_hazard_routed_like_a_promoted_warning(ivan, project, tianhe_office):
    result = fill(ivan, project, [(0, "pass", ""), (2, "fail", "试块缺失")])

    hazard = Hazard.objects.get()
    item = template().items.get(order=3)
    assert (hazard.rule_code, hazard.level, hazard.state, hazard.kind) == (f"checklist.{item.code}", 3, "new",
                                                                           "water_project")
    assert hazard.geom == project.geom and hazard.district_id == project.district_id
    # No contractor recorded: no one, as store.py's promotion decides (never the Tianhe office).
    assert hazard.responsible_organisation is None
    assert "GB 50204-2015 7.4.1" in hazard.message_zh and "试块缺失" in hazard.message_zh
    event = hazard.events.get()
    assert (event.action, event.from_state, event.to_state, event.actor) == ("raise", "", "new", ivan)
    assert event.data["result"] == str(result.client_id) and event.data["clause"] == "GB 50204-2015 7.4.1"
    assert result.answers.get(item=item).hazard == hazard
    assert result.answers.get(item__order=1).hazard is None


def test_the_same_failure_again_updates_the_open_hazard(ivan, project):
    fill(ivan, project, [(3, "fail", "")])  # orange
    fill(ivan, project, [(3, "fail", "蜂窝麻面扩大")])

    hazard = Hazard.objects.get()
    assert [e.action for e in hazard.events.all()] == ["raise", "raise_again"]
    assert "蜂窝麻面扩大" in hazard.message_zh and hazard.version == 1


def test_a_failure_after_the_hazard_closed_raises_a_new_one(ivan, project):
    fill(ivan, project, [(3, "fail", "")])
    Hazard.objects.update(state="closed")
    fill(ivan, project, [(3, "fail", "")])
    assert sorted(Hazard.objects.values_list("state", flat=True)) == ["closed", "new"]


def test_a_checklist_hazard_and_a_swept_warning_share_the_routing(ivan, project, contractor, tianhe_office):
    WaterProjectDetail.objects.create(feature=project, project_type="sluice", owner_unit="市水务局",
                                      contractor=contractor.name, contractor_organisation=contractor,
                                      stage="main_structure", budget_wan=100, started_on=date(2025, 3, 1))
    upsert_warnings([("water.overrun", project.pk, Finding(2, "超期", "overrun"))], FILLED)
    promote_to_hazards("water_project")
    fill(ivan, project, [(0, "fail", "")])
    assert set(Hazard.objects.values_list("responsible_organisation", flat=True)) == {contractor.pk}


def test_a_refused_checklist_saves_nothing(ivan, project):
    building = template("building-routine")
    with pytest.raises(BadRequest) as refused:
        record_result(ivan, template=template(), feature=project, client_id=uuid.uuid4(), filled_at=FILLED,
                      answers=[AnswerInput(template().items.first().pk, "fail"),
                               AnswerInput(building.items.first().pk, "fail")])
    assert refused.value.code == "unknown_item"
    assert ChecklistResult.objects.count() == 0 and Hazard.objects.count() == 0


def test_an_edit_on_a_stale_version_is_a_conflict_with_the_current_answers(ivan, project):
    result = fill(ivan, project, [(0, "pass", "")])
    first = template().items.get(order=1)
    amended = amend_result(ivan, result.client_id, 1, FILLED, [AnswerInput(first.pk, "fail", "未复验")])
    assert amended.version == 2 and Hazard.objects.count() == 1

    with pytest.raises(Conflict) as conflict:
        amend_result(ivan, result.client_id, 1, FILLED, [AnswerInput(first.pk, "pass")])
    current = conflict.value.details["current"]
    assert current["version"] == 2 and current["answers"][0]["answer"] == "fail"


def test_the_record_page_lists_the_checklists_with_failed_clauses_and_their_hazards(client, ivan, project, bob):
    fill(ivan, project, [(0, "pass", ""), (4, "fail", "砂浆试块强度不足")])
    hazard = Hazard.objects.get()
    client.force_login(bob)
    page = client.get(f"/features/{project.pk}/").content.decode()
    section = page.split('id="checklists"')[1]
    assert "GB 50203-2011 5.2.1" in section and "砂浆试块强度不足" in section
    assert f'href="/hazards/{hazard.pk}/"' in section


def test_the_record_page_has_no_checklist_section_for_a_kind_without_templates(client, bob):
    plant = point_feature("CP-1", *TIANHE_SPORTS_CENTER)
    client.force_login(bob)
    assert 'id="checklists"' not in client.get(f"/features/{plant.pk}/").content.decode()


def test_a_finding_is_published_to_the_loops_subscribers_after_commit(ivan, project):
    from geo_server.supervision import events
    from tests.loop import committed

    heard = []
    record = events.subscribe(lambda batch: heard.append([(e.action, e.actor_id) for e in batch]))
    try:
        with committed():
            fill(ivan, project, [(3, "fail", "")])
            assert heard == []  # not before the commit
        with committed():
            fill(ivan, project, [(3, "fail", "")])
    finally:
        events.unsubscribe(record)
    assert heard == [[("raise", ivan.pk)], [("raise_again", ivan.pk)]]
