"""load_demo: areas and organisations, then every registered sector's demo, then one sweep per kind.

The core orchestrates and knows no sector: each sector hands its generator over in its Sector
(`demo_setup` for reference data others draw on, `demo` for its features), and the shared context
(streets, land, basins, rivers, demo enterprises) is geo_server.demo.context.current().

Each kind's codes run from 0 upwards, so a second run at the same scale finds them all present
and adds nothing; a larger scale adds only the missing tail. Features are inserted uncoloured:
the closing sweep raises the warnings, and the warnings colour the map.
"""

from collections.abc import Callable

from django.db import connection

from geo_server.demo.context import load_context, using
from geo_server.demo.organisations import ensure_organisations
from geo_server.features.areas import load_areas
from geo_server.features.models import AdminArea
from geo_server.sector import known_kinds, sectors

DEFAULT_SEED = 2026
# The order sector demos run in: the reaches' water-quality simulation counts the buildings and
# construction sites near each reach, and water projects are placed beside the reaches. Kinds not
# listed (a sector a later issue adds) follow in kind order. With the 21 fund centers and ~190
# main-river reaches, scale 1 gives about 5,200 features and scale 200 a little over 1,000,000.
DEMO_ORDER = ("fund_center", "building", "construction_site", "concrete_plant", "river_reach", "water_project")


def _ordered_sectors() -> list:
    rank = {kind: i for i, kind in enumerate(DEMO_ORDER)}
    return sorted(sectors(), key=lambda s: (rank.get(s.kind, len(DEMO_ORDER)), s.kind))


def load_demo(scale: int = 1, seed: int = DEFAULT_SEED, log: Callable[[str], None] = print) -> dict[str, int]:
    """Features added per kind."""
    from geo_server.supervision.evaluation import sweep

    if not AdminArea.objects.filter(level="street").exists():
        log(f"areas: {load_areas()}")
    enterprises = ensure_organisations()
    added: dict[str, int] = {}
    with using(load_context(enterprises)) as ctx:
        for sector in _ordered_sectors():
            if sector.demo_setup is not None:
                sector.demo_setup(ctx, log)
        for sector in _ordered_sectors():
            if sector.demo is not None:
                added.update(sector.demo(seed, scale, log))
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE features_feature")
    for kind in known_kinds():
        result = sweep(kind)
        log(f"  sweep {kind}: {result.findings:,} warnings, {result.hazards:,} new hazards")
    return added
