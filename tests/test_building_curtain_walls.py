"""The curtain-wall schedule at its regime boundaries (DOMAIN.md §2): a stricter regime applies from
its start, never before; once started, last inspection + its own interval."""

from datetime import date

import pytest

from geo_server.sectors.buildings.rules import curtain_wall_due, curtain_wall_inspection

PARAMS = {"design_life_years": 25, "red_after_days": 365}


@pytest.mark.parametrize("last, due", [
    (date(2019, 6, 1), date(2024, 6, 1)),     # 5 years, ending before the design life does
    (date(2022, 6, 1), date(2025, 1, 1)),     # 5 years would pass the end of life: its start is due
    (date(2024, 12, 31), date(2025, 1, 1)),   # the day before the regime: due on its first day
    (date(2025, 1, 1), date(2026, 1, 1)),     # inspected on the first day of the regime: yearly
    (date(2025, 3, 1), date(2026, 3, 1)),
])
def test_a_framed_wall_goes_yearly_from_the_end_of_its_design_life_and_not_before(last, due):
    assert curtain_wall_due("framed", date(2000, 1, 1), last, 25) == due


@pytest.mark.parametrize("last, due", [
    (date(2025, 12, 31), date(2026, 1, 1)),   # the sealant sampling at 10 years comes first
    (date(2026, 1, 1), date(2029, 1, 1)),     # from 10 years: every 3
    (date(2038, 6, 1), date(2041, 1, 1)),     # 3 years would pass the end of life (2041-01-01)
    (date(2041, 1, 1), date(2042, 1, 1)),
])
def test_a_structural_sealant_wall_at_ten_years_and_at_the_end_of_life(last, due):
    assert curtain_wall_due("structural_sealant", date(2016, 1, 1), last, 25) == due


def test_an_inspection_dated_before_completion_counts_as_none():
    assert curtain_wall_due("framed", date(2025, 1, 1), date(2024, 6, 1), 25) == date(2026, 1, 1)


def test_a_longer_design_life_moves_the_yearly_regime():
    assert curtain_wall_due("framed", date(2000, 1, 1), date(2022, 6, 1), 30) == date(2027, 6, 1)
    assert curtain_wall_due("framed", date(2000, 1, 1), date(2026, 6, 1), 30) == date(2030, 1, 1)


def row(last):
    return {"curtain_wall": "framed", "year_built": 2000, "last_curtain_wall_inspection": last}


def test_a_wall_inspected_before_its_end_of_life_is_not_overdue_until_that_end():
    # Inspected 2022-06-01; the yearly regime starts 2025-01-01: due then, not on 2023-06-01.
    assert curtain_wall_inspection(row(date(2022, 6, 1)), PARAMS, date(2025, 1, 1)) is None
    finding = curtain_wall_inspection(row(date(2022, 6, 1)), PARAMS, date(2025, 1, 2))
    assert (finding.evidence["due"], finding.evidence["days_overdue"]) == ("2025-01-01", 1)
