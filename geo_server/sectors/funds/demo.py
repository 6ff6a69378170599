"""The 21 housing provident fund centers of Guangdong, one per city, on the real city polygons.
Their balances are synthetic. Every center is inserted uncoloured (risk level 0): its colour comes
from the warnings the sweep raises over its synthetic history (demo_returns.py)."""

import numpy as np
from django.db import connection

from geo_server.demo.bulk import insert_features, rng_for
from geo_server.demo.context import current
from geo_server.sectors.funds.demo_returns import load_fund_history
from geo_server.sectors.funds.models import FundCenterDetail

FUND_COLUMNS = ("city_adcode", "deposit_balance_wan", "loan_balance_wan", "loan_ratio_line", "depositors")
LOAN_RATIO_LINE = 0.85  # 个贷率 warning line (DOMAIN.md §5)


def load_fund_centers(seed: int, scale: int, log) -> dict[str, int]:
    """One center per city whatever the scale, each its own organisation."""
    added = insert_features("fund_center", FundCenterDetail, FUND_COLUMNS, fund_centers(rng_for(seed, "funds")))
    own_organisations([pk for pk, _name in current().enterprises.get("fund_centers", [])])
    return {"fund_center": added, **load_fund_history(seed, log)}


def own_organisations(center_ids: list[int]) -> int:
    """Each synthetic center belongs to its city's fund-center organisation (the one that answers
    for its hazards); one statement, for databases loaded before those organisations too."""
    with connection.cursor() as cursor:
        cursor.execute("""
            UPDATE features_feature f SET organisation_id = o.id
            FROM accounts_organisation o
            WHERE f.kind = 'fund_center' AND f.synthetic AND f.organisation_id IS NULL
              AND o.jurisdiction_id = f.city_id AND o.id = ANY(%s::bigint[])""", [center_ids])
        return cursor.rowcount


def fund_centers(rng: np.random.Generator) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("""SELECT id, code, name, name_en, ST_AsHexEWKB(geom), ST_Area(geom::geography) / 1e6
                          FROM features_adminarea WHERE level = 'city' ORDER BY code""")
        cities = cursor.fetchall()
    rows = []
    for city_id, code, name, name_en, geom, area_km2 in cities:
        size = 3.0 if code in ("440100", "440300") else rng.uniform(0.1, 0.8)
        deposits = round(float(size * rng.uniform(2.0e6, 4.0e6)), 2)
        ratio = float(np.clip(rng.normal(0.8, 0.08), 0.5, 1.0))
        rows.append((
            f"HPF{code}", f"{name}住房公积金管理中心", f"{name_en} Housing Provident Fund Management Center", geom,
            None, None, city_id, None, "in_service", 0, None,
            code, deposits, round(deposits * ratio, 2), LOAN_RATIO_LINE, int(size * rng.uniform(5e5, 9e5)),
        ))
    return rows
