"""The wage demo on four hand-made sites: what it loads, the same for the same seed, nothing twice."""

from datetime import date

import pytest
from django.db import connection

from geo_server.accounts.models import Organisation
from geo_server.features.models import Feature
from geo_server.demo.credit_codes import credit_code, with_credit_check
from geo_server.sectors.worksites.demo_wages import DEFECTS, assign_defects, load_wages
from geo_server.sectors.worksites.models import Enterprise, Inflow, Payment, Subcontract, WageAccount, Worker
from tests.conftest import area, point_feature

TODAY = date(2026, 11, 1)


@pytest.fixture
def sites(db):
    builder = Organisation.objects.create(name="广州市第一建筑工程有限公司", type="enterprise", jurisdiction=area("440100"))
    other = Organisation.objects.create(name="广东省建筑工程集团有限公司", type="enterprise", jurisdiction=area("440100"))
    return [point_feature(f"CS{i}", 113.30 + i / 100, 23.12, kind="construction_site",
                          organisation=builder if i < 3 else other) for i in range(4)]


def fingerprint() -> dict:
    with connection.cursor() as cursor:
        out = {}
        for name, query in {
            "workers": "SELECT f.code, w.id_hash, w.name, w.id_masked, w.trade, w.registered_on FROM worksites_worker w "
                       "JOIN features_feature f ON f.id = w.site_id ORDER BY 1, 2",
            "attendance": "SELECT count(*), min(day), max(day), sum(events), md5(string_agg(id_hash || day || first_at, ',' "
                          "ORDER BY id_hash, day)) FROM worksites_dailyattendance",
            "payments": "SELECT source_id, amount, payee_name, paid_at FROM worksites_payment ORDER BY 1",
            "inflows": "SELECT source_id, amount, received_on FROM worksites_inflow ORDER BY 1",
            "events": "SELECT count(*), md5(string_agg(source_id, ',' ORDER BY source_id)) FROM worksites_clockevent",
        }.items():
            cursor.execute(query)
            out[name] = cursor.fetchall()
        return out


def test_it_loads_workers_attendance_payments_and_inflows_on_each_site(sites):
    counts = load_wages(seed=7, today=TODAY, log=lambda message: None, sites=Feature.objects.filter(code__startswith="CS"))
    assert counts["sites"] == 4 and counts["enterprises"] == 2
    assert Enterprise.objects.filter(organisation__isnull=False).count() == 2
    assert Subcontract.objects.filter(role="general").count() == 4
    assert 4 * 2 <= Subcontract.objects.filter(role="sub").count() <= 4 * 3
    assert WageAccount.objects.count() == 4
    assert counts["workers"] == Worker.objects.count() and 4 * 20 <= counts["workers"] <= 4 * 60
    # July to October 2026 (31 October the last day), registered workers only on four sites.
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(day), max(day), count(*) FILTER (WHERE worker_id IS NULL), "
                       "count(*) FILTER (WHERE extract(isodow FROM day) = 7) FROM worksites_dailyattendance")
        assert cursor.fetchone() == (date(2026, 7, 1), date(2026, 10, 31), 0, 0)
        cursor.execute("SELECT count(*) FROM worksites_dailyattendance")
        assert cursor.fetchone()[0] == counts["attendance"] > counts["workers"] * 20
    # Paid months: July to September settled (10th of the next month); October's payday is to come.
    months = set(Payment.objects.values_list("month", flat=True))
    assert months <= {date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)}
    assert not Payment.objects.filter(month=date(2026, 10, 1), source_id__endswith=":whole").exists()
    assert counts["payments"] == Payment.objects.count() > 0
    # One inflow a month and site, July to October (the 5th, all before 1 November).
    assert counts["inflows"] == Inflow.objects.count() == 4 * 4
    assert counts["clock_events"] > 0


def test_the_same_seed_gives_the_same_rows(sites):
    qs = Feature.objects.filter(code__startswith="CS")
    load_wages(seed=7, today=TODAY, log=lambda message: None, sites=qs)
    first = fingerprint()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE worksites_clockevent, worksites_dailyattendance")
    for model in (Payment, Inflow, Worker, Subcontract, WageAccount):
        model.objects.all().delete()
    load_wages(seed=7, today=TODAY, log=lambda message: None, sites=qs)
    assert fingerprint() == first
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE worksites_clockevent, worksites_dailyattendance")
    for model in (Payment, Inflow, Worker, Subcontract, WageAccount):
        model.objects.all().delete()
    load_wages(seed=8, today=TODAY, log=lambda message: None, sites=qs)
    assert fingerprint()["workers"] != first["workers"]


def test_a_second_run_adds_nothing(sites):
    qs = Feature.objects.filter(code__startswith="CS")
    load_wages(seed=7, today=TODAY, log=lambda message: None, sites=qs)
    before = fingerprint()
    again = load_wages(seed=7, today=TODAY, log=lambda message: None, sites=qs)
    assert again["workers"] == again["payments"] == again["attendance"] == 0
    assert fingerprint() == before


def test_defects_fall_on_a_minority_of_sites_each_at_least_once():
    codes = [f"CS{i:07d}" for i in range(350)]
    defects = assign_defects(codes, seed=1)
    flagged = [code for group in defects.values() for code in group]
    assert len(flagged) == len(set(flagged)) == sum(round(share * 350) for share in DEFECTS.values())
    assert all(defects[name] for name in DEFECTS) and len(flagged) < 350 * 0.25
    assert assign_defects(codes, seed=1) == defects


def test_credit_codes_are_18_characters_with_a_check_character():
    # Published codes: the check character is the last one.
    assert with_credit_check("91350100M000100Y4") == "91350100M000100Y43"
    assert with_credit_check("91110000802100433") == "91110000802100433B"
    code = credit_code("x")
    assert len(code) == 18 and code.startswith("91440101") and code == credit_code("x") != credit_code("y")
    assert with_credit_check(code[:17]) == code


def test_the_command_loads_the_sites_once(sites, capsys):
    from django.core.management import call_command

    call_command("load_wages", "--seed", "7", "--today", "2026-11-01")
    assert "sites: 4" in capsys.readouterr().out
    call_command("load_wages", "--seed", "7", "--today", "2026-11-01")
    assert "sites: 0, enterprises: 0" in capsys.readouterr().out
    assert WageAccount.objects.count() == 4
