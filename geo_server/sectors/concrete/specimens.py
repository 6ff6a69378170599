"""The strength of one specimen group (试块组) of three cubes, GB/T 50081-2019 5.0.4 [S]: the mean of
the three, to 0.1 MPa; when the largest or the smallest differs from the middle value by more than
15% of it, the middle value; when both do, the group is invalid. Pure: Decimals in, Decimal out,
exact at the 15% boundary (no floating point)."""

from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")
SPREAD_PERCENT = 15


def group_value(cubes_mpa) -> Decimal | None:
    """The group's value in MPa, or None for an invalid group."""
    low, middle, high = sorted(Decimal(str(value)) for value in cubes_mpa)
    low_out = (middle - low) * 100 > SPREAD_PERCENT * middle
    high_out = (high - middle) * 100 > SPREAD_PERCENT * middle
    if low_out and high_out:
        return None
    if low_out or high_out:
        return middle
    return ((low + middle + high) / 3).quantize(TENTH, rounding=ROUND_HALF_UP)
