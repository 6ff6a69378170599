"""The strength of one specimen group (试块组) of three cubes, GB/T 50081-2019 5.0.4 [S], as ingestion
takes it: the cubes as one sequence. The rule itself (mean to 0.1 MPa; the middle value when the largest
or the smallest is more than 15% off it; invalid when both are) lives once, in strength.group_value."""

from decimal import Decimal

from geo_server.sectors.concrete import strength


def group_value(cubes_mpa) -> Decimal | None:
    """The group's value in MPa, or None for an invalid group."""
    return strength.group_value(*cubes_mpa)
