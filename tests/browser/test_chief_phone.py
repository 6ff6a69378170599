"""A river chief opens the phone page /m/ in Chromium and sees the same two reach patrol tasks that
/api/patrols/tasks lists for them (the phone once said there were none)."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.login import log_in
from tests.conftest import make_user
from tests.reaches import make_chief, make_reach

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def rachel(tianhe_office):
    chief = make_user("rachel", tianhe_office, "river_chief", river_chief_level="village")
    red = make_reach("RR-TEST-001")
    red.risk_level = 3
    red.save()
    make_chief(red, chief, "village")
    make_chief(make_reach("RR-TEST-002"), chief, "village")
    return chief


def test_the_chiefs_phone_lists_the_reach_tasks_the_api_lists(page, rachel, problems):
    log_in(page, "rachel", "rachel-password", "/m/")
    page.wait_for_selector("#m-task-list li[data-reach]")
    api = page.evaluate("() => fetch('/api/patrols/tasks', {credentials: 'same-origin'}).then(r => r.json())")
    rows = page.locator("#m-task-list li[data-reach]")
    assert rows.count() == len(api["tasks"]) == 2
    shown = [(int(rows.nth(i).get_attribute("data-reach")), rows.nth(i).locator("strong").inner_text())
             for i in range(rows.count())]
    assert shown == [(t["reach"], t["reach_name"]) for t in api["tasks"]]
    assert "今天没有巡查任务" not in page.locator("#m-task-list").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chief_phone_tasks.png"))
    assert problems.console_errors == [] and problems.foreign_requests == []
