"""Synthetic river reaches (real rivers cut into reaches, plus tributaries) and water projects."""

from collections import Counter

import numpy as np
import shapely
from django.db import connection

from geo_server.demo import names
from geo_server.demo.context import Context
from geo_server.demo.geometry import line_length_m, meander, offset_from_line, oriented_boxes, split_line
from geo_server.demo.sites import days_before, ewkb

REACH_COLUMNS = ("river_name", "river_name_en", "main_stem", "length_m", "width_m", "geometry_source")
PROJECT_COLUMNS = ("project_type", "owner_unit", "contractor", "stage", "budget_wan", "started_on")
REACH_LENGTH_M = 2_000
RISK_SHARES = [0.7, 0.15, 0.1, 0.05]


def main_reaches(ctx: Context, rng: np.random.Generator) -> list[tuple]:
    basin_ids = dict(zip(ctx.basin_codes, ctx.basin_ids))
    numbers: Counter[str] = Counter()
    rows = []
    for river in ctx.rivers:
        for piece in split_line(river.line, REACH_LENGTH_M):
            numbers[river.basin_code] += 1
            number = numbers[river.basin_code]
            rows.append((
                f"RR-{river.basin_code}-{number:03d}", f"{river.name}第{number}段", f"{river.name_en} reach {number}",
                ewkb(np.array([piece]))[0], None, None, None, basin_ids[river.basin_code], "in_service",
                int(rng.choice(4, p=RISK_SHARES)), None,
                river.name, river.name_en, True, round(line_length_m(piece)), int(rng.integers(80, 400)), river.source,
            ))
    return rows


def tributaries(ctx: Context, rng: np.random.Generator, start: int, n: int) -> list[tuple]:
    """Creeks that meander away from a main river; kept only where every vertex is on land."""
    lengths = np.array([line_length_m(r.line) for r in ctx.rivers])
    rows = []
    while len(rows) < n:
        river = ctx.rivers[rng.choice(len(ctx.rivers), p=lengths / lengths.sum())]
        anchor, bearing = offset_from_line(rng, river.line, (0.0, 1.0))
        heading = bearing + rng.choice([-1.0, 1.0]) * np.pi / 2
        coords = meander(rng, anchor, heading, int(rng.integers(4, 12)), (150.0, 450.0))
        if not shapely.contains_xy(ctx.land, coords[:, 0], coords[:, 1]).all():
            continue
        line = shapely.linestrings(coords[::-1])  # drawn downstream, towards the main river
        number = start + len(rows)
        rows.append((
            f"RT{number:07d}", f"{river.name}支流{number}", f"{river.name_en} tributary {number}", ewkb(np.array([line]))[0],
            None, None, None, ctx.basin_of(anchor[None, :])[0], "in_service", int(rng.choice(4, p=RISK_SHARES)), None,
            f"{river.name}支流{number}", f"{river.name_en} tributary {number}", False, round(line_length_m(line)),
            int(rng.integers(3, 30)), "synthetic",
        ))
    return rows


def reach_lines() -> list[shapely.Geometry]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsBinary(geom) FROM features_feature WHERE kind = 'river_reach' ORDER BY id")
        return [shapely.from_wkb(bytes(wkb)) for (wkb,) in cursor.fetchall()]


def water_projects(ctx: Context, rng: np.random.Generator, start: int, n: int, lines: list) -> list[tuple]:
    types = list(names.WATER_TYPES_ZH)
    centres, bearings = [], []
    while len(centres) < n:
        point, bearing = offset_from_line(rng, lines[int(rng.integers(len(lines)))], (40.0, 250.0))
        if shapely.contains_xy(ctx.land, point[0], point[1]):  # beside the river, not in it
            centres.append(point)
            bearings.append(bearing)
    xy = np.array(centres)
    kinds = rng.integers(0, len(types), n)
    footprints = oriented_boxes(xy, rng.uniform(40, 250, n), rng.uniform(20, 120, n), np.array(bearings))
    geoms = ewkb(footprints)
    basins = ctx.basin_of(xy)
    started = days_before(rng, n, 30, 4 * 365)
    stage = rng.choice(["foundation", "main_structure", "installation", "completion"], n)
    budget = np.round(rng.gamma(2.0, 1500, n), 2)
    owner = rng.integers(0, len(names.WATER_OWNERS), n)
    contractor = rng.integers(0, len(names.CONTRACTORS), n)
    risk = rng.choice(4, n, p=RISK_SHARES)
    rows = []
    for i in range(n):
        kind = types[kinds[i]]
        number = start + i
        rows.append((
            f"WP{number:07d}", f"{names.WATER_TYPES_ZH[kind]}工程{number}号", f"{names.WATER_TYPES_EN[kind]} project {number}",
            geoms[i], None, None, None, basins[i], "under_construction" if stage[i] != "completion" else "in_service",
            int(risk[i]), None,
            kind, names.WATER_OWNERS[owner[i]], names.CONTRACTORS[contractor[i]], str(stage[i]), float(budget[i]),
            started[i],
        ))
    return rows
