"""The phone page /m/ in real Chromium with emulated geolocation: a patrol walked in a zone, a failed
checklist item with a photo recorded offline, synced when the connection returns into exactly one
hazard with its photo, and no second one when answers are lost and the phone sends again.

The walk runs east along 23.138° inside the zone SQUARE (113.320-113.330 E, 23.133-23.143 N); the
water project stands at the Tianhe Sports Center (113.3240, 23.1380), in the zone.
"""

import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from PIL import Image

from geo_server.accounts.models import Organisation
from geo_server.checklists.models import ChecklistResult, ChecklistTemplate
from geo_server.patrols.models import Patrol, PatrolPlan, PatrolSession
from geo_server.patrols.plans import generate_tasks
from geo_server.patrols.zones import create_zone
from geo_server.sectors.waterworks.models import WaterProjectDetail
from geo_server.supervision.findings import raise_finding_hazard
from geo_server.supervision.hazards import apply_transition
from geo_server.supervision.models import Hazard
from tests.browser.conftest import is_local
from tests.browser.login import log_in
from tests.conftest import TIANHE_SPORTS_CENTER, make_user, point_feature
from tests.test_zones import SQUARE

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WALK = [(23.1380, 113.3215 + 0.0005 * step) for step in range(8)]  # (lat, lon), ~51 m a step


def jpeg() -> bytes:
    image = Image.new("RGB", (320, 240), (180, 90, 40))
    image.paste((40, 90, 180), (100, 60, 220, 180))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture
def field(tianhe_office, bob):
    ivan = make_user("ivan", tianhe_office, "inspector")
    zone = create_zone(bob, "体育中心片区", SQUARE)
    PatrolPlan.objects.create(zone=zone).inspectors.set([ivan])
    project = point_feature("WP-TH-001", *TIANHE_SPORTS_CENTER, kind="water_project", name="天河泵站改造工程",
                            name_en="Tianhe pumping station upgrade", risk_level=2)
    contractor = Organisation.objects.create(name="某水利建设公司", type="enterprise", jurisdiction=project.district)
    WaterProjectDetail.objects.create(feature=project, project_type="pumping_station", owner_unit="市水务局",
                                      contractor=contractor.name, contractor_organisation=contractor,
                                      stage="main_structure", budget_wan=1200, started_on=date(2025, 3, 1))
    generate_tasks(timezone.localdate())
    return ivan, zone, project


@pytest.fixture
def phone(browser, live_server, problems):
    lat, lon = WALK[0]
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, base_url=live_server.url, permissions=["geolocation"],
                                  geolocation={"latitude": lat, "longitude": lon, "accuracy": 5},
                                  service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: message.type == "error" and problems.console_errors.append(message.text))
    page.on("pageerror", lambda error: problems.console_errors.append(str(error)))
    context.on("request", lambda request: not is_local(request.url) and problems.foreign_requests.append(request.url))
    yield context, page
    context.close()


def walk(context, page, steps) -> None:
    for lat, lon in steps:
        context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 5})
        page.wait_for_timeout(250)


def queued(page) -> int:
    return int(page.locator("#m-queue").get_attribute("data-count"))


def tap_feature(page, feature_id: int, lat: float, lon: float) -> None:
    box = page.locator("#m-map").bounding_box()
    x, y = page.evaluate("([lat, lon]) => { const p = window.mobileMap.latLngToContainerPoint([lat, lon]);"
                         " return [p.x, p.y]; }", [lat, lon])
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector(f"#m-feature[data-feature='{feature_id}']:not([hidden])")


def lose_answers_once(page, pattern: str, lost: list) -> None:
    """The server gets the request and applies it; the phone never hears back (a dropped connection)."""
    def handler(route):
        route.fetch()
        lost.append(route.request.url)
        route.abort("connectionreset")
    page.route(pattern, handler, times=1)


def open_with_service_worker(page, username: str) -> None:
    """Log in on /m/ and reload once the service worker is installed and in control: from then on it
    keeps the shell and today's data for offline use."""
    log_in(page, username, f"{username}-password", "/m/")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")


def fail_an_item_with_a_photo(page, project):
    """Open the project's checklist from the map, fail wp-ms-04 with a photo and a note, pass wp-ms-01,
    screenshot the page and save; the template shown."""
    tap_feature(page, project.pk, TIANHE_SPORTS_CENTER[1], TIANHE_SPORTS_CENTER[0])
    template = ChecklistTemplate.objects.get(code="water_project-main_structure")
    row = page.locator(f"li.item[data-item='{template.items.get(code='wp-ms-04').pk}']")
    row.locator(".choice.fail").click()
    row.locator("input.photo").set_input_files({"name": "crack.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
    row.locator("input.note").fill("墙身露筋")
    page.locator(f"li.item[data-item='{template.items.get(code='wp-ms-01').pk}'] .choice.pass").click()
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "mobile.png"), full_page=True)
    page.locator("#m-checklist button[type=submit]").click()
    return template


def patrol_offline_with_a_finding(context, page, zone, project) -> None:
    """Start the zone's patrol online, walk, go offline, fail an item with a photo, walk on, finish."""
    page.locator(f"li.task[data-zone='{zone.pk}'] button.start").click()
    walk(context, page, WALK[:4])
    page.wait_for_function("() => document.getElementById('m-patrol-status').textContent.includes('4')")

    context.set_offline(True)
    page.wait_for_selector("#m-net[data-online='0']")
    template = fail_an_item_with_a_photo(page, project)
    # Once saved (the form is reset for the next checklist), the project's stage is still chosen:
    # a reset used to fall back to the first template, another stage's, under the same items.
    # A function, not a string: the page's CSP refuses eval, which a string expression needs.
    page.wait_for_function("() => document.getElementById('m-items').dataset.template"
                           " && !document.querySelector('#m-items li.item[data-answer=fail]')")
    assert page.locator("#m-template").input_value() == str(template.pk)
    assert page.locator("#m-items").get_attribute("data-template") == str(template.pk)
    walk(context, page, WALK[4:])
    page.locator("#m-finish").click()
    page.wait_for_selector("#m-patrol[hidden]", state="attached")


def sync_again(page) -> None:
    """Reload and announce the network again: a second sync of an emptied queue."""
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(500)


def test_a_patrol_with_an_offline_finding_syncs_into_one_hazard_with_its_photo(phone, field, problems, media):
    context, page = phone
    ivan, zone, project = field
    open_with_service_worker(page, "ivan")
    assert page.locator(f"li.task[data-zone='{zone.pk}']").get_attribute("data-status") == "due"
    patrol_offline_with_a_finding(context, page, zone, project)

    # Offline: only the start (sent while online) reached the server; the queue holds the points,
    # the checklist, its photo and the finish.
    assert queued(page) == 4
    assert Hazard.objects.count() == 0 and PatrolSession.objects.get().points == []
    # The page opens offline from the service worker, the queue intact.
    reloaded = page.reload()
    assert reloaded.from_service_worker
    page.wait_for_selector("body[data-ready='1']")
    assert queued(page) == 4 and page.locator(f"li.task[data-zone='{zone.pk}']").count() == 1

    # Back online: the first batch and the photo are applied but their answers lost, so both go again.
    lost = []
    lose_answers_once(page, "**/api/m/sync", lost)
    lose_answers_once(page, "**/api/m/photos", lost)
    context.set_offline(False)
    page.wait_for_selector("#m-queue[data-count='0']", timeout=30_000)
    assert len(lost) == 2

    hazard = Hazard.objects.get()
    assert (hazard.feature_id, hazard.rule_code, hazard.state) == (project.pk, "checklist.wp-ms-04", "new")
    assert "墙身露筋" in hazard.message_zh
    photos = list(hazard.photos.all())
    assert len(photos) == 1
    result = ChecklistResult.objects.get()
    patrol = Patrol.objects.get()
    assert result.patrol == patrol and patrol.walker == ivan and patrol.zone == zone and patrol.reach is None
    assert len(PatrolSession.objects.get().points) == len(WALK)
    assert page.locator("#m-problems").is_hidden()

    sync_again(page)
    # Reloading and syncing again changed nothing.
    assert Hazard.objects.count() == 1 and hazard.photos.count() == 1 and ChecklistResult.objects.count() == 1
    tap_feature(page, project.pk, TIANHE_SPORTS_CENTER[1], TIANHE_SPORTS_CENTER[0])
    assert page.locator(f"#m-hazards li[data-hazard='{hazard.pk}']").count() == 1
    # The two answers lost on purpose are the only failed loads.
    assert [e for e in problems.console_errors if "ERR_CONNECTION_RESET" not in e] == []
    assert problems.foreign_requests == []


def test_a_hazard_changed_on_the_server_while_offline_is_shown_as_a_conflict(phone, field, problems, bob):
    context, page = phone
    ivan, zone, project = field
    zone.plan.inspectors.add(bob)  # a district officer patrolling with the phone
    raised = raise_finding_hazard(project, "checklist.wp-ms-04", 2, "现浇结构外观质量严重缺陷", "Serious defects", ivan)
    hazard = raised.hazard
    log_in(page, "bob", "bob-password", "/m/")
    page.wait_for_selector("body[data-ready='1']")
    tap_feature(page, project.pk, TIANHE_SPORTS_CENTER[1], TIANHE_SPORTS_CENTER[0])

    context.set_offline(True)
    page.wait_for_selector("#m-net[data-online='0']")
    page.once("dialog", lambda dialog: dialog.accept("现场已停工"))
    page.locator(f"#m-hazards li[data-hazard='{hazard.pk}'] button[data-action='close_not_fixed']").click()
    page.wait_for_selector("#m-queue[data-count='1']")
    # Meanwhile, at the office, the hazard is dispatched (version 1 -> 2).
    apply_transition(bob, hazard.pk, "dispatch", {}, 1)

    context.set_offline(False)
    problem = page.locator("#m-problem-list li.problem")
    problem.wait_for()
    assert (problem.get_attribute("data-status"), problem.get_attribute("data-code")) == ("conflict", "stale_version")
    assert "2" in problem.locator(".server-now").inner_text() and "已派发" in problem.locator(".server-now").inner_text()
    hazard.refresh_from_db()
    assert (hazard.state, hazard.version) == ("dispatched", 2)  # not overwritten
    assert queued(page) == 0

    problem.locator("button.discard").click()
    page.wait_for_selector("#m-problems[hidden]", state="attached")
    hazard.refresh_from_db()
    assert hazard.state == "dispatched"
    assert problems.foreign_requests == []
