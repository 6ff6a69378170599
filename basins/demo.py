"""The river-chief sector's demo (all labelled synthetic), deterministic per seed.

setup_basins (the sector's demo_setup) loads the synthetic basins and hands their polygons and the
river centrelines to the shared demo context before any sector's demo runs; load_reach_demo (its
demo) cuts the rivers into reaches and adds tributaries, then the water-quality data below. The
core's load_demo runs it after buildings and construction sites (the hidden process counts them
near each reach) and before water projects (placed beside the reaches).

Only a bounded set of reaches is
simulated (every main-river reach plus the first MAX_TRIBUTARIES tributaries by code), so scale
200 costs what scale 1 does. For that set: monitoring points every 200-600 m (at least 3 per
reach), outfalls and industrial sites, daily rainfall per basin, the hidden relapse outcome
(basins.RelapseTruth, see its docstring for who may read it), monthly samples over two years
ending at a fixed month, river chiefs per level, and some of the chiefs' patrols over the last weeks
(basins/demo_patrols.py). A second run adds nothing.
"""

import datetime as dt
import zlib
from collections.abc import Callable

import numpy as np
from django.db import connection, transaction

import shapely

from basins import simulation
from basins.demo_chiefs import assign_demo_chiefs
from basins.demo_patrols import load_demo_patrols
from basins.demo_reaches import load_reaches
from basins.models import Basin, RelapseTruth
from basins.synthetic import TRUNKS, city_outline, load_basins, real_rivers, trunk_lines
from geo_server.demo.context import Context, River, current

MAX_TRIBUTARIES = 60
FIRST_MONTH = dt.date(2024, 11, 1)  # fixed, so the data do not depend on the day they are loaded
POINT_SPACING_M = 400.0
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def rng_for(seed: int, label: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(label.encode())])


def month_start(index: int) -> dt.date:
    year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
    return dt.date(FIRST_MONTH.year + year, month + 1, 1)


def simulated_reaches() -> list[tuple]:
    """(id, code, length m, basin id, main stem) of the bounded set, in code order."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            (SELECT f.id, f.code, ST_Length(f.geom::geography), f.basin_id, true FROM features_feature f
              JOIN basins_riverreachdetail d ON d.feature_id = f.id WHERE d.main_stem ORDER BY f.code)
            UNION ALL
            (SELECT f.id, f.code, ST_Length(f.geom::geography), f.basin_id, false FROM features_feature f
              JOIN basins_riverreachdetail d ON d.feature_id = f.id WHERE NOT d.main_stem ORDER BY f.code LIMIT %s)
            """,
            [MAX_TRIBUTARIES],
        )
        return cursor.fetchall()


def add_points(reaches: list[tuple], rng: np.random.Generator) -> int:
    """Points at even spacing with +-15% jitter; PostGIS places them on the line (and the trigger
    of migration 0004 sets their chainage)."""
    codes, reach_ids, fractions = [], [], []
    for reach_id, code, length, _basin, _main in reaches:
        n = max(3, int(np.ceil(length / POINT_SPACING_M)))
        centres = (np.arange(n) + 0.5) / n
        jitter = rng.uniform(-0.15, 0.15, n) / n
        for i, fraction in enumerate(np.clip(centres + jitter, 0, 1)):
            codes.append(f"MP-{code}-{i + 1:02d}")
            reach_ids.append(reach_id)
            fractions.append(float(fraction))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO basins_monitoringpoint (code, reach_id, geom, synthetic)
            SELECT p.code, p.reach_id, ST_LineInterpolatePoint(ST_LineMerge(f.geom), p.fraction), true
            FROM unnest(%s::text[], %s::bigint[], %s::float8[]) AS p(code, reach_id, fraction)
            JOIN features_feature f ON f.id = p.reach_id
            ON CONFLICT (code) DO NOTHING
            """,
            [codes, reach_ids, fractions],
        )
        return cursor.rowcount


def add_sources(reaches: list[tuple], rng: np.random.Generator) -> int:
    """Outfalls 5-60 m beside a reach (discharging into it); industrial sites 150-1,500 m away."""
    rows = []  # code, kind, reach id, fraction along, distance m, azimuth
    for reach_id, code, _length, _basin, _main in reaches:
        for i in range(rng.poisson(1.5)):
            rows.append((f"OF-{code}-{i + 1}", "outfall", reach_id, rng.random(), rng.uniform(5, 60), rng.uniform(0, 6.28)))
        for i in range(rng.poisson(0.6)):
            rows.append((f"IS-{code}-{i + 1}", "industrial", reach_id, rng.random(), rng.uniform(150, 1500),
                         rng.uniform(0, 6.28)))
    columns = [list(column) for column in zip(*rows)] if rows else [[]] * 6
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO basins_pollutionsource (code, kind, name, geom, reach_id, synthetic)
            SELECT s.code, s.kind, CASE s.kind WHEN 'outfall' THEN '排水口 ' ELSE '工业企业 ' END || s.code,
                   ST_Project(ST_LineInterpolatePoint(ST_LineMerge(f.geom), s.fraction)::geography,
                              s.distance, s.azimuth)::geometry,
                   CASE s.kind WHEN 'outfall' THEN s.reach_id END, true
            FROM unnest(%s::text[], %s::text[], %s::bigint[], %s::float8[], %s::float8[], %s::float8[])
                 AS s(code, kind, reach_id, fraction, distance, azimuth)
            JOIN features_feature f ON f.id = s.reach_id
            ON CONFLICT (code) DO NOTHING
            """,
            columns,
        )
        return cursor.rowcount


def add_rainfall(rng: np.random.Generator) -> int:
    """Daily rain per basin over the simulated months: wet season April-September (Guangzhou)."""
    days = np.array([FIRST_MONTH + dt.timedelta(d) for d in range((month_start(simulation.MONTHS) - FIRST_MONTH).days)])
    wet = np.array([4 <= day.month <= 9 for day in days])
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM basins_basin ORDER BY code")
        basin_ids = [row[0] for row in cursor.fetchall()]
        added = 0
        for basin_id in basin_ids:
            rainy = rng.random(len(days)) < np.where(wet, 0.55, 0.2)
            mm = np.where(rainy, rng.gamma(0.8, np.where(wet, 22.0, 8.0)), 0.0).round(1)
            cursor.execute(
                """
                INSERT INTO basins_rainfall (basin_id, day, mm, synthetic)
                SELECT %s, d, m, true FROM unnest(%s::date[], %s::float8[]) AS r(d, m)
                ON CONFLICT (basin_id, day) DO NOTHING
                """,
                [basin_id, list(days), mm.tolist()],
            )
            added += cursor.rowcount
    return added


def reach_drivers(reach_ids: list[int]) -> simulation.ReachDrivers:
    """The hidden process's inputs, counted by PostGIS in metres (geography); the && box (0.01
    degree, > 1 km here) lets the geometry GiST index do the first cut."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT r.id,
              (SELECT count(*) FROM basins_pollutionsource s
                WHERE s.geom && ST_Expand(r.geom, 0.01) AND s.kind = 'outfall'
                  AND ST_DWithin(s.geom::geography, r.geom::geography, 200)),
              (SELECT count(*) FROM features_feature c WHERE c.kind = 'construction_site'
                AND c.geom && ST_Expand(r.geom, 0.01) AND ST_DWithin(c.geom::geography, r.geom::geography, 500)),
              (SELECT count(*) FROM features_feature b WHERE b.kind = 'building'
                AND b.geom && ST_Expand(r.geom, 0.01) AND ST_DWithin(b.geom::geography, r.geom::geography, 500)),
              (SELECT coalesce(sum(mm), 0) FROM basins_rainfall w
                WHERE w.basin_id = r.basin_id AND extract(month FROM w.day) BETWEEN 4 AND 9)
            FROM features_feature r JOIN unnest(%s::bigint[]) WITH ORDINALITY AS u(id, n) ON u.id = r.id
            ORDER BY u.n
            """,
            [reach_ids],
        )
        rows = np.array(cursor.fetchall(), dtype=float).reshape(-1, 5)
    return simulation.ReachDrivers(rows[:, 1], rows[:, 2], rows[:, 3], rows[:, 4])


def store_truth(reaches: list[tuple], truth: simulation.Truth) -> None:
    RelapseTruth.objects.bulk_create(
        [RelapseTruth(reach_id=reach[0], propensity=float(truth.propensity[i]), relapsed=bool(truth.relapsed[i]),
                      relapse_month=month_start(int(truth.relapse_month[i])) if truth.relapsed[i] else None,
                      label_visible=bool(truth.label_visible[i])) for i, reach in enumerate(reaches)],
        ignore_conflicts=True,
    )


def monthly_rain_anomaly(basin_ids: list[int]) -> np.ndarray:
    """(basins x months) standardised monthly rainfall, so heavy months flush pollution in."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT basin_id, date_trunc('month', day)::date, sum(mm) FROM basins_rainfall
            WHERE basin_id = ANY(%s) AND day >= %s GROUP BY 1, 2
            """,
            [basin_ids, FIRST_MONTH],
        )
        totals = {(b, m): mm for b, m, mm in cursor.fetchall()}
    grid = np.array([[totals.get((b, month_start(m)), 0.0) for m in range(simulation.MONTHS)] for b in basin_ids])
    return (grid - grid.mean()) / (grid.std() or 1.0)


def add_samples(reaches: list[tuple], truth: simulation.Truth, rng: np.random.Generator) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, reach_id FROM basins_monitoringpoint WHERE reach_id = ANY(%s) ORDER BY code",
                       [[r[0] for r in reaches]])
        points = cursor.fetchall()
    index = {reach[0]: i for i, reach in enumerate(reaches)}
    reach_of_point = np.array([index[reach_id] for _id, reach_id in points])
    basin_ids = sorted({r[3] for r in reaches})
    anomaly = monthly_rain_anomaly(basin_ids)
    basin_row = np.array([basin_ids.index(reaches[i][3]) for i in reach_of_point])
    level = simulation.degradation(truth, reach_of_point, anomaly[basin_row], rng)
    shallow = np.array([not reaches[i][4] for i in reach_of_point])
    values = simulation.sample_values(level, shallow, rng)
    days = rng.integers(1, 29, level.shape)
    with connection.cursor() as cursor, cursor.copy(
        "COPY basins_watersample (point_id, taken_at, transparency_cm, dissolved_oxygen_mg_l, orp_mv, "
        "ammonia_n_mg_l, depth_cm, synthetic) FROM STDIN"
    ) as copy:
        for p, (point_id, _reach) in enumerate(points):
            for m in range(simulation.MONTHS):
                taken = dt.datetime.combine(month_start(m).replace(day=int(days[p, m])), dt.time(10), SHANGHAI)
                copy.write_row((point_id, taken, *(float(values[k][p, m]) for k in (
                    "transparency_cm", "dissolved_oxygen_mg_l", "orp_mv", "ammonia_n_mg_l", "depth_cm")), True))
    return level.size


@transaction.atomic
def load_basin_demo(seed: int, log: Callable[[str], None] = print) -> dict[str, int]:
    reaches = simulated_reaches()
    done = set(RelapseTruth.objects.values_list("reach_id", flat=True))
    added = {"monitoring_points": add_points(reaches, rng_for(seed, "points")),
             "pollution_sources": add_sources(reaches, rng_for(seed, "sources")),
             "rainfall_days": add_rainfall(rng_for(seed, "rain"))}
    fresh = [r for r in reaches if r[0] not in done]
    added["samples"] = 0
    if fresh:
        truth = simulation.simulate_truth(reach_drivers([r[0] for r in fresh]), rng_for(seed, "truth"))
        store_truth(fresh, truth)
        added["samples"] = add_samples(fresh, truth, rng_for(seed, "samples"))
    added["reach_chiefs"] = assign_demo_chiefs([r[0] for r in reaches])
    added["patrols"] = load_demo_patrols(seed, [r[0] for r in reaches])
    log("  water quality: " + ", ".join(f"{name} +{n:,}" for name, n in added.items()))
    return added


def setup_basins(ctx: Context, log: Callable[[str], None] = print) -> None:
    """The basins (once per database), their polygons in code order and the rivers, into `ctx`."""
    if not Basin.objects.exists():
        log(f"basins: {load_basins()}")
    basins = list(Basin.objects.order_by("code").values_list("id", "code", "geom"))
    ctx.basin_ids = [b[0] for b in basins]
    ctx.basin_codes = [b[1] for b in basins]
    ctx.basin_geoms = [shapely.from_wkb(bytes(geom.wkb)) for _id, _code, geom in basins]
    for geom in ctx.basin_geoms:
        shapely.prepare(geom)
    ctx.rivers = rivers()


def rivers() -> list[River]:
    """The basin trunks clipped to the city, as the main rivers reaches are cut from."""
    real = real_rivers()
    outline = city_outline()
    found = []
    for trunk in TRUNKS:
        river_name = trunk.name.removesuffix("流域")
        river_en = trunk.name_en.removesuffix(" basin")
        for line in trunk_lines(trunk, real):
            drawn = trunk.drawn and list(line.coords) == list(trunk.drawn)
            source = "synthetic (hand-drawn trunk)" if drawn else "WDB II centreline"
            for part in shapely.get_parts(shapely.intersection(line, outline)):
                if part.geom_type == "LineString" and part.length > 0.001:
                    found.append(River(river_name, river_en, trunk.code, part, source))
    return found


def load_reach_demo(seed: int, scale: int, log: Callable[[str], None] = print) -> dict[str, int]:
    """The sector's demo: reaches, then water quality, sources, rainfall, chiefs and patrols for a
    bounded set of them. Returns the features added; the rest is logged."""
    added = load_reaches(current(), seed, scale, log)
    load_basin_demo(seed, log)
    return {"river_reach": added}
