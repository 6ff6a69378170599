"""The reach-proximity predicate of the risk model's features (basins.risk_features._near): its planar
pre-filter must never drop a row the exact geography test keeps, nor its planar shortcut keep a row
that test drops, at any latitude."""

import pytest
from django.db import connection

from basins.risk_features import _near

NEAR_SQL = f"""
WITH r AS (SELECT ST_SetSRID(ST_MakePoint(113.3, %(lat)s), 4326) AS geom),
b AS (
    SELECT d, ST_Project(r.geom::geography, d, radians(a))::geometry AS geom
    FROM r, unnest(%(distances)s::float[]) AS d, generate_series(0, 345, 15) AS a
)
SELECT d, count(*) FROM b, r WHERE {_near('b', 500)} GROUP BY d ORDER BY d
"""


@pytest.mark.django_db
@pytest.mark.parametrize("lat", [0.0, 20.2, 23.1, 25.5, 45.0, -30.0])
def test_it_keeps_every_point_within_the_distance_in_every_direction_and_none_beyond(lat):
    # 24 directions, 15 degrees apart, at 499 m (kept) and 501 m (not) from a reach's point.
    with connection.cursor() as cursor:
        cursor.execute(NEAR_SQL, {"lat": lat, "distances": [499.0, 501.0]})
        assert cursor.fetchall() == [(499.0, 24)]
