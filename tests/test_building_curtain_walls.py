"""The curtain-wall schedule at its regime boundaries (DOMAIN.md §2): a stricter regime applies from
its start, never before; once started, last inspection + its own interval."""

from datetime import date

import pytest

from geo_server.sectors.buildings.rules import curtain_wall_due, curtain_wall_inspection

PARAMS = {"red_after_days": 365}


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
    """The rule's row as the sweep reads it: the stored next-due date with its inputs."""
    return {"curtain_wall": "framed", "year_built": 2000, "last_curtain_wall_inspection": last,
            "curtain_wall_next_due": curtain_wall_due("framed", date(2000, 1, 1), last, 25)}


def test_a_wall_inspected_before_its_end_of_life_is_not_overdue_until_that_end():
    # Inspected 2022-06-01; the yearly regime starts 2025-01-01: due then, not on 2023-06-01.
    assert curtain_wall_inspection(row(date(2022, 6, 1)), PARAMS, date(2025, 1, 1)) is None
    finding = curtain_wall_inspection(row(date(2022, 6, 1)), PARAMS, date(2025, 1, 2))
    assert (finding.evidence["due"], finding.evidence["days_overdue"]) == ("2025-01-01", 1)


# The generated column BuildingDetail.curtain_wall_next_due is the same schedule in SQL
# (buildings_curtain_wall_due, migration 0005): it must agree with the pure function everywhere.
KINDS = ("framed", "structural_sealant", "point_supported")


def boundary_lasts(year: int, design_life: int) -> list[date | None]:
    """No inspection, one before completion, and the days around every regime start and interval end,
    29 February included."""
    days = [None, date(year - 1, 6, 1), date(year, 1, 1), date(2024, 2, 29), date(2020, 2, 29)]
    for start in (year + 1, year + 10, year + design_life):
        days += [date(start - 1, 12, 31), date(start, 1, 1), date(start, 1, 2)]
    for offset in (3, 5, 7, 8, 20, 22, 24, 26, 30):
        days += [date(year + offset, 6, 1), date(year + offset, 12, 31)]
    return days


def sql_due(cases: list[tuple]) -> list[date | None]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""SELECT buildings_curtain_wall_due(c.kind, c.year_built, c.last, c.life)
                          FROM unnest(%s::text[], %s::int[], %s::date[], %s::int[]) WITH ORDINALITY
                               AS c(kind, year_built, last, life, n) ORDER BY c.n""",
                       [list(column) for column in zip(*cases)])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_the_generated_columns_sql_agrees_with_the_pure_schedule_at_every_boundary():
    cases = [(kind, year, last, life) for kind in KINDS for year in (1990, 2000, 2012, 2016)
             for life in (25, 30) for last in boundary_lasts(year, life)]
    expected = [curtain_wall_due(kind, date(year, 1, 1), last, life) for kind, year, last, life in cases]
    got = sql_due(cases)
    assert len(cases) > 700
    assert [c for c, e, g in zip(cases, expected, got) if e != g] == []
    # No wall, or no year: no date.
    assert sql_due([("none", 2000, None, 25), ("framed", 0, None, 25)]) == [None, None]


@pytest.mark.django_db
def test_recording_an_inspection_by_any_path_moves_the_next_due_date():
    from geo_server.sectors.buildings.models import BuildingDetail
    from tests.building_world import building

    feature = building("CW-G", curtain_wall="framed")  # built 1995: yearly from 2020-01-01
    detail = BuildingDetail.objects.get(feature=feature)
    assert detail.curtain_wall_next_due == date(1996, 1, 1)  # never inspected: a year after completion
    detail.last_curtain_wall_inspection = date(2014, 6, 1)
    detail.save()
    detail.refresh_from_db()
    assert detail.curtain_wall_next_due == date(2019, 6, 1)
    BuildingDetail.objects.filter(pk=feature.pk).update(last_curtain_wall_inspection=date(2016, 6, 1))
    assert BuildingDetail.objects.get(pk=feature.pk).curtain_wall_next_due == date(2020, 1, 1)
    BuildingDetail.objects.filter(pk=feature.pk).update(last_curtain_wall_inspection=date(2022, 6, 1))
    assert BuildingDetail.objects.get(pk=feature.pk).curtain_wall_next_due == date(2023, 6, 1)
    BuildingDetail.objects.filter(pk=feature.pk).update(curtain_wall="none")
    assert BuildingDetail.objects.get(pk=feature.pk).curtain_wall_next_due is None


@pytest.mark.django_db
@pytest.mark.parametrize("results, level", [
    (["unsafe"], 3),                 # cordon off: red
    (["repair"], 2),                 # defects to repair: orange
    (["pass"], None),
    (["unsafe", "pass"], None),      # a later inspection passed the wall: closed
    (["pass", "repair"], 2),         # the latest counts
])
def test_the_latest_inspection_that_fails_a_wall_keeps_a_warning_open(results, level):
    from geo_server.sectors.buildings.models import CurtainWallInspection
    from geo_server.supervision.evaluation import sweep
    from geo_server.supervision.models import Warning
    from tests.building_world import building

    # Inspected this year: the schedule is not overdue, so only what the inspections found can warn.
    feature = building("CW-D", curtain_wall="framed", last_curtain_wall_inspection=date(2026, 4, 1))  # due 2027-04-01
    for n, result in enumerate(results):
        CurtainWallInspection.objects.create(building=feature, inspected_on=date(2026, 3, 1 + n), result=result,
                                             findings="东立面玻璃自爆" if result != "pass" else "")
    sweep("building", today=date(2026, 6, 1))
    open_warnings = Warning.objects.filter(feature=feature, is_open=True)
    assert [(w.rule_code, w.level) for w in open_warnings] == (
        [("building.curtain_wall_defects", level)] if level else [])
    if level:
        warning = open_warnings.get()
        assert warning.evidence["result"] == results[-1] and "东立面" in warning.evidence["findings"]
