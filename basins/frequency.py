"""Differentiated patrol frequency (差异化巡河, 穗河长办〔2021〕49号): pure functions over the matrix.

A reach's warning colour (for now its risk_level; the risk model will set it) and a chief's level
pick one matrix cell: so many valid patrols per period. Periods are calendar periods: the working
day (Monday-Friday; public holidays are not modelled), the ISO week, the 旬 (days 1-10, 11-20,
21-end of month), the month and the quarter. A chief's task for a reach in the current period is
due/done/outstanding; overdue counts the patrols missed in the period before. Patrols are
counted as distinct days (the [S] rule says "one day per 旬"): two walks on one day count once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

# Used when the matrix has no cell (an administrator deleted it): the [S] floor for any patrol.
FLOOR_MINUTES = 10
FLOOR_KM = 1.0


@dataclass(frozen=True)
class Requirement:
    patrols: int
    period: str
    min_minutes: int = FLOOR_MINUTES
    min_km: float = FLOOR_KM
    source: str = "D"


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def period_bounds(period: str, day: date) -> tuple[date, date] | None:
    """[start, end) of the period containing day; None for a working-day period on a weekend."""
    if period == "workday":
        return None if day.weekday() >= 5 else (day, day + timedelta(1))
    if period == "week":
        start = day - timedelta(day.weekday())
        return start, start + timedelta(7)
    if period == "xun":
        first = min((day.day - 1) // 10, 2) * 10 + 1
        end = day.replace(day=first + 10) if first < 21 else _month_start(day, -1)
        return day.replace(day=first), end
    if period == "month":
        return _month_start(day), _month_start(day, -1)
    if period == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return start, _month_start(start, -3)
    raise ValueError(f"unknown period {period!r}")


def previous_bounds(period: str, day: date) -> tuple[date, date]:
    """The complete period before the one containing day (for working days: the last one before)."""
    if period == "workday":
        before = day - timedelta(1)
        while before.weekday() >= 5:
            before -= timedelta(1)
        return before, before + timedelta(1)
    start = period_bounds(period, day)[0]
    return period_bounds(period, start - timedelta(1))


def required(level: str, colour: int, matrix: Mapping[tuple[str, int], Requirement]) -> Requirement | None:
    return matrix.get((level, colour))


@dataclass
class Task:
    reach_id: int
    reach_name: str
    level: str
    colour: int
    requirement: Requirement | None
    period: tuple[date, date] | None
    due: int
    done: int
    overdue: int

    @property
    def outstanding(self) -> int:
        return max(self.due - self.done, 0)


def _count(days: Iterable[date], bounds: tuple[date, date] | None) -> int:
    return 0 if bounds is None else len({d for d in days if bounds[0] <= d < bounds[1]})


def task_for(reach_id: int, reach_name: str, level: str, colour: int, requirement: Requirement | None,
             patrol_days: list[date], today: date) -> Task:
    """One reach's task in the current period, from the days of the chief's valid patrols on it."""
    if requirement is None:
        return Task(reach_id, reach_name, level, colour, None, None, 0, 0, 0)
    current = period_bounds(requirement.period, today)
    previous = previous_bounds(requirement.period, today)
    due = requirement.patrols if current is not None else 0
    missed = max(requirement.patrols - _count(patrol_days, previous), 0)
    return Task(reach_id, reach_name, level, colour, requirement, current, due, _count(patrol_days, current), missed)


def task_list(assignments: Iterable[tuple[int, str, str, int]], matrix: Mapping[tuple[str, int], Requirement],
              patrol_days: Mapping[int, list[date]], today: date) -> list[Task]:
    """assignments: (reach id, reach name, chief level, warning colour) per reach the chief holds."""
    return [task_for(reach_id, name, level, colour, required(level, colour, matrix), patrol_days.get(reach_id, []),
                     today) for reach_id, name, level, colour in assignments]
