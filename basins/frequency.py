"""Differentiated patrol frequency (差异化巡河, 穗河长办〔2021〕49号): pure functions over the matrix.

A reach's warning colour (its risk_level: the highest level among its open warnings, the risk
model's included) and a chief's level pick one matrix cell: so many valid patrols per period.
Periods are calendar periods: the working day (Monday-Friday; public holidays are not modelled),
the ISO week, the 旬 (days 1-10, 11-20, 21-end of month), the month and the quarter. A chief's task
for a reach in the current period is due/done/outstanding; overdue counts the patrols missed in the
period before. Patrols are counted as distinct days (the [S] rule says "one day per 旬"): two walks
on one day count once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from geo_server.patrols.periods import FLOOR_KM, FLOOR_MINUTES, period_bounds, previous_bounds

@dataclass(frozen=True)
class Requirement:
    patrols: int
    period: str
    min_minutes: int = FLOOR_MINUTES
    min_km: float = FLOOR_KM
    source: str = "D"


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
