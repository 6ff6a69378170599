"""The concrete warnings of the plant and its lines (DOMAIN.md §4, rules_plant.py: 1 basic, 2 equipment,
3 batching online, 17 invalid serial) at their limits, the rule table, and the sweep and command
that raise them. Silent at the limit, firing just past it, over the clean world of
tests/concrete_world.py (its docstring lists what is in it); materials, production and quality have
test files of their own."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.sector import sector_for
from geo_server.sectors.concrete.models import BatchingRecord
from geo_server.sectors.concrete.rules import RULE_TABLE, RULES
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, Warning
from geo_server.supervision.rules import SqlRule
from tests.concrete_world import (RULE, SECOND, TODAY, at, batch, db_now, fired_rows, record, subjects,
                                  with_strength, world)  # noqa: F401 (world: the fixture)


def test_the_table_lists_the_twenty_rules_the_sector_registers():
    assert [d.number for d in RULE_TABLE] == list(range(1, 21))
    assert [d.code for d in RULE_TABLE] == sorted(RULE, key=[d.code for d in RULE_TABLE].index)
    assert len(RULE) == 20 and {rule.kind for rule in RULES} == {Kind.CONCRETE_PLANT}
    assert all(rule.title_zh and rule.title_en for rule in RULES)
    assert [r.code for r in sector_for(Kind.CONCRETE_PLANT).rules] == [r.code for r in RULES]


def test_the_clean_world_fires_no_rule(world):
    for rule in RULES:
        if isinstance(rule, SqlRule):
            assert fired_rows(rule) == [], rule.code
    detail = {"licence_no": "D1", "licence_expires_on": date(2027, 12, 31), "lab_qualification_no": "L1",
              "lab_qualification_expires_on": date(2027, 12, 31)}
    assert RULE["concrete.basic"].evaluate(detail, today=TODAY) is None


# 1. basic (per-row, no database) ------------------------------------------------------------------

def basic(today=TODAY, **row):
    values = {"licence_no": "D1", "licence_expires_on": date(2027, 12, 31), "lab_qualification_no": "L1",
              "lab_qualification_expires_on": date(2027, 12, 31), **row}
    return RULE["concrete.basic"].evaluate(values, today=today)


def test_basic_warns_yellow_thirty_days_before_expiry_not_thirty_one():
    assert basic(licence_expires_on=TODAY + timedelta(days=31)) is None
    assert basic(licence_expires_on=TODAY + timedelta(days=30)).level == RiskLevel.YELLOW


def test_basic_turns_orange_the_day_after_expiry():
    assert basic(lab_qualification_expires_on=TODAY).level == RiskLevel.YELLOW
    finding = basic(lab_qualification_expires_on=TODAY - timedelta(days=1))
    assert finding.level == RiskLevel.ORANGE and finding.evidence == {"problems": ["lab_qualification_no"]}


def test_basic_warns_orange_without_a_certificate_number():
    assert basic(licence_no=" ").level == RiskLevel.ORANGE
    assert basic(lab_qualification_no="").message_zh == "试验室资质缺失"


# 2. equipment -------------------------------------------------------------------------------------

def test_equipment_due_twelve_months_after_verification(world):
    world.line.last_verified_on = date(2025, 6, 15)
    world.line.save()
    assert subjects(RULE["concrete.equipment"]) == []  # due on 2026-06-15 = today
    world.line.last_verified_on = date(2025, 6, 14)
    world.line.save()
    assert subjects(RULE["concrete.equipment"]) == ["line:L1"]
    assert subjects(RULE["concrete.equipment"], verification_months=13) == []


def test_equipment_without_a_verification_record(world):
    world.line.last_verified_on = None
    world.line.save()
    assert fired_rows(RULE["concrete.equipment"])[0]["message_en"] == \
        "Mixing line L1: no metering verification on record"


# 3. batching online --------------------------------------------------------------------------------

def test_batching_online_link_silent_more_than_thirty_minutes(world):
    now = db_now()
    batch(world.plant, "B0003", now - timedelta(minutes=10), world.line, world.mix, world.order, {}, records=False)
    last = record(world.plant, "B0003", "cement", 3800, 3800, now - timedelta(minutes=30), world.line)
    assert subjects(RULE["concrete.batching_online"]) == []
    BatchingRecord.objects.filter(pk=last.pk).update(batched_at=now - timedelta(minutes=30) - SECOND)
    assert subjects(RULE["concrete.batching_online"]) == ["line:L1:link"]


def test_batching_online_batch_without_records_after_thirty_minutes(world):
    now = db_now()
    made = batch(world.plant, "B0003", now - timedelta(minutes=30), world.line, world.mix, world.order, {},
                 records=False)
    assert "line:L1:unrecorded" not in subjects(RULE["concrete.batching_online"])
    made.produced_at = now - timedelta(minutes=30) - SECOND
    made.save()
    row = next(r for r in fired_rows(RULE["concrete.batching_online"]) if r["subject"] == "line:L1:unrecorded")
    assert row["evidence"]["serials"] == ["B0003"]


# 17. invalid serial ------------------------------------------------------------------------------

def test_invalid_serial_matching_no_batch_after_thirty_minutes(world):
    now = db_now()
    orphan = record(world.plant, "X0099", "cement", 10, 10, now - timedelta(minutes=30), world.line)
    assert subjects(RULE["concrete.invalid_serial"]) == []
    orphan.batched_at = now - timedelta(minutes=30) - SECOND
    orphan.save()
    assert subjects(RULE["concrete.invalid_serial"]) == ["line:L1:orphan"]


def test_invalid_serial_out_of_sequence_on_a_line(world):
    batch(world.plant, "B0003", at(2, 10), world.line, world.mix, world.order, world.lots)
    record(world.plant, "B0004", "cement", 10, 10, at(2, 11), world.line)
    batch(world.plant, "B0004", at(2, 11), world.line, world.mix, world.order, {}, records=False)
    assert subjects(RULE["concrete.invalid_serial"]) == []
    record(world.plant, "B0002", "cement", 10, 10, at(2, 12), world.line)  # B0004 -> B0002
    rows = fired_rows(RULE["concrete.invalid_serial"])
    assert [r["subject"] for r in rows] == ["line:L1:sequence"] and rows[0]["evidence"]["sample"] == ["B0004 → B0002"]


# The sweep: warnings upserted per subject, an orange one promoted to a hazard routed to the plant. -

def test_the_sweep_raises_a_hazard_for_the_plants_enterprise(world):
    world.line.last_verified_on = None
    world.line.save()
    sweep(Kind.CONCRETE_PLANT, today=TODAY)
    warning = Warning.objects.get(rule_code="concrete.equipment", is_open=True)
    assert (warning.feature_id, warning.subject, warning.level) == (world.plant.pk, "line:L1", RiskLevel.ORANGE)
    hazard = Hazard.objects.get(rule_code="concrete.equipment")
    assert hazard.responsible_organisation_id == world.plant.organisation_id
    assert Warning.objects.filter(is_open=True).count() == 1


def test_the_command_closes_a_month_and_warns_at_once(world):
    with_strength(world.group, "34.4")
    out = StringIO()
    call_command("evaluate_strength", "--month", "2026-06", "--close", stdout=out)
    assert out.getvalue().strip() == "2026-06: 1 evaluation batches at 1 plants, 1 failed, closed"
    warning = Warning.objects.get(rule_code="concrete.strength_evaluation", is_open=True)
    assert (warning.subject, warning.level) == ("evaluation:M1:2026-06", RiskLevel.RED)
    assert Hazard.objects.get(rule_code="concrete.strength_evaluation").feature_id == world.plant.pk
