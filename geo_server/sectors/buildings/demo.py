"""Synthetic buildings spread over Guangzhou's streets, densest in the old city. Every building is
inserted uncoloured (risk level 0): its colour comes from the warnings the sweep raises."""

import datetime

import numpy as np
from django.db import connection

from geo_server.demo import names
from geo_server.demo.bulk import fill, rng_for
from geo_server.demo.common import TODAY, area_columns, ewkb, phones
from geo_server.demo.context import DISTRICT_DENSITY, Context, current
from geo_server.demo.geometry import oriented_boxes, sample_weighted
from geo_server.sectors.buildings.demo_appraisals import load_history
from geo_server.sectors.buildings.demo_monitoring import load_monitoring
from geo_server.sectors.buildings.models import BuildingDetail

BUILDING_COLUMNS = ("address", "floors", "structure", "use", "year_built", "floor_area_m2", "safety_grade",
                    "curtain_wall", "last_curtain_wall_inspection", "historic", "owner_phone")
PER_SCALE = 4_200


def load_buildings(seed: int, scale: int, log) -> dict[str, int]:
    ctx = current()
    added = fill("building", "BLD", PER_SCALE * scale,
                 lambda start, n: buildings(ctx, rng_for(seed, "building", start), start, n),
                 BuildingDetail, BUILDING_COLUMNS, log)
    managed = assign_managers([pk for pk, _name in ctx.enterprises.get("managers", [])])
    log(f"  building: {managed:,} given their district's property manager")
    history = load_history()
    log("  building: " + ", ".join(f"{n:,} {label}" for label, n in history.items()))
    readings = load_monitoring(seed)
    log(f"  building: {readings:,} monitoring readings")
    return {"building": added, "appraisal report": history["appraisal report"],
            "census record": history["census record"], "monitoring reading": readings}


def assign_managers(manager_ids: list[int]) -> int:
    """Each synthetic building without one gets the demo property manager of its district; one
    statement, so a database loaded before managers existed gets them on the next load."""
    with connection.cursor() as cursor:
        cursor.execute("""
            UPDATE buildings_buildingdetail d SET manager_organisation_id = o.id
            FROM features_feature f JOIN accounts_organisation o ON o.jurisdiction_id = f.district_id
            WHERE f.id = d.feature_id AND f.synthetic AND d.manager_organisation_id IS NULL
              AND o.id = ANY(%s::bigint[])""", [manager_ids])
        return cursor.rowcount


def buildings(ctx: Context, rng: np.random.Generator, start: int, n: int) -> list[tuple]:
    xy, owners = sample_weighted(rng, [s.geom for s in ctx.streets], ctx.weights(DISTRICT_DENSITY), n)
    streets, basins = area_columns(ctx, owners, xy)
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
            s.id, s.district_id, s.city_id, basins[i], str(status[i]), 0, None,
            f"{s.name}{road_zh}{number[i]}号", int(floors[i]), str(structure[i]), str(use[i]), int(year[i]),
            int(width[i] * depth[i] * floors[i]), str(grade[i]), str(wall[i]), last_inspection,
            bool(year[i] < 1949 and rng.random() < 0.5), phone[i],
        ))
    return rows
