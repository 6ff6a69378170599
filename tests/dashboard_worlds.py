"""Small hand-built worlds for the sector dashboards (tests/test_dashboard_sectors.py): two districts,
Tianhe (440106, bob's) and Haizhu (440105), with known rows in each.

Rivers: reach T (Tianhe, three points, ammonia 20 mg/L at each on 2026-03-10: severe), reach T2
(Tianhe, no samples) and reach H (Haizhu, one point: ammonia 10 on 2026-03-10, mild; and 20 three
times on 2025-06-01, so that over all time 3 of 4 results are severe and H is severe). Model runs
on 2026-03-01 (T red, H yellow) and 2026-06-01 (T orange). Village chiefs on T (valid patrols
2026-03-12, invalid 2026-02-05) and H (valid 2026-01-20).

Buildings (today taken as 2026-06-01): T-A grade A, framed curtain wall built 2023 never inspected
(due 2024-01-01, overdue); T-D grade D, no curtain wall; H-C grade C, structural-sealant wall built
2020 last inspected 2021-07-01 (due 2026-07-01, in 30 days); H-U not appraised, cable-supported wall
last inspected 2025-01-01 (due 2028-01-01). Warnings: T-A curtain wall 2026-03-05 open, T-D grade
2026-03-20 closed, H-C grade 2026-04-02 open.

Sites: S-A (Tianhe, 甲建筑, two workers), S-B (Haizhu, 乙建筑, one worker). Open warnings: S-A
unpaid 2026-03 (10 days) and 2026-04 (5 days), wrong payee 2026-03; S-B unpaid 2026-03 (2 days);
a closed unpaid one on S-B. 乙建筑 blacklisted 2026-02-01 to 2026-12-31, 甲建筑 2025-01-01 to
2025-06-30.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.gis.geos import GEOSGeometry

from basins.models import RiskAssessment, RiskModelRun, WaterSample
from geo_server.accounts.models import Organisation
from geo_server.features.models import Feature
from geo_server.integrity.models import Blacklisting
from geo_server.patrols.models import Patrol
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.sectors.worksites.models import Enterprise, Subcontract, Worker
from geo_server.supervision.models import Warning
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area, make_user
from tests.reaches import add_points, make_chief, make_reach

SHANGHAI = ZoneInfo("Asia/Shanghai")
HAIZHU_LAT = 23.100


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def square(code: str, kind: str, where, offset: float = 0.0, **fields) -> Feature:
    lon, lat = where[0] + offset, where[1]
    d = 0.0005
    polygon = f"POLYGON(({lon} {lat},{lon + d} {lat},{lon + d} {lat + d},{lon} {lat + d},{lon} {lat}))"
    feature = Feature.objects.create(kind=kind, code=code, name=f"名{code}", geom=GEOSGeometry(polygon, srid=4326),
                                     **fields)
    feature.refresh_from_db()
    return feature


def sample(point, day: date, ammonia: float) -> WaterSample:
    return WaterSample.objects.create(point=point, taken_at=at(day), ammonia_n_mg_l=ammonia)


def patrol(reach, chief, day: date, valid: bool) -> Patrol:
    lat = reach.geom.coords[0][1]
    return Patrol.objects.create(reach=reach, walker=chief, valid=valid, started_at=at(day),
                                 ended_at=at(day) + timedelta(minutes=30),
                                 track=GEOSGeometry(f"LINESTRING(113.322 {lat}, 113.330 {lat})", srid=4326))


def build_rivers(tianhe_office) -> dict:
    t, t2 = make_reach("RR-T"), make_reach("RR-T2")
    h = Feature.objects.create(kind="river_reach", code="RR-H", name="测试河H", geom=GEOSGeometry(
        f"LINESTRING(113.320 {HAIZHU_LAT}, 113.330 {HAIZHU_LAT})", srid=4326))
    h.refresh_from_db()
    for point in add_points(t):
        sample(point, date(2026, 3, 10), 20.0)
    [h_point] = add_points(h, longitudes=(113.325,))
    sample(h_point, date(2026, 3, 10), 10.0)
    for hour in (8, 10, 12):
        WaterSample.objects.create(point=h_point, taken_at=at(date(2025, 6, 1), hour), ammonia_n_mg_l=20.0)
    first = RiskModelRun.objects.create(model_version="test", started_at=at(date(2026, 3, 1)))
    later = RiskModelRun.objects.create(model_version="test", started_at=at(date(2026, 6, 1)))
    for run, reach, level in ((first, t, 3), (first, h, 1), (later, t, 2)):
        RiskAssessment.objects.create(run=run, reach=reach, probability=0.5, level=level, warning_type="water_quality")
    haizhu_office = Organisation.objects.create(name="海珠区住房和建设局", type="district_office",
                                                jurisdiction=area("440105"))
    t_chief = make_user("tina", tianhe_office, "river_chief", river_chief_level="village")
    h_chief = make_user("hank", haizhu_office, "river_chief", river_chief_level="village")
    make_chief(t, t_chief)
    make_chief(h, h_chief)
    patrol(t, t_chief, date(2026, 3, 12), True)
    patrol(t, t_chief, date(2026, 2, 5), False)
    patrol(h, h_chief, date(2026, 1, 20), True)
    return {"T": t, "T2": t2, "H": h}


def building(code: str, where, offset: float, grade: str, wall: str = "none", year: int = 2020,
             last: date | None = None) -> Feature:
    feature = square(code, "building", where, offset)
    BuildingDetail.objects.create(feature=feature, address=f"{code} 路", floors=6, structure="frame", use="residential",
                                  year_built=year, floor_area_m2=1000, safety_grade=grade, curtain_wall=wall,
                                  last_curtain_wall_inspection=last)
    return feature


def warning(feature, rule: str, first_seen: datetime, is_open: bool = True, subject: str = "",
            evidence: dict | None = None) -> Warning:
    # Under a live server the features' rules already ran on commit: this warning replaces the sweep's.
    Warning.objects.filter(rule_code=rule, feature=feature, subject=subject, is_open=True).delete()
    return Warning.objects.create(rule_code=rule, feature=feature, subject=subject, level=2, message_zh="测试",
                                  message_en="test", evidence=evidence or {}, first_seen=first_seen,
                                  last_seen=first_seen, is_open=is_open)


def build_buildings() -> dict:
    b = {"T-A": building("T-A", TIANHE_SPORTS_CENTER, 0.0, "A", "framed", 2023),
         "T-D": building("T-D", TIANHE_SPORTS_CENTER, 0.002, "D"),
         "H-C": building("H-C", CANTON_TOWER, 0.0, "C", "structural_sealant", 2020, date(2021, 7, 1)),
         "H-U": building("H-U", CANTON_TOWER, 0.002, "", "point_supported", 2020, date(2025, 1, 1))}
    warning(b["T-A"], "building.curtain_wall_inspection", at(date(2026, 3, 5)))
    warning(b["T-D"], "building.dangerous_grade", at(date(2026, 3, 20)), is_open=False)
    warning(b["H-C"], "building.dangerous_grade", at(date(2026, 4, 2)))
    return b


def build_sites() -> dict:
    organisations = {key: Organisation.objects.create(name=name, type="enterprise", jurisdiction=area("440100"))
                     for key, name in (("A", "甲建筑有限公司"), ("B", "乙建筑有限公司"))}
    enterprises = {key: Enterprise.objects.create(credit_code=f"91440101MA0000000{i}", name=org.name, organisation=org)
                   for i, (key, org) in enumerate(organisations.items())}
    sites = {"A": square("S-A", "construction_site", TIANHE_SPORTS_CENTER, 0.004, organisation=organisations["A"]),
             "B": square("S-B", "construction_site", CANTON_TOWER, 0.004, organisation=organisations["B"])}
    for key, site in sites.items():
        Subcontract.objects.create(site=site, enterprise=enterprises[key], role="general", starts_on=date(2026, 1, 1))
    for n, key in enumerate(("A", "A", "B")):
        Worker.objects.create(site=sites[key], employer=enterprises[key], name=f"工人{n}", id_hash=f"hash{n}",
                              id_masked="440106********000X", registered_on=date(2026, 1, 1))
    seen = at(date(2026, 5, 1))
    a, b = sites["A"], sites["B"]
    warning(a, "wage.unpaid", seen, subject="worker:1:2026-03", evidence={"days": 10})
    warning(a, "wage.unpaid", seen, subject="worker:2:2026-04", evidence={"days": 5})
    warning(a, "wage.wrong_payee", seen, subject="worker:1:2026-03")
    warning(b, "wage.unpaid", seen, subject="worker:3:2026-03", evidence={"days": 2})
    warning(b, "wage.unpaid", seen, is_open=False, subject="worker:3:2026-02", evidence={"days": 7})
    Blacklisting.objects.create(organisation=organisations["B"], reason="恶意欠薪", starts_on=date(2026, 2, 1),
                                until=date(2026, 12, 31))
    Blacklisting.objects.create(organisation=organisations["A"], reason="恶意欠薪（旧）", starts_on=date(2025, 1, 1),
                                until=date(2025, 6, 30))
    return {"sites": sites, "enterprises": enterprises}
