"""Synthetic river reaches: the basins' real rivers cut into ~2 km reaches, plus tributaries that
meander away from them. Every reach is inserted uncoloured (risk level 0): its colour comes from
the warnings the sweep raises (the relapse-risk model's output among them)."""

from collections import Counter

import numpy as np
import shapely

from basins.models import RiverReachDetail
from geo_server.demo.bulk import fill, insert_features, rng_for
from geo_server.demo.common import ewkb
from geo_server.demo.context import Context
from geo_server.demo.geometry import line_length_m, meander, offset_from_line, split_line

REACH_COLUMNS = ("river_name", "river_name_en", "main_stem", "length_m", "width_m", "geometry_source")
REACH_LENGTH_M = 2_000
TRIBUTARIES_PER_SCALE = 150
RISK_SHARES = [0.7, 0.15, 0.1, 0.05]  # the old random colours' shares: still drawn, then discarded


def _uncoloured(rng: np.random.Generator) -> int:
    rng.choice(4, p=RISK_SHARES)  # drawn as before, so the draws after it stay the same
    return 0


def load_reaches(ctx: Context, seed: int, scale: int, log) -> int:
    added = insert_features("river_reach", RiverReachDetail, REACH_COLUMNS, main_reaches(ctx, rng_for(seed, "reaches")))
    return added + fill("river_reach", "RT", TRIBUTARIES_PER_SCALE * scale,
                        lambda start, n: tributaries(ctx, rng_for(seed, "tributary", start), start, n),
                        RiverReachDetail, REACH_COLUMNS, log)


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
                _uncoloured(rng), None,
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
            None, None, None, ctx.basin_of(anchor[None, :])[0], "in_service", _uncoloured(rng), None,
            f"{river.name}支流{number}", f"{river.name_en} tributary {number}", False, round(line_length_m(line)),
            int(rng.integers(3, 30)), "synthetic",
        ))
    return rows
