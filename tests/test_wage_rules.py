"""The five wage rules (DOMAIN.md §3) at their boundaries, over the hand-made world of
tests/worksites_rules_world.py (its docstring lists what each worker did and what should fire)."""

from datetime import date
from decimal import Decimal

import pytest

from geo_server.sectors.worksites.models import Inflow, Payment, Worker
from geo_server.sectors.worksites.rules import WAGE_RULES
from tests.worksites_rules_world import attend, build_wage_world, fired_rows, pay, person, subjects

RULE = {rule.code: rule for rule in WAGE_RULES}
UNPAID, UNDERPAID, WRONG_PAYEE = RULE["wage.unpaid"], RULE["wage.underpaid"], RULE["wage.wrong_payee"]
NO_INFLOW, UNREGISTERED = RULE["wage.no_inflow"], RULE["wage.unregistered"]
ORANGE, RED, YELLOW = 2, 3, 1


@pytest.fixture
def world(db):
    return build_wage_world()


def worker_subject(world, key: str, month: str = "2026-03") -> str:
    return f"worker:{world.workers[key].pk}:{month}"


def test_the_five_codes_and_their_defaults():
    assert [rule.code for rule in WAGE_RULES] == ["wage.unpaid", "wage.underpaid", "wage.wrong_payee",
                                                  "wage.no_inflow", "wage.unregistered"]
    assert {rule.kind for rule in WAGE_RULES} == {"construction_site"}
    assert UNPAID.defaults == {"payday": 15, "red_after_days": 30, "red_unpaid_workers": 10}
    assert UNDERPAID.defaults == {"payday": 15, "min_monthly_wage": 2500, "paid_days": 21.75}
    assert NO_INFLOW.defaults == {"inflow_gap_months": 1}


# -- 1. attendance and no payment by the payday ---------------------------------------------------

def test_unpaid_not_on_the_payday_itself_but_the_day_after(world):
    # Site C's wage account sets the 5th: c1 fires from 6 April; A and B wait for the 15th.
    assert fired_rows(UNPAID, date(2026, 4, 5)) == []
    assert subjects(fired_rows(UNPAID, date(2026, 4, 6))) == [("CSC", worker_subject(world, "c1"), ORANGE)]
    assert subjects(fired_rows(UNPAID, date(2026, 4, 15))) == [("CSC", worker_subject(world, "c1"), ORANGE)]
    rows = fired_rows(UNPAID, date(2026, 4, 16))
    expected = [("CSA", worker_subject(world, "a2"), ORANGE), ("CSC", worker_subject(world, "c1"), ORANGE)]
    expected += [("CSB", worker_subject(world, f"b{i}"), RED) for i in range(1, 11)]  # ten unpaid: red
    assert subjects(rows) == sorted(expected)


def test_unpaid_message_and_evidence_name_the_worker_masked(world):
    row = next(r for r in fired_rows(UNPAID, date(2026, 4, 16)) if r["subject"] == worker_subject(world, "a2"))
    masked = world.workers["a2"].id_masked
    assert masked == "440106********" + person(2)[-4:]
    assert row["message_zh"] == f"李四（{masked}）2026-03 有考勤 10 天，发薪日 2026-04-15 已过 1 天仍无工资发放记录"
    assert row["message_en"] == f"李四 ({masked}) worked 10 days in 2026-03 and has no wage payment 1 days after " \
                                "the payday 2026-04-15"
    assert row["evidence"] == {"month": "2026-03", "days": 10, "payday": "2026-04-15", "days_overdue": 1,
                               "unpaid_workers": 1}
    assert person(2) not in str(row) and world.workers["a2"].id_hash not in str(row)


def test_unpaid_turns_red_thirty_days_after_the_payday(world):
    def level_of_a2(today):
        return {r["subject"]: r["level"] for r in fired_rows(UNPAID, today)}[worker_subject(world, "a2")]

    assert level_of_a2(date(2026, 5, 15)) == ORANGE  # 30 days after 15 April
    assert level_of_a2(date(2026, 5, 16)) == RED  # 31
    assert level_of_a2(date(2026, 5, 16)) == RED
    rows = fired_rows(UNPAID, date(2026, 4, 20), params={"red_after_days": 4})
    assert {r["subject"]: r["level"] for r in rows}[worker_subject(world, "a2")] == RED


def test_unpaid_red_from_ten_workers_of_one_site_nine_stay_orange(world):
    Payment.objects.create(source_id="PAYB10", site=world.sites["B"], worker=world.workers["b10"],
                           id_hash=world.workers["b10"].id_hash, month=date(2026, 3, 1), amount=Decimal("300"),
                           payee_name="工人10", payee_account_hash="x", payee_account_masked="6222****0010",
                           paid_at="2026-04-10T10:00:00+08:00")
    rows = [r for r in fired_rows(UNPAID, date(2026, 4, 16)) if r["feature_id"] == world.sites["B"].pk]
    assert sorted(r["subject"] for r in rows) == sorted(worker_subject(world, f"b{i}") for i in range(1, 10))
    assert {r["level"] for r in rows} == {ORANGE}
    assert {r["evidence"]["unpaid_workers"] for r in rows} == {9}


def test_unpaid_site_payday_overrides_the_parameter(world):
    # payday 20 as a parameter: B (no wage account) waits for the 20th; A's account keeps the 15th.
    rows = fired_rows(UNPAID, date(2026, 4, 16), params={"payday": 20})
    assert {r["feature_id"] for r in rows} == {world.sites["A"].pk, world.sites["C"].pk}
    assert len([r for r in fired_rows(UNPAID, date(2026, 4, 21), params={"payday": 20})
                if r["feature_id"] == world.sites["B"].pk]) == 10


def test_only_limits_to_the_given_sites(world):
    rows = fired_rows(UNPAID, date(2026, 4, 16), only=[world.sites["C"].pk])
    assert subjects(rows) == [("CSC", worker_subject(world, "c1"), ORANGE)]


# -- 2. paid less than days x the minimum daily wage ----------------------------------------------

def test_underpaid_exactly_the_minimum_is_clean_one_cent_less_fires(world):
    # a3 worked 1 day: 2500 / 21.75 = 114.9425... -> 114.94; a1 (20 days: 2298.85) got 6000.
    assert fired_rows(UNDERPAID, date(2026, 4, 16)) == []
    Payment.objects.filter(pk=world.payments["a3"].pk).update(amount=Decimal("114.93"))
    assert fired_rows(UNDERPAID, date(2026, 4, 15)) == []  # judged after the payday
    rows = fired_rows(UNDERPAID, date(2026, 4, 16))
    assert subjects(rows) == [("CSA", worker_subject(world, "a3"), ORANGE)]
    assert rows[0]["evidence"] == {"month": "2026-03", "days": 1, "paid": 114.93, "minimum": 114.94, "payments": 1,
                                   "payday": "2026-04-15"}
    assert "王五" in rows[0]["message_zh"] and "114.94" in rows[0]["message_en"]


def test_underpaid_sums_the_months_payments_and_reads_the_minimum_wage_parameter(world):
    a1 = world.workers["a1"]
    Payment.objects.filter(pk=world.payments["a1"].pk).update(amount=Decimal("2000.00"))
    assert subjects(fired_rows(UNDERPAID, date(2026, 4, 16))) == [("CSA", worker_subject(world, "a1"), ORANGE)]
    Payment.objects.create(source_id="PAYA1B", site=a1.site, worker=a1, id_hash=a1.id_hash, month=date(2026, 3, 1),
                           amount=Decimal("298.85"), payee_name="张三", payee_account_hash="y",
                           payee_account_masked="6222****0011", paid_at="2026-04-12T10:00:00+08:00")
    assert fired_rows(UNDERPAID, date(2026, 4, 16)) == []  # 2298.85 = 20 x 2500 / 21.75
    # A minimum monthly wage of 3000: 1 day is 137.93 (a3 got 114.94), 20 days 2758.62 (a1 got 2298.85).
    rows = fired_rows(UNDERPAID, date(2026, 4, 16), params={"min_monthly_wage": 3000})
    assert sorted((r["subject"], r["evidence"]["minimum"]) for r in rows) == sorted(
        [(worker_subject(world, "a1"), 2758.62), (worker_subject(world, "a3"), 137.93)])


# -- 3. payee not the worker ----------------------------------------------------------------------

def test_wrong_payee_fires_for_another_name_not_for_the_workers_own(world):
    rows = fired_rows(WRONG_PAYEE, date(2026, 4, 16))
    assert subjects(rows) == [("CSA", worker_subject(world, "a4"), ORANGE)]
    assert rows[0]["evidence"]["payments"] == [world.payments["a4"].pk]
    assert rows[0]["evidence"]["accounts"] == ["6222********1234"]
    assert "赵六妻" in rows[0]["message_zh"]
    Payment.objects.filter(pk=world.payments["a4"].pk).update(payee_name="赵六")
    assert fired_rows(WRONG_PAYEE, date(2026, 4, 16)) == []


# -- 4. no inflow for more than a month while attendance continues --------------------------------

def test_no_inflow_exactly_one_month_is_clean_a_day_more_fires(world):
    # A: last inflow 20 February, last attendance 20 March. C: no inflow, opened 1 February.
    assert subjects(fired_rows(NO_INFLOW, date(2026, 4, 16))) == [("CSC", "account:2026-03", RED)]
    attend(world.sites["A"], world.workers["a2"].id_hash, [date(2026, 3, 21)], world.workers["a2"].pk)
    rows = fired_rows(NO_INFLOW, date(2026, 4, 16))
    assert subjects(rows) == [("CSA", "account:2026-03", RED), ("CSC", "account:2026-03", RED)]
    assert rows[0]["evidence"] == {"month": "2026-03", "last_inflow": "2026-02-20", "since": "2026-02-20",
                                   "due": "2026-03-20", "last_attendance": "2026-03-21", "people": 5}


def test_no_inflow_closed_by_the_next_allocation(world):
    Inflow.objects.create(source_id="INC1", site=world.sites["C"], amount=Decimal("1000"),
                          received_on=date(2026, 3, 4))
    assert fired_rows(NO_INFLOW, date(2026, 4, 16)) == []
    assert subjects(fired_rows(NO_INFLOW, date(2026, 3, 3))) == [("CSC", "account:2026-03", RED)]  # not yet


# -- 5. attendance by an unregistered person ------------------------------------------------------

def test_unregistered_person_fires_yellow_registered_does_not(world):
    rows = fired_rows(UNREGISTERED, date(2026, 4, 16))
    subject = f"person:{world.unregistered[:16]}:2026-03"
    assert subjects(rows) == [("CSA", subject, YELLOW)]
    assert rows[0]["evidence"] == {"month": "2026-03", "days": 3, "first_day": "2026-03-09", "last_day": "2026-03-11",
                                   "person": world.unregistered[:16]}
    assert world.unregistered not in str(rows[0]) and person(99) not in str(rows[0])
    assert fired_rows(UNREGISTERED, date(2026, 3, 8)) == []  # before the first day
    Worker.objects.create(site=world.sites["A"], employer=world.workers["a1"].employer, name="周八",
                          id_hash=world.unregistered, id_masked="440106********0000", registered_on=date(2026, 3, 9))
    assert fired_rows(UNREGISTERED, date(2026, 4, 16)) == []


def test_the_sweep_runs_the_wage_rules_keyed_by_worker_month_and_routes_to_the_contractor(world):
    """Through the real sweep (the sector registered them): one open warning per subject, the site's
    colour is its worst open warning, orange and red become hazards of the general contractor, and
    a payment arriving closes only that worker-month."""
    from geo_server.supervision.evaluation import evaluate_features, sweep
    from geo_server.supervision.models import Hazard, Warning

    today = date(2026, 4, 16)
    sweep("construction_site", today=today)
    a, b, c = (world.sites[k] for k in "ABC")
    open_a = dict(Warning.objects.filter(feature=a, is_open=True).values_list("subject", "rule_code"))
    assert open_a == {worker_subject(world, "a2"): "wage.unpaid", worker_subject(world, "a4"): "wage.wrong_payee",
                      next(s for s in open_a if s.startswith("person:")): "wage.unregistered"}
    assert Warning.objects.filter(feature=b, is_open=True, rule_code="wage.unpaid", level=3).count() == 10
    for feature in (a, b, c):
        feature.refresh_from_db()
    assert (a.risk_level, b.risk_level, c.risk_level) == (2, 3, 3)
    hazards = Hazard.objects.filter(feature__in=(a, b, c))
    assert {h.responsible_organisation_id for h in hazards.filter(feature=a)} == {world.organisations["A"].pk}
    assert hazards.filter(feature=b).count() == 10  # one per unpaid worker-month, each closable on its own
    assert not hazards.filter(rule_code="wage.unregistered").exists()  # yellow stays a warning

    pay(world.workers["a2"], "1200.00")
    evaluate_features([a.pk], today=today)
    assert not Warning.objects.filter(feature=a, is_open=True, subject=worker_subject(world, "a2")).exists()
    assert Warning.objects.filter(feature=a, is_open=True, subject=worker_subject(world, "a4")).exists()


def test_the_dashboard_panel_counts_open_wage_warnings_by_month_in_scope(world, province_bureau):
    from geo_server.sector import sector_for
    from geo_server.supervision.evaluation import sweep
    from tests.conftest import make_user

    sweep("construction_site", today=date(2026, 4, 16))
    from geo_server.sector import DashboardFilter

    dashboard = next(d for d in sector_for("construction_site").dashboards if d.id == "construction")
    panel = next(p for p in dashboard.panels if p.id == "open_wage_warnings")
    data = panel.data(make_user("prov", province_bureau, "supervisor"), DashboardFilter())
    assert data["categories"] == ["2026-03"]
    # A: a2 unpaid, a4 wrong payee, one unregistered person; B: ten unpaid; C: c1 unpaid, no inflow.
    assert {s["key"]: s["data"] for s in data["series"]} == {
        "wage.no_inflow": [1], "wage.unpaid": [12], "wage.unregistered": [1], "wage.wrong_payee": [1]}
    outsider = make_user("other", world.organisations["B"], "enterprise_user")
    assert {s["key"]: s["data"] for s in panel.data(outsider, DashboardFilter())["series"]} == {"wage.unpaid": [10]}
    assert panel.data(make_user("prov2", province_bureau, "supervisor"),
                      DashboardFilter(start=date(2026, 4, 1)))["series"] == []
