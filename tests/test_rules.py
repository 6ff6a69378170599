"""The shipped warning rules and the state machine, pure: hand-made rows, no database."""

from datetime import date

import pytest

from geo_server.errors import BadRequest, Conflict
from geo_server.features.kinds import Kind, RiskLevel
from geo_server.sectors.buildings.rules import curtain_wall_due
from geo_server.supervision.evaluation import evaluate_batch, parameters
from geo_server.supervision.rules import SqlRule, get_rule, rules_for
from geo_server.supervision.states import allowed_actions, transition

TODAY = date(2026, 6, 15)


def run(code: str, row: dict, today: date = TODAY, **params):
    return get_rule(code).evaluate(row, params, today)


def test_it_registers_at_least_one_rule_per_kind():
    assert all(rules_for(kind) for kind in Kind.values)


@pytest.mark.parametrize("grade, level", [("A", None), ("B", None), ("", None), ("C", RiskLevel.ORANGE),
                                          ("D", RiskLevel.RED)])
def test_it_maps_dangerous_grades_c_and_d_to_orange_and_red(grade, level):
    finding = run("building.dangerous_grade", {"safety_grade": grade})
    assert (finding.level if finding else None) == level


def wall(kind="framed", year=2010, last=None):
    """The row as the sweep reads it, with the stored next-due date (the generated column's schedule)."""
    return {"curtain_wall": kind, "year_built": year, "last_curtain_wall_inspection": last,
            "curtain_wall_next_due": curtain_wall_due(kind, date(year, 1, 1), last, 25)}


def test_it_allows_a_framed_curtain_wall_inspected_exactly_five_years_ago():
    assert run("building.curtain_wall_inspection", wall(last=date(2021, 6, 15))) is None


def test_it_warns_a_framed_curtain_wall_one_day_past_five_years():
    finding = run("building.curtain_wall_inspection", wall(last=date(2021, 6, 14)))
    assert finding.level == RiskLevel.ORANGE
    assert finding.evidence["due"] == "2026-06-14" and finding.evidence["days_overdue"] == 1


def test_it_dues_the_first_inspection_one_year_after_completion():
    assert curtain_wall_due("framed", date(2025, 1, 1), None, 25) == date(2026, 1, 1)
    assert run("building.curtain_wall_inspection", wall(year=2025)).evidence["days_overdue"] == 165


def test_it_inspects_point_supported_walls_every_three_years():
    assert curtain_wall_due("point_supported", date(2010, 1, 1), date(2023, 6, 15), 25) == date(2026, 6, 15)


def test_it_samples_structural_sealant_at_ten_years_then_every_three():
    # Inspected at 8 years: the 10-year sealant sampling is due at once, not 5 years later.
    assert curtain_wall_due("structural_sealant", date(2016, 1, 1), date(2024, 3, 1), 25) == date(2026, 1, 1)
    assert curtain_wall_due("structural_sealant", date(2010, 1, 1), date(2024, 3, 1), 25) == date(2027, 3, 1)


def test_it_inspects_walls_beyond_design_life_every_year():
    assert curtain_wall_due("framed", date(2000, 1, 1), date(2025, 3, 1), 25) == date(2026, 3, 1)


def test_it_turns_curtain_wall_red_after_a_year_overdue_and_ignores_walls_without_one():
    assert run("building.curtain_wall_inspection", wall(last=date(2020, 6, 14))).level == RiskLevel.RED
    assert run("building.curtain_wall_inspection", wall(kind="none")) is None


def test_it_warns_a_site_under_construction_past_planned_completion():
    row = {"status": "under_construction", "planned_completion": date(2026, 6, 14)}
    assert run("site.past_planned_completion", row).level == RiskLevel.YELLOW
    assert run("site.past_planned_completion", {**row, "planned_completion": TODAY}) is None
    assert run("site.past_planned_completion", {**row, "status": "in_service"}) is None
    assert run("site.past_planned_completion", {**row, "planned_completion": date(2025, 12, 16)}).level == RiskLevel.ORANGE


def test_it_warns_a_water_project_started_over_two_years_ago_and_not_complete():
    row = {"started_on": date(2024, 6, 15), "stage": "main_structure"}
    assert run("water.overrun", row) is None
    assert run("water.overrun", {**row, "started_on": date(2024, 6, 14)}).level == RiskLevel.YELLOW
    assert run("water.overrun", {**row, "started_on": date(2020, 1, 1), "stage": "completion"}) is None


def test_the_overrun_message_names_the_stage_by_its_label_in_each_language():
    finding = run("water.overrun", {"started_on": date(2024, 6, 14), "stage": "main_structure"})
    assert finding.message_zh == "开工超过 2 年仍未竣工验收（当前阶段：主体结构）"
    assert finding.message_en == "Started over 2 years ago and not at completion (stage: Main structure)"
    assert finding.evidence["stage"] == "main_structure"  # the evidence keeps the code


def test_the_reach_rule_reads_the_models_assessments_not_the_risk_level_it_colours():
    # Set-based: it reads the latest run's assessment per reach (tests/test_sql_rules.py runs it).
    rule = get_rule("reach.relapse_risk")
    assert isinstance(rule, SqlRule) and rule.kind == Kind.RIVER_REACH
    assert "basins_riskassessment" in rule.sql and "risk_level" not in rule.sql.replace("'risk_level'", "")
    assert rule.defaults == {"min_level": "yellow"}


def test_it_warns_a_concrete_plant_without_its_qualification():
    # The plant rules at their boundaries are in tests/test_concrete_rules.py.
    row = {"licence_no": "", "lab_qualification_no": "L1", "annual_capacity_m3": 300_000}
    assert run("concrete.basic", row).level == RiskLevel.ORANGE
    assert run("concrete.basic", {**row, "licence_no": "D144012345"}) is None


def test_it_lets_the_organisation_threshold_beat_the_district_and_global_ones():
    rule = get_rule("site.past_planned_completion")
    thresholds = [{"organisation_id": None, "area_id": None, "parameters": {"orange_after_days": 10}},
                  {"organisation_id": 7, "area_id": None, "parameters": {"orange_after_days": 30}},
                  {"organisation_id": None, "area_id": 5, "parameters": {"orange_after_days": 20}},
                  {"organisation_id": 8, "area_id": None, "parameters": {"orange_after_days": 99}}]
    assert parameters(rule, thresholds, {"district_id": 5, "organisation_id": 7}) == {"orange_after_days": 30}
    assert parameters(rule, thresholds, {"district_id": 5, "organisation_id": None}) == {"orange_after_days": 20}
    assert parameters(rule, thresholds, {"district_id": 6}) == {"orange_after_days": 10}


def test_it_evaluates_a_batch_of_rows_into_findings_per_rule_and_feature():
    rows = [{"id": 1, "safety_grade": "D", "curtain_wall": "none"}, {"id": 2, "safety_grade": "A", "curtain_wall": "none"}]
    fired = evaluate_batch(rows, rules_for(Kind.BUILDING), {}, TODAY)
    assert [(code, feature) for code, feature, _f in fired] == [("building.dangerous_grade", 1)]


def test_it_walks_the_fixed_path_through_the_state_machine():
    state = "new"
    for action in ("dispatch", "issue_notice", "reply", "confirm", "close"):
        state, _rule = transition(state, action, {"reason": "done"})
    assert state == "closed"


def test_it_refuses_an_illegal_transition_with_the_allowed_ones():
    with pytest.raises(Conflict) as caught:
        transition("new", "confirm", {})
    assert caught.value.code == "illegal_transition"
    assert caught.value.details["allowed"] == allowed_actions("new") == ["dispatch", "close_not_fixed"]


def test_it_requires_a_reason_to_reject_and_a_deadline_to_extend():
    with pytest.raises(BadRequest) as caught:
        transition("replied", "reject", {"reason": ""})
    assert caught.value.code == "reason_required"
    with pytest.raises(BadRequest) as caught:
        transition("dispatched", "extend", {"reason": "rain"})
    assert caught.value.code == "deadline_required"
    assert transition("dispatched", "extend", {"reason": "rain", "deadline": TODAY})[0] == "dispatched"


def test_it_allows_nothing_after_closing():
    assert allowed_actions("closed") == [] and allowed_actions("closed_not_fixed") == []
