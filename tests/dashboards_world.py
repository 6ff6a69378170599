"""A small, hand-counted world of hazards for the dashboards' tests.

Guangzhou: Tianhe (440106) has 3 hazards, Yuexiu (440104) 2, Haizhu (440105) 1; Shenzhen (440300)
1, in no district (the fixtures have Guangzhou's districts only). Raised in 2026-01..2026-03 (see
HAZARDS), some closed; every open one with a deadline is overdue by now (December 2026 on)."""

from dataclasses import dataclass
from datetime import date, datetime
from datetime import timezone as tz

from geo_server.supervision.models import Hazard, HazardEvent
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, point_feature

FUTIAN = (114.0550, 22.5410)  # 福田区 Futian, Shenzhen

# (feature code, where, kind, state, raised, deadline, closed)
HAZARDS = (
    ("T-1", TIANHE_SPORTS_CENTER, "building", "new", date(2026, 1, 10), date(2026, 2, 10), None),
    ("T-2", TIANHE_SPORTS_CENTER, "building", "closed", date(2026, 1, 20), date(2026, 3, 1), date(2026, 1, 30)),
    ("T-3", TIANHE_SPORTS_CENTER, "concrete_plant", "dispatched", date(2026, 3, 5), date(2026, 5, 1), None),
    ("Y-1", YUEXIU_PARK, "building", "closed", date(2026, 2, 1), date(2026, 3, 1), date(2026, 2, 5)),
    ("Y-2", YUEXIU_PARK, "concrete_plant", "closed_not_fixed", date(2026, 2, 14), date(2026, 3, 1), date(2026, 3, 3)),
    ("H-1", CANTON_TOWER, "building", "replied", date(2026, 3, 20), date(2026, 4, 1), None),
    ("F-1", FUTIAN, "building", "new", date(2026, 2, 2), None, None),
)


@dataclass
class World:
    hazards: dict


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=tz.utc)  # 12:00 in Guangzhou


def make_world() -> World:
    hazards = {}
    for code, where, kind, state, raised, deadline, closed in HAZARDS:
        feature = point_feature(code, *where, kind=kind)
        hazard = Hazard.objects.create(
            feature=feature, rule_code="test.rule", kind=kind, district=feature.district, geom=feature.geom,
            level=3, message_zh="测试", message_en="Test", deadline=deadline, state=state)
        Hazard.objects.filter(pk=hazard.pk).update(created_at=noon(raised))
        if closed:
            event = HazardEvent.objects.create(hazard=hazard, action="close", from_state="confirmed", to_state=state)
            HazardEvent.objects.filter(pk=event.pk).update(at=noon(closed))
        hazards[code] = hazard
    return World(hazards)
