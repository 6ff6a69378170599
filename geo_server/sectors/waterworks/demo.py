"""Synthetic water projects beside Guangzhou's rivers and reaches. Every project is inserted
uncoloured (risk level 0): its colour comes from the warnings the sweep raises."""

import numpy as np
import shapely
from django.db import connection

from geo_server.demo import names
from geo_server.demo.bulk import fill, rng_for
from geo_server.demo.common import days_before, ewkb
from geo_server.demo.context import Context, current
from geo_server.demo.geometry import offset_from_line, oriented_boxes
from geo_server.sectors.waterworks.demo_documents import load_documents
from geo_server.sectors.waterworks.models import WaterProjectDetail

PROJECT_COLUMNS = ("project_type", "owner_unit", "contractor", "stage", "budget_wan", "started_on")
PER_SCALE = 240
RISK_SHARES = [0.7, 0.15, 0.1, 0.05]  # the old random colours' shares: still drawn, then discarded


def load_water_projects(seed: int, scale: int, log) -> dict[str, int]:
    """Beside the river centrelines and the reaches already loaded (they come before in DEMO_ORDER)."""
    ctx = current()
    lines = [r.line for r in ctx.rivers] + reach_lines()
    if not lines:
        log("  water_project: no rivers or reaches to place projects beside")
        return {"water_project": 0}
    added = fill("water_project", "WP", PER_SCALE * scale,
                 lambda start, n: water_projects(ctx, rng_for(seed, "water", start), start, n, lines),
                 WaterProjectDetail, PROJECT_COLUMNS, log)
    linked = link_contractors([pk for pk, _name in ctx.enterprises.get("contractors", [])])
    log(f"  water_project: {linked:,} linked to their contractor's account")
    return {"water_project": added, "water_document": load_documents(log)}


def link_contractors(contractor_ids: list[int]) -> int:
    """Each synthetic project's contractor account, found by the name the project gives."""
    with connection.cursor() as cursor:
        cursor.execute("""
            UPDATE waterworks_waterprojectdetail d SET contractor_organisation_id = o.id
            FROM features_feature f, accounts_organisation o
            WHERE f.id = d.feature_id AND f.synthetic AND d.contractor_organisation_id IS NULL
              AND o.name = d.contractor AND o.id = ANY(%s::bigint[])""", [contractor_ids])
        return cursor.rowcount


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
    rng.choice(4, n, p=RISK_SHARES)  # drawn as before, so later draws stay the same
    rows = []
    for i in range(n):
        kind = types[kinds[i]]
        number = start + i
        rows.append((
            f"WP{number:07d}", f"{names.WATER_TYPES_ZH[kind]}工程{number}号", f"{names.WATER_TYPES_EN[kind]} project {number}",
            geoms[i], None, None, None, basins[i], "under_construction" if stage[i] != "completion" else "in_service",
            0, None,
            kind, names.WATER_OWNERS[owner[i]], names.CONTRACTORS[contractor[i]], str(stage[i]), float(budget[i]),
            started[i],
        ))
    return rows
