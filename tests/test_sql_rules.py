"""Set-based rules in the sweep, warnings about a subject inside a feature, and risk_level's one owner.

A SqlRule registered here reads a temporary table of items (feature, subject, amount): an item at
or above `orange_at` [default 10] warns orange, at or above twice that red. Each item is a subject,
so one building carries one warning per item over the line, each closed and promoted on its own.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from basins.models import RiskAssessment, RiskModelRun
from geo_server.features.models import Feature
from geo_server.sector import Sector, register_sector, unregister_sector
from geo_server.supervision.evaluation import evaluate_features, sweep
from geo_server.supervision.hazards import apply_transition
from geo_server.supervision.models import Hazard, RuleThreshold, Warning
from geo_server.supervision.rules import SqlRule, get_rule, register_rule, rules_for, unregister_rule
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area, point_feature

CODE = "test.items"
ITEMS_SQL = """
SELECT i.feature_id, i.subject,
       CASE WHEN i.amount >= 2 * (rp.p->>'orange_at')::int THEN 3
            WHEN i.amount >= (rp.p->>'orange_at')::int THEN 2 ELSE 0 END AS level,
       '超额 ' || i.subject AS message_zh, 'Over the line: ' || i.subject AS message_en,
       jsonb_build_object('amount', i.amount, 'orange_at', (rp.p->>'orange_at')::int) AS evidence
FROM test_items i JOIN rule_params rp ON rp.feature_id = i.feature_id
WHERE %(only)s::bigint[] IS NULL OR i.feature_id = ANY(%(only)s::bigint[])
"""
RULE = SqlRule(CODE, "building", ITEMS_SQL, {"orange_at": 10}, "超额", "Over the line", ())


@pytest.fixture
def items(db):
    """The rule registered for buildings and its input table; both gone after the test."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE test_items (feature_id bigint, subject text, amount int)")
    register_rule(RULE)
    yield
    unregister_rule(CODE)


def put(feature, subject, amount):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM test_items WHERE feature_id = %s AND subject = %s", [feature.pk, subject])
        if amount is not None:
            cursor.execute("INSERT INTO test_items VALUES (%s, %s, %s)", [feature.pk, subject, amount])


def open_warnings(feature):
    return {w.subject: w for w in Warning.objects.filter(feature=feature, rule_code=CODE, is_open=True)}


def risk(feature):
    return Feature.objects.get(pk=feature.pk).risk_level


def building(code, where=TIANHE_SPORTS_CENTER, **fields):
    return point_feature(code, *where, kind="building", **fields)


def test_it_registers_a_sql_rule_beside_the_per_row_rules(items):
    assert get_rule(CODE) is RULE and RULE in rules_for("building")
    assert any(not isinstance(rule, SqlRule) for rule in rules_for("building"))
    with pytest.raises(ValueError, match="already registered"):
        register_rule(SqlRule(CODE, "building", "SELECT 1"))
    with pytest.raises(ValueError, match="unknown kind"):
        register_rule(SqlRule("test.nowhere", "no_such_kind", "SELECT 1"))


def test_a_sector_kind_the_core_never_heard_of_takes_rules():
    register_sector(Sector(kind="test_kind", app_label="test_sector",
                           rules=(SqlRule("test.kind_rule", "test_kind", "SELECT 1"),)))
    try:
        assert [rule.code for rule in rules_for("test_kind")] == ["test.kind_rule"]
    finally:
        unregister_rule("test.kind_rule")
        unregister_sector("test_kind")


def test_two_subjects_on_one_feature_are_two_warnings_updated_not_duplicated(items):
    feature = building("B-SQL-1")
    put(feature, "item:A", 12)  # orange: 12 >= 10
    put(feature, "item:B", 15)  # orange
    put(feature, "item:C", 9)  # below the line: no warning
    result = sweep("building")
    warnings = open_warnings(feature)
    assert set(warnings) == {"item:A", "item:B"} and result.findings >= 2
    assert (warnings["item:A"].level, warnings["item:A"].message_en) == (2, "Over the line: item:A")
    assert warnings["item:B"].evidence == {"amount": 15, "orange_at": 10}
    assert risk(feature) == 2

    put(feature, "item:A", 20)  # red: 20 >= 2 * 10
    sweep("building")
    again = open_warnings(feature)
    assert Warning.objects.filter(feature=feature, rule_code=CODE).count() == 2  # updated, not added
    assert again["item:A"].pk == warnings["item:A"].pk and again["item:A"].level == 3
    assert again["item:A"].first_seen == warnings["item:A"].first_seen
    assert again["item:A"].last_seen > warnings["item:A"].last_seen
    assert risk(feature) == 3


def test_a_subject_that_disappears_closes_only_its_warning_and_hazards_close_one_by_one(items, alice):
    feature = building("B-SQL-2")
    put(feature, "item:A", 12)
    put(feature, "item:B", 11)
    assert sweep("building").hazards >= 2
    hazards = {h.subject: h for h in Hazard.objects.filter(feature=feature, rule_code=CODE)}
    assert set(hazards) == {"item:A", "item:B"} and {h.level for h in hazards.values()} == {2}
    assert hazards["item:A"].warning.subject == "item:A"

    put(feature, "item:A", 30)  # red now: its own hazard follows, the other does not
    put(feature, "item:B", None)  # gone
    result = sweep("building")
    assert result.hazards == 0 and result.closed == 1
    assert set(open_warnings(feature)) == {"item:A"}
    closed = Warning.objects.get(feature=feature, rule_code=CODE, subject="item:B")
    assert not closed.is_open and closed.closed_at is not None
    levels = dict(Hazard.objects.filter(feature=feature, rule_code=CODE).values_list("subject", "level"))
    assert levels == {"item:A": 3, "item:B": 2}

    b = hazards["item:B"]
    apply_transition(alice, b.pk, "close_not_fixed", {"reason": "已停用"}, b.version)
    states = dict(Hazard.objects.filter(feature=feature, rule_code=CODE).values_list("subject", "state"))
    assert states == {"item:A": "new", "item:B": "closed_not_fixed"}


def test_a_district_threshold_changes_the_parameter_for_that_districts_features_only(items, enterprise):
    tianhe, haizhu = building("B-SQL-TH"), building("B-SQL-HZ", where=CANTON_TOWER)
    owned = building("B-SQL-OWN", organisation=enterprise)
    for feature in (tianhe, haizhu, owned):
        put(feature, "item:A", 7)
    RuleThreshold.objects.create(rule_code=CODE, parameters={"orange_at": 8})  # global: still above 7
    RuleThreshold.objects.create(rule_code=CODE, area=area("440106"), parameters={"orange_at": 5})  # Tianhe
    RuleThreshold.objects.create(rule_code=CODE, area=area("440100"), parameters={"orange_at": 3})  # the city
    RuleThreshold.objects.create(rule_code=CODE, organisation=enterprise, parameters={"orange_at": 20})
    sweep("building")
    # Tianhe: the district's 5 beats the city's 3 -> 7 is orange (not red: 7 < 10).
    assert open_warnings(tianhe)["item:A"].evidence == {"amount": 7, "orange_at": 5}
    assert open_warnings(tianhe)["item:A"].level == 2
    # Haizhu: no district row, the city's 3 beats the global 8 -> 7 >= 6 is red.
    assert open_warnings(haizhu)["item:A"].level == 3
    # The enterprise's own building in Tianhe: the organisation's 20 wins -> no warning.
    assert open_warnings(owned) == {}


def test_evaluate_features_limits_every_step_to_the_ids(items):
    first, second = building("B-SQL-F1"), building("B-SQL-F2")
    put(first, "item:A", 12)
    put(second, "item:A", 12)
    [result] = evaluate_features([first.pk])
    assert (result.kind, result.features) == ("building", 1)
    assert set(open_warnings(first)) == {"item:A"} and open_warnings(second) == {}
    assert (risk(first), risk(second)) == (2, 0)

    sweep("building")
    put(first, "item:A", None)
    put(second, "item:A", None)
    evaluate_features([second.pk])  # closes the second's, leaves the first's open
    assert set(open_warnings(first)) == {"item:A"} and open_warnings(second) == {}
    assert (risk(first), risk(second)) == (2, 0)


def test_risk_level_is_the_highest_open_warning_and_falls_to_zero_when_all_close(items):
    feature = building("B-SQL-R")
    Feature.objects.filter(pk=feature.pk).update(risk_level=1)  # a stale colour nobody explains
    sweep("building")
    assert risk(feature) == 0
    put(feature, "item:A", 12)
    put(feature, "item:B", 25)
    sweep("building")
    assert risk(feature) == 3
    put(feature, "item:B", None)
    sweep("building")
    assert risk(feature) == 2
    put(feature, "item:A", None)
    result = sweep("building")
    assert risk(feature) == 0 and result.recoloured >= 1
    assert sweep("building").recoloured == 0  # nothing changed: nothing written


def test_a_kind_without_rules_loses_colours_no_warning_explains(db):
    register_sector(Sector(kind="test_kind", app_label="test_sector"))
    try:
        feature = point_feature("T-SQL", *TIANHE_SPORTS_CENTER, kind="test_kind", risk_level=3)
        result = sweep("test_kind")
        assert (result.findings, result.recoloured, risk(feature)) == (0, 1, 0)
    finally:
        unregister_sector("test_kind")


def _run(level_by_reach: dict, started):
    run = RiskModelRun.objects.create(model_version="test", started_at=started)
    RiskAssessment.objects.bulk_create(
        RiskAssessment(run=run, reach_id=reach.pk, probability=0.1 * level, level=level, warning_type="problem")
        for reach, level in level_by_reach.items())
    return run


def test_the_relapse_rule_warns_at_each_reachs_latest_assessed_level(db):
    now = timezone.now()
    a = point_feature("R-SQL-A", *TIANHE_SPORTS_CENTER, kind="river_reach")
    b = point_feature("R-SQL-B", *CANTON_TOWER, kind="river_reach", risk_level=2)  # never assessed
    first = _run({a: 3}, now - timedelta(days=1))
    sweep("river_reach")
    warning = Warning.objects.get(feature=a, rule_code="reach.relapse_risk", is_open=True)
    assert (warning.level, warning.message_en, warning.evidence["run"]) == (3, "Relapse risk red", first.pk)
    assert warning.message_zh == "返黑返臭风险（红色）"  # the colour by its label, not the English word
    assert (risk(a), risk(b)) == (3, 0)
    assert Hazard.objects.filter(feature=a, rule_code="reach.relapse_risk", level=3).count() == 1

    _run({a: 1}, now)  # the latest run says yellow: the warning follows (the hazard keeps its level)
    sweep("river_reach")
    warning.refresh_from_db()
    assert (warning.is_open, warning.level, risk(a)) == (True, 1, 1)
    RuleThreshold.objects.create(rule_code="reach.relapse_risk", area=area("440106"),
                                 parameters={"min_level": "orange"})
    sweep("river_reach")
    assert not Warning.objects.filter(feature=a, is_open=True).exists() and risk(a) == 0


def test_the_record_page_hazard_page_and_api_show_the_subject(items, alice, client):
    feature = building("B-SQL-P")
    put(feature, "item:A", 12)
    sweep("building")
    hazard = Hazard.objects.get(feature=feature, rule_code=CODE)
    client.force_login(alice)
    record = client.get(f"/features/{feature.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    warnings = record.split('id="warnings"')[1].split("</section>")[0]
    assert f'data-rule="{CODE}" data-subject="item:A"' in warnings and "Over the line: item:A" in warnings
    assert '<td class="subject">item:A</td>' in record.split('id="hazards"')[1]
    page = client.get(f"/hazards/{hazard.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="subject" title="Subject">item:A</span>' in page
    assert client.get(f"/api/hazards/{hazard.pk}").json()["subject"] == "item:A"
    listed = client.get("/api/hazards", {"kind": "building"}).json()["hazards"]
    assert {h["subject"] for h in listed if h["rule"] == CODE} == {"item:A"}
