"""36 synthetic monthly returns per center (2023-12 to 2026-11), scaled to the center's size, with
its thresholds, large transactions and collateral. Deterministic per seed; every row is labelled
synthetic (returns: source "demo"; the centers are synthetic features).

The story the demo tells, each part raised by a warning the sweep explains (DEMO_STORIES):
Shenzhen's loan ratio climbs 0.5 point a month and crosses its 85% line five months after the last
return (the forecast warns); Dongguan sits over its line (orange); Shantou's overdue rate creeps
toward its line; Shaoguan's net flow is negative for the last four months; Huizhou has two loans
whose collateral no longer covers them; a few transactions pass their center's threshold."""

import hashlib
from datetime import date, datetime, timedelta, timezone as tz
from decimal import Decimal

import numpy as np
from django.db import transaction

from geo_server.demo.bulk import rng_for
from geo_server.features.models import Feature
from geo_server.sectors.funds.forecast_runs import refresh_forecasts
from geo_server.sectors.funds.models import CenterThresholds, Collateral, LargeTransaction, MonthlyReturn
from geo_server.sectors.funds.returns_store import sync_summaries

END_MONTH = date(2026, 11, 1)
MONTHS = 36
# Deposit balances at the start, in units of 240亿元: Shenzhen and Guangzhou the largest, the rest drawn.
SIZES = {"440300": 3.2, "440100": 3.0}
SHARES = {"purchase": 0.36, "rent": 0.14, "repayment": 0.30, "retirement": 0.12, "other": 0.08}
BANDS = {"overdue_1_3": 0.5, "overdue_3_6": 0.25, "overdue_6_12": 0.15, "overdue_over_12": 0.10}
DRIFT_LOAN_RATIO = {"440300": (0.828, 0.005)}   # Shenzhen: last month's ratio, rise per month
OVER_LINE = {"441900": 0.885}                   # Dongguan: over its line
DRIFT_OVERDUE = {"440500": (0.0138, 1.05)}      # Shantou: last month's overdue rate, growth per month
NEGATIVE_FLOW = {"440200": 4}                   # Shaoguan: the last N months withdraw more than they collect
THIN_COLLATERAL = {"441300": 2}                 # Huizhou: loans under-collateralised
OWN_LINES = {"440400": {"loan_ratio_line": Decimal("0.8000")},  # Zhuhai sets a stricter line
             "440100": {"large_transaction_yuan": Decimal("80000000")}}
# Each story and the warning that explains it (tests/test_fund_demo.py checks every one fires).
DEMO_STORIES = {"440300": "fund.forecast_loan_ratio", "441900": "fund.loan_ratio",
                "440500": "fund.forecast_overdue_rate", "440200": "fund.net_flow", "441300": "fund.collateral"}


def months() -> list[date]:
    firsts, month = [], END_MONTH
    for _i in range(MONTHS):
        firsts.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return firsts[::-1]


def load_fund_history(seed: int, log) -> dict[str, int]:
    """Returns, thresholds, transactions and collateral of every synthetic center without returns yet."""
    centers = list(Feature.objects.filter(kind="fund_center", synthetic=True)
                   .exclude(fund_returns__isnull=False).select_related("fund_center_detail").order_by("code"))
    counts = {"fund_return": 0, "fund_transaction": 0, "fund_collateral": 0, "fund_forecast": 0}
    with transaction.atomic():
        for center in centers:
            city = center.fund_center_detail.city_adcode
            rng = rng_for(seed, f"fund_history:{city}")
            rows = [MonthlyReturn(center=center, month=month, submitted_at=_stamp(month), source="demo", **figures)
                    for month, figures in zip(months(), center_series(rng, city))]
            counts["fund_return"] += len(MonthlyReturn.objects.bulk_create(rows))
            line = _thresholds(center, city, rows[-1].deposit_balance)
            counts["fund_transaction"] += len(LargeTransaction.objects.bulk_create(
                transactions(rng, center, line), ignore_conflicts=True))
            counts["fund_collateral"] += len(Collateral.objects.bulk_create(
                collateral(rng, center, city), ignore_conflicts=True))
        sync_summaries([c.pk for c in centers])
        counts["fund_forecast"] = refresh_forecasts([c.pk for c in centers]) if centers else 0
    log(f"  fund history: {counts}")
    return counts


def _stamp(month: date) -> datetime:
    """Filed on the 10th of the next month."""
    return datetime.combine((month + timedelta(days=32)).replace(day=10), datetime.min.time(), tzinfo=tz.utc)


def _yuan(value: float) -> Decimal:
    return Decimal(str(round(max(value, 0.0), 2)))


def center_series(rng: np.random.Generator, city: str) -> list[dict]:
    """The months' figures, oldest first: deposits grow, loans follow the ratio path, withdrawals a share."""
    deposits = SIZES.get(city, rng.uniform(0.1, 0.8)) * 2.4e10
    base_ratio = float(np.clip(rng.normal(0.74, 0.05), 0.62, 0.8))
    loans, rows = deposits * base_ratio, []
    for t in range(MONTHS):
        left = MONTHS - 1 - t
        collected = deposits * 0.021 * (1 + 0.06 * np.sin(2 * np.pi * t / 12)) * rng.uniform(0.95, 1.05)
        draw = rng.uniform(0.72, 0.84)
        withdrawn = collected * (draw + 0.35 if left < NEGATIVE_FLOW.get(city, 0) else draw)
        ratio = _ratio(city, base_ratio, left, rng)
        deposits += collected - withdrawn
        principal = loans * 0.008
        issued = max(ratio * deposits - loans + principal, 0.1 * principal)
        interest = loans * 0.0025
        loans = loans - principal + issued
        overdue = loans * _overdue_rate(city, left, rng)
        shares = rng.dirichlet([SHARES[r] * 200 for r in SHARES])
        rows.append({
            "deposits_collected": _yuan(collected), "accounts_opened": int(collected / 9000 * rng.uniform(0.8, 1.2)),
            "accounts_closed": int(collected / 30000 * rng.uniform(0.8, 1.2)),
            **{f"withdrawal_{r}": _yuan(withdrawn * s) for r, s in zip(SHARES, shares)},
            "loans_issued_count": int(issued / rng.uniform(450_000, 700_000)), "loans_issued_amount": _yuan(issued),
            "principal_recovered": _yuan(principal), "interest_recovered": _yuan(interest),
            "deposit_balance": _yuan(deposits), "loan_balance": _yuan(loans),
            **{band: _yuan(overdue * share) for band, share in BANDS.items()},
            "value_added_income": _yuan(interest * 0.3), "risk_reserve": _yuan(loans * 0.012),
        })
    # Withdrawal shares are rounded apart: the total withdrawn is their sum, as the return says.
    return rows


def _ratio(city: str, base: float, left: int, rng) -> float:
    if city in DRIFT_LOAN_RATIO:
        end, step = DRIFT_LOAN_RATIO[city]
        return end - step * left + rng.normal(0, 0.0004)
    if city in OVER_LINE:
        return OVER_LINE[city] - 0.002 * max(left - 6, 0) + rng.normal(0, 0.0004)
    noise = rng.normal(0, 0.0005)
    return base if city in NEGATIVE_FLOW else base + noise  # a steady ratio: the flow's sign is the story


def _overdue_rate(city: str, left: int, rng) -> float:
    if city in DRIFT_OVERDUE:
        end, growth = DRIFT_OVERDUE[city]
        return end / growth ** left * rng.uniform(0.99, 1.01)
    return 0.003 * rng.uniform(0.7, 1.3)


def _thresholds(center, city: str, deposits: Decimal) -> Decimal:
    """The center's own lines (most keep the defaults); returns its large-transaction threshold,
    0.05% of its deposit balance in whole millions."""
    own = {"large_transaction_yuan": max(round(deposits * Decimal("0.0005"), -6), Decimal(10_000_000)),
           **OWN_LINES.get(city, {})}
    CenterThresholds.objects.update_or_create(center=center, defaults=own)
    return own["large_transaction_yuan"]


def transactions(rng, center, line: Decimal) -> list[LargeTransaction]:
    """20 transactions in the 60 days before 2026-12-07; at some centers one in the last month over its threshold."""
    rows, start, over = [], datetime(2026, 10, 8, 1, tzinfo=tz.utc), rng.random() < 0.3
    for n in range(20):
        share = rng.uniform(1.05, 1.6) if over and n == 17 else rng.uniform(0.1, 0.6)
        rows.append(LargeTransaction(
            center=center, txn_id=f"{center.code}-{n:04d}", direction="out" if n % 3 else "in",
            occurred_at=start + timedelta(days=int(n * 3), hours=int(rng.integers(0, 9))),
            amount=_yuan(float(line) * share), counterparty_masked=f"单位{n % 7}***（合成）",
            counterparty_hash=hashlib.sha256(f"demo:{center.code}:{n % 7}".encode()).hexdigest()))
    return rows


def collateral(rng, center, city: str) -> list[Collateral]:
    """12 mortgaged loans, appraised at 1.2 to 2.5 times what they owe (THIN_COLLATERAL: some under 1)."""
    thin = THIN_COLLATERAL.get(city, 0)
    rows = []
    for n in range(12):
        owed = rng.uniform(300_000, 1_200_000)
        cover = rng.uniform(0.8, 0.95) if n < thin else rng.uniform(1.2, 2.5)
        rows.append(Collateral(center=center, loan_ref=f"{center.code}-L{n:03d}", appraised_value=_yuan(owed * cover),
                               appraised_on=date(2019 + n % 6, 1 + n % 12, 15), outstanding_loan=_yuan(owed)))
    return rows
