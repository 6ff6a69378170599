"""Small helpers every sector's demo generator uses: the fixed demo day, EWKB, dates, phones."""

import datetime

import numpy as np
import shapely

from geo_server.demo.context import Context

TODAY = datetime.date(2026, 11, 1)  # fixed so that the demo is the same whenever it is loaded


def ewkb(geoms) -> list[str]:
    return shapely.to_wkb(shapely.set_srid(geoms, 4326), hex=True, include_srid=True).tolist()


def phones(rng, n: int) -> list[str]:
    prefixes = rng.choice(["138", "139", "135", "137", "186", "189", "133", "159"], n)
    return [p + f"{d:08d}" for p, d in zip(prefixes, rng.integers(0, 10**8, n))]


def days_before(rng, n: int, low: int, high: int) -> list[datetime.date]:
    return [TODAY - datetime.timedelta(days=int(d)) for d in rng.integers(low, high, n)]


def area_columns(ctx: Context, owners: np.ndarray, xy: np.ndarray):
    streets = [ctx.streets[i] for i in owners]
    return streets, ctx.basin_of(xy)
