"""load_demo: areas, basins, organisations and every kind of feature, deterministic per seed.

Each kind's codes run from 0 upwards, so a second run at the same scale finds them all present
and adds nothing; a larger scale adds only the missing tail.
"""

import time
import zlib
from collections.abc import Callable

import numpy as np
from django.db import connection

from basins.demo import load_basin_demo
from basins.models import Basin, RiverReachDetail
from basins.synthetic import load_basins
from geo_server.demo import funds, sites, water
from geo_server.demo.bulk import insert_features
from geo_server.demo.context import Context, load_context
from geo_server.demo.organisations import ensure_organisations
from geo_server.features.areas import load_areas
from geo_server.features.models import AdminArea, Feature
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.sectors.concrete.models import ConcretePlantDetail
from geo_server.sectors.funds.models import FundCenterDetail
from geo_server.sectors.waterworks.models import WaterProjectDetail
from geo_server.sectors.worksites.models import ConstructionSiteDetail

DEFAULT_SEED = 2026
CHUNK = 50_000
# Per unit of --scale; with the 21 fund centers and ~190 main-river reaches, scale 1 gives
# about 5,200 features and scale 200 a little over 1,000,000.
PER_SCALE = {"building": 4_200, "construction_site": 350, "concrete_plant": 60, "water_project": 240,
             "tributary": 150}


def rng_for(seed: int, label: str, start: int = 0) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(label.encode()), start])


def _fill(kind: str, prefix: str, target: int, make: Callable[[int, int], list], detail, columns, log) -> int:
    existing = Feature.objects.filter(kind=kind, code__startswith=prefix, synthetic=True).count()
    added = 0
    for start in range(existing, target, CHUNK):
        count = min(CHUNK, target - start)
        t0 = time.monotonic()
        added += insert_features(kind, detail, columns, make(start, count))
        log(f"  {kind} {start + count:,}/{target:,} ({time.monotonic() - t0:.1f}s)")
    return added


def load_demo(scale: int = 1, seed: int = DEFAULT_SEED, log: Callable[[str], None] = print) -> dict[str, int]:
    if not AdminArea.objects.filter(level="street").exists():
        log(f"areas: {load_areas()}")
    if not Basin.objects.exists():
        log(f"basins: {load_basins()}")
    enterprises = ensure_organisations()
    ctx: Context = load_context()
    target = {kind: per * scale for kind, per in PER_SCALE.items()}
    added = {
        "fund_center": insert_features("fund_center", FundCenterDetail, funds.FUND_COLUMNS,
                                       funds.fund_centers(rng_for(seed, "funds"))),
        "river_reach": insert_features("river_reach", RiverReachDetail, water.REACH_COLUMNS,
                                       water.main_reaches(ctx, rng_for(seed, "reaches"))),
    }
    added["river_reach"] += _fill(
        "river_reach", "RT", target["tributary"],
        lambda start, n: water.tributaries(ctx, rng_for(seed, "tributary", start), start, n),
        RiverReachDetail, water.REACH_COLUMNS, log)
    added["building"] = _fill(
        "building", "BLD", target["building"],
        lambda start, n: sites.buildings(ctx, rng_for(seed, "building", start), start, n),
        BuildingDetail, sites.BUILDING_COLUMNS, log)
    added["construction_site"] = _fill(
        "construction_site", "CS", target["construction_site"],
        lambda start, n: sites.construction_sites(ctx, rng_for(seed, "site", start), start, n,
                                                  enterprises["contractors"]),
        ConstructionSiteDetail, sites.SITE_COLUMNS, log)
    added["concrete_plant"] = _fill(
        "concrete_plant", "CP", target["concrete_plant"],
        lambda start, n: sites.concrete_plants(ctx, rng_for(seed, "plant", start), start, n, enterprises["concrete"]),
        ConcretePlantDetail, sites.PLANT_COLUMNS, log)
    lines = [r.line for r in ctx.rivers] + water.reach_lines()
    added["water_project"] = _fill(
        "water_project", "WP", target["water_project"],
        lambda start, n: water.water_projects(ctx, rng_for(seed, "water", start), start, n, lines),
        WaterProjectDetail, water.PROJECT_COLUMNS, log)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE features_feature")
    load_basin_demo(seed, log)  # water quality, sources, rainfall, chiefs: a bounded set of reaches
    return added
