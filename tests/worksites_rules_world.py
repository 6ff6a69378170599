"""A hand-made world for the wage rules (tests/test_wage_rules.py), and `fired_rows`, which runs one
SqlRule's statement the way the sweep will (rule_params over every construction site).

Month M is March 2026; its payday is 15 April (site C's wage account says the 5th).

Site A (Tianhe, contractor 甲建筑): wage account payday 15, opened 2026-01-01, last inflow 2026-02-20.
  a1 张三   20 days (1-20 March), paid 6,000.00 to 张三            -> clean
  a2 李四   10 days (1-10 March), no payment                       -> wage.unpaid
  a3 王五    1 day  (2 March), paid 114.94 (= 2500 / 21.75, rounded) -> clean, at the boundary
  a4 赵六    5 days (2-6 March), paid 3,000.00 to 赵六妻             -> wage.wrong_payee
  an unregistered person, 3 days (9-11 March)                      -> wage.unregistered
  last attendance 20 March = last inflow + exactly one month        -> no wage.no_inflow
Site B (Haizhu, contractor 乙建筑): no wage account (payday from the parameters), inflow 2026-03-01;
  b1..b10 2 days each (2-3 March), none paid                       -> ten wage.unpaid, red (>= 10)
Site C (Tianhe, contractor 甲建筑): wage account payday 5, opened 2026-02-01, no inflow ever;
  c1 孙七 4 days (2-5 March), no payment                            -> wage.unpaid from 6 April;
  attendance 5 March > opened + 1 month (1 March)                 -> wage.no_inflow account:2026-03
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection

from geo_server.accounts.models import Organisation
from geo_server.features.models import Feature
from geo_server.sectors.worksites.identity import id_hash, mask_id, with_check_digit
from geo_server.sectors.worksites.models import Enterprise, Inflow, Payment, Subcontract, WageAccount, Worker
from geo_server.sectors.worksites.partitions import ensure_months
from geo_server.sectors.worksites.rollup import refresh_worker_months
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area
from tests.sql_rules import fired_rows as rule_rows

MONTH = date(2026, 3, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def fired_rows(rule, today: date, params: dict | None = None, only=None) -> list[dict]:
    """The rows `rule` yields for every construction site, with the rule's defaults merged with
    `params` for every site; sorted by (feature_id, subject)."""
    return rule_rows(rule, "construction_site", today, params, only)


@dataclass
class WageWorld:
    sites: dict = field(default_factory=dict)
    workers: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    payments: dict = field(default_factory=dict)
    unregistered: str = ""  # the unregistered person's id_hash


_serial = iter(range(1, 10_000))


def person(n: int) -> str:
    """A valid-looking synthetic ID number (Tianhe region code, born 1980)."""
    return with_check_digit(f"44010619800101{n:03d}")


def site(code: str, where, organisation) -> Feature:
    lon, lat = where
    d = 0.001
    polygon = f"POLYGON(({lon} {lat},{lon + d} {lat},{lon + d} {lat + d},{lon} {lat + d},{lon} {lat}))"
    feature = Feature.objects.create(kind="construction_site", code=code, name=f"工地{code}", status="under_construction",
                                     geom=GEOSGeometry(polygon, srid=4326), organisation=organisation)
    feature.refresh_from_db()
    return feature


def worker(feature, employer, name: str, n: int) -> Worker:
    number = person(n)
    return Worker.objects.create(site=feature, employer=employer, name=name, id_hash=id_hash(number),
                                 id_masked=mask_id(number), registered_on=date(2026, 1, 1))


def attend(feature, hash_: str, days, worker_id=None) -> None:
    rows = [(feature.pk, worker_id, hash_, day, datetime.combine(day, time(8), SHANGHAI),
             datetime.combine(day, time(18), SHANGHAI)) for day in days]
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO worksites_dailyattendance (site_id, worker_id, id_hash, day, first_at, last_at, "
                           "events) VALUES (%s, %s, %s, %s, %s, %s, 2)", rows)
    refresh_worker_months([feature.pk], min(days))


def march(first: int, last: int) -> list[date]:
    return [date(2026, 3, d) for d in range(first, last + 1)]


def pay(w: Worker, amount: str, payee: str | None = None, month: date = MONTH) -> Payment:
    n = next(_serial)
    return Payment.objects.create(source_id=f"PAY{n}", site=w.site, worker=w, id_hash=w.id_hash, month=month,
                                  amount=Decimal(amount), payee_name=payee or w.name, payee_account_hash=f"acct{n}",
                                  payee_account_masked="6222********1234",
                                  paid_at=datetime(2026, 4, 10, 10, tzinfo=SHANGHAI))


def build_wage_world() -> WageWorld:
    ensure_months(date(2026, 1, 1), date(2026, 6, 30))
    world = WageWorld()
    contractor_a = Organisation.objects.create(name="甲建筑有限公司", type="enterprise", jurisdiction=area("440100"))
    contractor_b = Organisation.objects.create(name="乙建筑有限公司", type="enterprise", jurisdiction=area("440100"))
    world.organisations = {"A": contractor_a, "B": contractor_b}
    ent_a = Enterprise.objects.create(credit_code="91440101MA00000001", name=contractor_a.name, organisation=contractor_a)
    ent_b = Enterprise.objects.create(credit_code="91440101MA00000002", name=contractor_b.name, organisation=contractor_b)
    a = site("CSA", TIANHE_SPORTS_CENTER, contractor_a)
    b = site("CSB", CANTON_TOWER, contractor_b)
    c = site("CSC", (TIANHE_SPORTS_CENTER[0] + 0.01, TIANHE_SPORTS_CENTER[1]), contractor_a)
    world.sites = {"A": a, "B": b, "C": c}
    for feature, enterprise in ((a, ent_a), (b, ent_b), (c, ent_a)):
        Subcontract.objects.create(site=feature, enterprise=enterprise, role="general", starts_on=date(2026, 1, 1))
    WageAccount.objects.create(site=a, bank="工商银行", account_hash="wa-a", account_masked="6222****0001",
                               opened_on=date(2026, 1, 1), payday=15)
    WageAccount.objects.create(site=c, bank="建设银行", account_hash="wa-c", account_masked="6227****0003",
                               opened_on=date(2026, 2, 1), payday=5)
    Inflow.objects.create(source_id="INA1", site=a, amount=Decimal("200000"), received_on=date(2026, 1, 10))
    Inflow.objects.create(source_id="INA2", site=a, amount=Decimal("200000"), received_on=date(2026, 2, 20))
    Inflow.objects.create(source_id="INB1", site=b, amount=Decimal("100000"), received_on=date(2026, 3, 1))

    w = world.workers
    w["a1"], w["a2"] = worker(a, ent_a, "张三", 1), worker(a, ent_a, "李四", 2)
    w["a3"], w["a4"] = worker(a, ent_a, "王五", 3), worker(a, ent_a, "赵六", 4)
    for key, days in (("a1", march(1, 20)), ("a2", march(1, 10)), ("a3", march(2, 2)), ("a4", march(2, 6))):
        attend(a, w[key].id_hash, days, w[key].pk)
    world.payments = {"a1": pay(w["a1"], "6000.00"), "a3": pay(w["a3"], "114.94"),
                      "a4": pay(w["a4"], "3000.00", payee="赵六妻")}
    world.unregistered = id_hash(person(99))
    attend(a, world.unregistered, march(9, 11))

    for i in range(1, 11):
        w[f"b{i}"] = worker(b, ent_b, f"工人{i}", 10 + i)
        attend(b, w[f"b{i}"].id_hash, march(2, 3), w[f"b{i}"].pk)

    w["c1"] = worker(c, ent_a, "孙七", 30)
    attend(c, w["c1"].id_hash, march(2, 5), w["c1"].pk)
    return world


def subjects(rows: list[dict]) -> list[tuple[str, str, int]]:
    """(site code, subject, level) of fired rows, for comparison with hand-made expectations."""
    codes = dict(Feature.objects.filter(pk__in={r["feature_id"] for r in rows}).values_list("pk", "code"))
    return sorted((codes[r["feature_id"]], r["subject"], r["level"]) for r in rows)


def day_after(day: date) -> date:
    return day + timedelta(days=1)
