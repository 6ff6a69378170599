"""Synthetic buildings, construction sites and concrete plants, spread over Guangzhou's streets."""

import datetime

import numpy as np
import shapely

from geo_server.demo import names
from geo_server.demo.context import DISTRICT_DENSITY, DISTRICT_GROWTH, Context
from geo_server.demo.geometry import jittered_boxes, oriented_boxes, sample_weighted

BUILDING_COLUMNS = ("address", "floors", "structure", "use", "year_built", "floor_area_m2", "safety_grade",
                    "curtain_wall", "last_curtain_wall_inspection", "historic", "owner_phone")
SITE_COLUMNS = ("permit_no", "general_contractor", "started_on", "planned_completion", "registered_workers",
                "wage_account_bank", "manager_phone")
PLANT_COLUMNS = ("enterprise", "licence_no", "annual_capacity_m3", "mixer_count")
TODAY = datetime.date(2026, 11, 1)  # fixed so that the demo is the same whenever it is loaded


def ewkb(geoms) -> list[str]:
    return shapely.to_wkb(shapely.set_srid(geoms, 4326), hex=True, include_srid=True).tolist()


def phones(rng, n: int) -> list[str]:
    prefixes = rng.choice(["138", "139", "135", "137", "186", "189", "133", "159"], n)
    return [p + f"{d:08d}" for p, d in zip(prefixes, rng.integers(0, 10**8, n))]


def days_before(rng, n: int, low: int, high: int) -> list[datetime.date]:
    return [TODAY - datetime.timedelta(days=int(d)) for d in rng.integers(low, high, n)]


def _area_columns(ctx: Context, owners: np.ndarray, xy: np.ndarray):
    streets = [ctx.streets[i] for i in owners]
    return streets, ctx.basin_of(xy)


def _risk_from_grade(grade: np.ndarray, overdue: np.ndarray) -> np.ndarray:
    risk = np.select([grade == "D", grade == "C", (grade == "B") | overdue], [3, 2, 1], 0)
    return risk


def buildings(ctx: Context, rng: np.random.Generator, start: int, n: int) -> list[tuple]:
    xy, owners = sample_weighted(rng, [s.geom for s in ctx.streets], ctx.weights(DISTRICT_DENSITY), n)
    streets, basins = _area_columns(ctx, owners, xy)
    density = np.array([DISTRICT_DENSITY[s.district_code] for s in streets])
    use = rng.choice(["residential", "commercial", "public", "industrial"], n, p=[0.62, 0.18, 0.08, 0.12])
    industrial = use == "industrial"
    floors = np.clip(np.round(rng.gamma(1.6, 1.2 + density * 0.9)), 1, 66).astype(int)
    floors[industrial] = rng.integers(1, 5, industrial.sum())
    year = np.clip(np.round(rng.normal(1998 - density * 2, 14)), 1925, 2025).astype(int)
    structure = np.select(
        [industrial, floors >= 12, (year < 1980) & (floors <= 3), floors <= 6],
        ["steel", "shear_wall", "timber_brick", "brick_concrete"], "frame")
    width = np.where(industrial, rng.uniform(30, 90, n), rng.uniform(10, 40, n))
    depth = np.where(industrial, rng.uniform(20, 60, n), rng.uniform(8, 22, n))
    street_angle = np.array([(s.id * 0.618) % (np.pi / 2) for s in streets])
    footprints = oriented_boxes(xy, width, depth, street_angle + rng.normal(0, 0.08, n))

    appraised = rng.random(n) < 0.3
    age_bias = np.clip((2026 - year) / 80, 0, 1)
    roll = rng.random(n) - age_bias * 0.15
    grade = np.where(appraised, np.select([roll < 0.03, roll < 0.09, roll < 0.3], ["D", "C", "B"], "A"), "")
    has_wall = (use == "commercial") & (floors >= 8) & (rng.random(n) < 0.6)
    wall = np.where(has_wall, rng.choice(["framed", "structural_sealant", "point_supported"], n), "none")
    inspected_days = rng.integers(30, 8 * 365, n)
    overdue = has_wall & (inspected_days > 5 * 365)
    risk = _risk_from_grade(grade, overdue)
    status = np.where(grade == "D", "suspended", "in_service")
    road = rng.integers(0, len(names.ROADS), n)
    number = rng.integers(1, 999, n)
    phone = phones(rng, n)
    geoms = ewkb(footprints)
    rows = []
    for i in range(n):
        s = streets[i]
        road_zh, road_en = names.ROADS[road[i]]
        last_inspection = TODAY - datetime.timedelta(days=int(inspected_days[i])) if has_wall[i] else None
        rows.append((
            f"BLD{start + i:07d}", f"{road_zh}{number[i]}号", f"No. {number[i]} {road_en}", geoms[i],
            s.id, s.district_id, s.city_id, basins[i], str(status[i]), int(risk[i]), None,
            f"{s.name}{road_zh}{number[i]}号", int(floors[i]), str(structure[i]), str(use[i]), int(year[i]),
            int(width[i] * depth[i] * floors[i]), str(grade[i]), str(wall[i]), last_inspection,
            bool(year[i] < 1949 and rng.random() < 0.5), phone[i],
        ))
    return rows


def construction_sites(ctx: Context, rng, start: int, n: int, contractor_orgs: list[tuple[int, str]]) -> list[tuple]:
    xy, owners = sample_weighted(rng, [s.geom for s in ctx.streets], ctx.weights(DISTRICT_GROWTH), n)
    streets, basins = _area_columns(ctx, owners, xy)
    plots = jittered_boxes(rng, xy, rng.uniform(80, 400, n), rng.uniform(60, 300, n), rng.uniform(0, np.pi, n), 0.12)
    geoms = ewkb(plots)
    started = days_before(rng, n, 30, 3 * 365)
    duration = rng.integers(365, 4 * 365, n)
    workers = np.round(rng.gamma(2.0, 120, n)).astype(int) + 10
    risk = rng.choice([0, 1, 2, 3], n, p=[0.78, 0.12, 0.07, 0.03])
    use = rng.integers(0, len(names.SITE_USES), n)
    contractor = rng.integers(0, len(contractor_orgs), n)
    bank = rng.integers(0, len(names.BANKS), n)
    phone = phones(rng, n)
    rows = []
    for i in range(n):
        s = streets[i]
        use_zh, use_en = names.SITE_USES[use[i]]
        org_id, org_name = contractor_orgs[contractor[i]]
        rows.append((
            f"CS{start + i:07d}", f"{s.name.removesuffix('街道').removesuffix('镇')}{start + i}号地块{use_zh}项目",
            f"Plot {start + i} {use_en} project", geoms[i], s.id, s.district_id, s.city_id, basins[i],
            "under_construction", int(risk[i]), org_id,
            f"440100{started[i]:%Y%m%d}{(start + i) % 10000:04d}", org_name, started[i],
            started[i] + datetime.timedelta(days=int(duration[i])), int(workers[i]), names.BANKS[bank[i]], phone[i],
        ))
    return rows


def concrete_plants(ctx: Context, rng, start: int, n: int, enterprise_orgs: list[tuple[int, str]]) -> list[tuple]:
    xy, owners = sample_weighted(rng, [s.geom for s in ctx.streets], ctx.weights(DISTRICT_GROWTH), n)
    streets, basins = _area_columns(ctx, owners, xy)
    geoms = ewkb(shapely.points(xy))
    prefix = rng.integers(0, len(names.PLANT_PREFIXES), n)
    capacity = (np.round(rng.uniform(20, 120, n)) * 10_000).astype(int)
    risk = rng.choice([0, 1, 2, 3], n, p=[0.7, 0.15, 0.1, 0.05])
    owned = rng.random(n) < 0.2
    owner = rng.integers(0, len(enterprise_orgs), n)
    rows = []
    for i in range(n):
        s = streets[i]
        if owned[i]:
            org_id, enterprise = enterprise_orgs[owner[i]]
        else:
            org_id, enterprise = None, f"广州{names.PLANT_PREFIXES[prefix[i]]}{start + i}混凝土有限公司"
        rows.append((
            f"CP{start + i:07d}", f"{enterprise}{start + i}号搅拌站",
            f"{names.PLANT_PREFIXES_EN[prefix[i]]} concrete plant {start + i}", geoms[i],
            s.id, s.district_id, s.city_id, basins[i], "in_service", int(risk[i]), org_id,
            enterprise, f"粤预拌{start + i:06d}", int(capacity[i]), int(1 + capacity[i] // 400_000),
        ))
    return rows
