"""The fund indicators of one center's month (DOMAIN.md §5), pure Decimal arithmetic over the
figures of a return (a mapping with the MonthlyReturn field names). None where the denominator is
zero: a ratio of nothing is no figure, not 0. The same formulas in SQL, over every center and month
at once, are indicators_sql.py's; tests/test_fund_indicators.py checks both on hand-worked months."""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from geo_server.sectors.funds.models.returns import OVERDUE_BANDS, WITHDRAWAL_REASONS

ZERO = Decimal(0)


def _d(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def withdrawals(figures: Mapping) -> Decimal:
    """提取 of the month, every reason together."""
    return sum((_d(figures.get(f"withdrawal_{reason}")) for reason in WITHDRAWAL_REASONS), ZERO)


def overdue_balance(figures: Mapping) -> Decimal:
    return sum((_d(figures.get(band)) for band in OVERDUE_BANDS), ZERO)


def loan_ratio(figures: Mapping) -> Decimal | None:
    """个贷率 [S] = personal housing loan balance / deposit balance, at month end."""
    deposits = _d(figures.get("deposit_balance"))
    return _d(figures.get("loan_balance")) / deposits if deposits > 0 else None


def overdue_rate(figures: Mapping) -> Decimal | None:
    """逾期率 [D] = overdue loan balance (every age band) / loan balance, at month end."""
    loans = _d(figures.get("loan_balance"))
    return overdue_balance(figures) / loans if loans > 0 else None


def net_flow(figures: Mapping) -> Decimal:
    """资金净流量 [D] = deposits + principal recovered - withdrawals - loans issued, in the month."""
    return (_d(figures.get("deposits_collected")) + _d(figures.get("principal_recovered"))
            - withdrawals(figures) - _d(figures.get("loans_issued_amount")))


def liquidity_months(figures: Mapping, withdrawal_history: Sequence) -> Decimal | None:
    """Liquidity [D] = (deposit balance - loan balance) / average monthly withdrawals of the last 12
    months, this one included (`withdrawal_history`: the months' totals, oldest first; fewer than 12
    when the center's history is shorter)."""
    last = [_d(value) for value in list(withdrawal_history)[-12:]]
    if not last:
        return None
    average = sum(last, ZERO) / len(last)
    if average <= 0:
        return None
    return (_d(figures.get("deposit_balance")) - _d(figures.get("loan_balance"))) / average


def collateral_coverage(collateral: Iterable[tuple]) -> Decimal | None:
    """Collateral coverage [D] = appraised value of the collateral / outstanding loans it secures,
    over (appraised value, outstanding loan) pairs."""
    pairs = [(_d(appraised), _d(outstanding)) for appraised, outstanding in collateral]
    owed = sum((outstanding for _appraised, outstanding in pairs), ZERO)
    return sum((appraised for appraised, _outstanding in pairs), ZERO) / owed if owed > 0 else None
