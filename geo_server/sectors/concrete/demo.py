"""Synthetic ready-mixed concrete plants over Guangzhou's growing districts; a fifth belong to the
demo concrete enterprises. Every plant is inserted uncoloured (risk level 0): its colour comes from
the warnings the sweep raises."""

from datetime import date

import numpy as np
import shapely

from geo_server.demo import names
from geo_server.demo.bulk import fill, rng_for
from geo_server.demo.common import area_columns, ewkb
from geo_server.demo.context import DISTRICT_GROWTH, Context, current
from geo_server.demo.geometry import sample_weighted
from geo_server.sectors.concrete.models import ConcretePlantDetail

PLANT_COLUMNS = ("enterprise", "licence_no", "annual_capacity_m3", "mixer_count", "licence_expires_on",
                 "lab_qualification_no", "lab_qualification_expires_on")
# Far enough ahead that rule 1 (concrete.basic) stays silent but on the one plant the production
# demo makes expire (demo_defects.licence_expiring).
QUALIFIED_UNTIL = date(2029, 12, 31)
PER_SCALE = 60


def load_plants(seed: int, scale: int, log) -> dict[str, int]:
    ctx = current()
    owners = ctx.enterprises["concrete"]
    added = fill("concrete_plant", "CP", PER_SCALE * scale,
                 lambda start, n: concrete_plants(ctx, rng_for(seed, "plant", start), start, n, owners),
                 ConcretePlantDetail, PLANT_COLUMNS, log)
    return {"concrete_plant": added}


def concrete_plants(ctx: Context, rng, start: int, n: int, enterprise_orgs: list[tuple[int, str]]) -> list[tuple]:
    xy, owners = sample_weighted(rng, [s.geom for s in ctx.streets], ctx.weights(DISTRICT_GROWTH), n)
    streets, basins = area_columns(ctx, owners, xy)
    geoms = ewkb(shapely.points(xy))
    prefix = rng.integers(0, len(names.PLANT_PREFIXES), n)
    capacity = (np.round(rng.uniform(20, 120, n)) * 10_000).astype(int)
    rng.choice([0, 1, 2, 3], n, p=[0.7, 0.15, 0.1, 0.05])  # drawn as before, so later draws stay the same
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
            s.id, s.district_id, s.city_id, basins[i], "in_service", 0, org_id,
            enterprise, f"粤预拌{start + i:06d}", int(capacity[i]), int(1 + capacity[i] // 400_000),
            QUALIFIED_UNTIL, f"粤检{start + i:06d}", QUALIFIED_UNTIL,
        ))
    return rows
