"""A river chief's phone lists that chief's reach patrol tasks: /api/m/today carries the very rows
/api/patrols/tasks answers (both come from basins.compliance.chief_task_rows, handed to the phone
through Sector.phone_tasks). The page itself is checked in Chromium (tests/browser/test_chief_phone.py)."""

import pytest

from tests.conftest import make_user
from tests.reaches import make_chief, make_reach


@pytest.fixture
def rachel(tianhe_office):
    """A village chief of two reaches, one red (a patrol every working day), one uncoloured."""
    chief = make_user("rachel", tianhe_office, "river_chief", river_chief_level="village")
    red = make_reach("RR-TEST-001")
    red.risk_level = 3
    red.save()
    make_chief(red, chief, "village")
    make_chief(make_reach("RR-TEST-002"), chief, "village")
    return chief


def test_the_phone_lists_the_same_two_tasks_as_the_api(client, rachel):
    client.force_login(rachel)
    api = client.get("/api/patrols/tasks").json()["tasks"]
    phone = client.get("/api/m/today").json()
    assert len(api) == 2 and {t["reach_name"] for t in api} == {"测试河RR-TEST-001", "测试河RR-TEST-002"}
    assert phone["sector_tasks"] == {"river_reach": api}


def test_an_inspector_without_reaches_gets_no_sector_tasks(client, tianhe_office):
    client.force_login(make_user("ivan", tianhe_office, "inspector"))
    assert client.get("/api/m/today").json()["sector_tasks"] == {}
