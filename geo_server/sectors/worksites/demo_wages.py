"""Synthetic workers and wages on the demo's construction sites, deterministic per seed.

Per site: its general contractor (the site's enterprise organisation) and 2-3 subcontractors, a wage
account, 20-60 registered workers (times `scale`), four months of daily attendance up to `today`, a
sample of the clock events behind the last week, payments per worker-month (settled on the 10th of
the next month; on half the sites an advance on the 25th) and a labour-cost inflow each month.
A minority of sites carry one defect each, so every wage rule of DOMAIN.md §3 fires somewhere:
unpaid worker-months, short pay, a payee not the worker, no inflow for two months, unregistered
persons clocking in. Attendance, payments and inflows are written by set-based SQL; workers by COPY.
A site that has a wage account is loaded already and left alone, so a second run adds nothing.
"""

import zlib
from datetime import date, timedelta

import numpy as np
from django.conf import settings
from django.db import connection, transaction

from geo_server.demo.credit_codes import credit_code
from geo_server.features.models import Feature
from geo_server.sectors.worksites.identity import id_hash, keyed_hash, mask_account, mask_id, with_check_digit
from geo_server.sectors.worksites.models import Enterprise, Subcontract, WageAccount
from geo_server.sectors.worksites.partitions import ensure_months, next_month
from geo_server.sectors.worksites import demo_wages_sql as sql
from geo_server.sectors.worksites.rollup import refresh_worker_months

DEFAULT_TODAY = date(2026, 11, 1)  # the demo's date (geo_server/demo/sites.py)
MONTHS = 4
# Share of sites with each defect (one defect a site; the rest are clean).
DEFECTS = {"unpaid": 0.05, "short": 0.04, "wrong_payee": 0.03, "no_inflow": 0.03, "unregistered": 0.04}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆亮建国志文林峰海龙东兵红春生德荣"
TRADES = ("钢筋工", "木工", "混凝土工", "砌筑工", "架子工", "电工", "焊工", "抹灰工", "水暖工", "普工")
SUB_SCOPES = ("劳务分包", "钢筋工程", "模板工程", "机电安装", "幕墙工程", "土石方工程")
SUB_PREFIXES = ("穗安", "粤建", "南粤", "珠江", "羊城", "花都", "番禺", "增城", "黄埔", "白云", "荔湾", "天河")
BANKS = ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "广州农村商业银行", "广州银行")
REGIONS = ("440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114", "440115", "440117",
           "440118", "441481", "445281", "450881", "430524", "511321", "522401", "360721", "411521", "421182")


def rng_for(seed: int, label: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(label.encode())])


def assign_defects(codes: list[str], seed: int) -> dict[str, list[str]]:
    """Disjoint sets of site codes per defect; each at least one site once there are 20 sites."""
    order = [codes[i] for i in rng_for(seed, "defects").permutation(len(codes))]
    out, start = {}, 0
    for name, share in DEFECTS.items():
        n = max(1, round(share * len(codes))) if len(codes) >= 20 else 0
        out[name], start = order[start:start + n], start + n
    return out


def load_wages(seed: int = 20260101, scale: int = 1, log=print, today: date = DEFAULT_TODAY, sites=None) -> dict:
    """Load the wage demo onto `sites` (default: every construction site with an organisation) not
    loaded yet; returns counts of what was added."""
    sites = sites if sites is not None else Feature.objects.filter(kind="construction_site")
    todo = list(sites.filter(organisation__isnull=False, wage_account__isnull=True)
                .select_related("organisation", "construction_site_detail").order_by("code"))
    counts = dict.fromkeys(("sites", "enterprises", "subcontracts", "workers", "attendance", "clock_events",
                            "payments", "inflows"), 0)
    if not todo:
        return counts
    first = _month_start(today, MONTHS)
    defects = assign_defects([s.code for s in todo], seed)
    with transaction.atomic():
        counts["enterprises"], generals = _enterprises(todo, seed)
        subs = _subcontractors(seed)
        counts["subcontracts"], employers = _subcontracts(todo, generals, subs, seed, first)
        _wage_accounts(todo, seed, first)
        counts["workers"] = _workers(todo, employers, seed, scale, first)
        log(f"wages: {len(todo)} sites, {counts['workers']} workers")
        ensure_months(first - timedelta(days=1), today)
        counts.update(_set_based(todo, defects, seed, first, today))
        refresh_worker_months()
    counts["sites"] = len(todo)
    counts["defects"] = {name: len(codes) for name, codes in defects.items()}
    log(f"wages: {counts['attendance']} attendance days, {counts['payments']} payments, {counts['inflows']} inflows")
    return counts


def _month_start(today: date, months_back: int) -> date:
    month = today.year * 12 + today.month - 1 - months_back
    return date(month // 12, month % 12 + 1, 1)


def _enterprises(sites, seed) -> tuple[int, dict[int, Enterprise]]:
    made, generals = 0, {}
    for organisation in {s.organisation_id: s.organisation for s in sites}.values():
        enterprise, created = Enterprise.objects.get_or_create(
            organisation=organisation,
            defaults={"credit_code": credit_code(f"{seed}:{organisation.name}"), "name": organisation.name,
                      "synthetic": True})
        generals[organisation.pk] = enterprise
        made += created
    return made, generals


def _subcontractors(seed) -> list[Enterprise]:
    out = []
    for prefix in SUB_PREFIXES:
        for scope in SUB_SCOPES[:3]:
            name = f"广州{prefix}{scope.removesuffix('工程')}有限公司"
            enterprise, _ = Enterprise.objects.get_or_create(
                credit_code=credit_code(f"{seed}:{name}"), defaults={"name": name, "synthetic": True})
            out.append(enterprise)
    return out


def _subcontracts(sites, generals, subs, seed, first) -> tuple[int, dict[int, list[int]]]:
    rows, employers = [], {}
    for site in sites:
        rng = rng_for(seed, f"subcontracts:{site.code}")
        starts = _started(site, first)
        general = generals[site.organisation_id]
        rows.append(Subcontract(site=site, enterprise=general, role="general", scope="施工总承包", starts_on=starts))
        chosen = rng.choice(len(subs), int(rng.integers(2, 4)), replace=False)
        for k, index in enumerate(chosen):
            rows.append(Subcontract(site=site, enterprise=subs[index], role="sub", scope=SUB_SCOPES[k],
                                    starts_on=starts + timedelta(days=int(rng.integers(0, 60)))))
        employers[site.pk] = [general.pk] + [subs[i].pk for i in chosen]
    Subcontract.objects.bulk_create(rows)
    return len(rows), employers


def _started(site, first: date) -> date:
    detail = getattr(site, "construction_site_detail", None)
    return detail.started_on if detail is not None else first - timedelta(days=90)


def _wage_accounts(sites, seed, first):
    rows = []
    for site in sites:
        rng = rng_for(seed, f"account:{site.code}")
        number = "6222" + "".join(str(d) for d in rng.integers(0, 10, 15))
        detail = getattr(site, "construction_site_detail", None)
        rows.append(WageAccount(site=site, bank=detail.wage_account_bank if detail else BANKS[int(rng.integers(6))],
                                account_hash=keyed_hash(number), account_masked=mask_account(number),
                                opened_on=min(_started(site, first), first), payday=15))
    WageAccount.objects.bulk_create(rows)


def _workers(sites, employers, seed, scale, first) -> int:
    total = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql.COPY_WORKERS) as copy:
        for site in sites:
            for row in _site_workers(site, employers[site.pk], seed, scale, first):
                copy.write_row(row)
                total += 1
    return total


def _site_workers(site, employer_ids, seed, scale, first):
    rng = rng_for(seed, f"workers:{site.code}")
    n = int(rng.integers(20, 61)) * scale
    regions = rng.integers(0, len(REGIONS), n)
    births = rng.integers(0, 365 * 38, n)
    surnames, given = rng.integers(0, len(SURNAMES), n), rng.integers(0, len(GIVEN), (n, 2))
    trade, team = rng.integers(0, len(TRADES), n), rng.integers(1, 6, n)
    employer = rng.integers(0, len(employer_ids), n)
    phones = rng.integers(0, 10_000, n)
    joined = rng.integers(0, 120, n)
    seen = set()
    for i in range(n):
        born = date(1968, 1, 1) + timedelta(days=int(births[i]))
        number = with_check_digit(f"{REGIONS[regions[i]]}{born:%Y%m%d}{(i * 7 + 13) % 1000:03d}")
        digest = id_hash(number)
        if digest in seen:
            continue
        seen.add(digest)
        name = SURNAMES[surnames[i]] + GIVEN[given[i, 0]] + (GIVEN[given[i, 1]] if given[i, 1] % 3 else "")
        yield (site.pk, employer_ids[employer[i]], name, digest, mask_id(number), f"138****{phones[i]:04d}",
               TRADES[trade[i]], f"{TRADES[trade[i]]}{team[i]}班", first - timedelta(days=int(joined[i])), True)


def _unregistered(sites, seed) -> tuple[list[int], list[str]]:
    site_ids, hashes = [], []
    for site in sites:
        rng = rng_for(seed, f"unregistered:{site.code}")
        for k in range(int(rng.integers(2, 5))):
            number = with_check_digit(f"{REGIONS[int(rng.integers(len(REGIONS)))]}19{int(rng.integers(70, 100))}0101"
                                      f"{900 + k:03d}")
            site_ids.append(site.pk)
            hashes.append(id_hash(number))
    return site_ids, hashes


def _set_based(sites, defects, seed, first, today) -> dict:
    by_code = {s.code: s for s in sites}
    ids = lambda name: [by_code[c].pk for c in defects[name]]  # noqa: E731
    last_paid = _month_start(today - timedelta(days=15), 1)  # the latest month whose payday has passed
    unregistered = _unregistered([by_code[c] for c in defects["unregistered"]], seed)
    params = {"tz": settings.TIME_ZONE, "seed": str(seed), "sites": [s.pk for s in sites], "first": first,
              "last": today - timedelta(days=1), "today": today, "defect_month": last_paid,
              "semi": [s.pk for s in sites if zlib.crc32(f"{seed}:{s.code}".encode()) % 2],
              "unpaid": ids("unpaid"), "short": ids("short"), "wrong_payee": ids("wrong_payee"),
              "no_inflow": ids("no_inflow"), "u_sites": unregistered[0], "u_hashes": unregistered[1],
              "u_first": _month_start(today, 1), "week": today - timedelta(days=7),
              "first_month": first, "last_month": next_month(_month_start(today, 0))}
    out = {}
    with connection.cursor() as cursor:
        for name, statement in (("attendance", sql.ATTENDANCE), ("unregistered", sql.UNREGISTERED),
                                ("clock_events", sql.CLOCK_EVENTS), ("payments", sql.PAYMENTS),
                                ("inflows", sql.INFLOWS)):
            cursor.execute(statement, params)
            out[name] = cursor.rowcount
    out["attendance"] += out.pop("unregistered")
    return out
