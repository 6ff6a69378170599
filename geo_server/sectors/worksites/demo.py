"""Synthetic construction sites over Guangzhou's growing districts, each with a demo general
contractor. Every site is inserted uncoloured (risk level 0): its colour comes from the warnings
the sweep raises."""

import datetime

import numpy as np

from geo_server.demo import names
from geo_server.demo.bulk import fill, rng_for
from geo_server.demo.common import area_columns, days_before, ewkb, phones
from geo_server.demo.context import DISTRICT_GROWTH, Context, current
from geo_server.demo.geometry import jittered_boxes, sample_weighted
from geo_server.sectors.worksites.models import ConstructionSiteDetail

SITE_COLUMNS = ("permit_no", "general_contractor", "started_on", "planned_completion", "registered_workers",
                "wage_account_bank", "manager_phone")
PER_SCALE = 350


def load_sites(seed: int, scale: int, log) -> dict[str, int]:
    ctx = current()
    contractors = ctx.enterprises["contractors"]
    added = fill("construction_site", "CS", PER_SCALE * scale,
                 lambda start, n: construction_sites(ctx, rng_for(seed, "site", start), start, n, contractors),
                 ConstructionSiteDetail, SITE_COLUMNS, log)
    return {"construction_site": added}


def construction_sites(ctx: Context, rng, start: int, n: int, contractor_orgs: list[tuple[int, str]]) -> list[tuple]:
    xy, owners = sample_weighted(rng, [s.geom for s in ctx.streets], ctx.weights(DISTRICT_GROWTH), n)
    streets, basins = area_columns(ctx, owners, xy)
    plots = jittered_boxes(rng, xy, rng.uniform(80, 400, n), rng.uniform(60, 300, n), rng.uniform(0, np.pi, n), 0.12)
    geoms = ewkb(plots)
    started = days_before(rng, n, 30, 3 * 365)
    duration = rng.integers(365, 4 * 365, n)
    workers = np.round(rng.gamma(2.0, 120, n)).astype(int) + 10
    rng.choice([0, 1, 2, 3], n, p=[0.78, 0.12, 0.07, 0.03])  # drawn as before, so later draws stay the same
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
            "under_construction", 0, org_id,
            f"440100{started[i]:%Y%m%d}{(start + i) % 10000:04d}", org_name, started[i],
            started[i] + datetime.timedelta(days=int(duration[i])), int(workers[i]), names.BANKS[bank[i]], phone[i],
        ))
    return rows
