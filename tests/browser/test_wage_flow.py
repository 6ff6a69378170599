"""A 人社 (labour) officer's wage case in real Chromium: a red construction site on the map, why it
is red on its record, the worker-month hazard dispatched to the general contractor, and the
contractor's reply naming the bank's payment record, which the officer's confirmation accepts."""

import re
from datetime import date

import pytest

from geo_server.accounts.models import Organisation
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.browser.login import log_in
from tests.browser.test_map import click_feature, wait_for_layer
from tests.conftest import area, make_user
from tests.worksites_rules_world import build_wage_world, pay

ID_NUMBER = re.compile(r"\d{17}[\dX]")


@pytest.fixture
def world():
    world = build_wage_world()
    sweep("construction_site", today=date(2026, 4, 16))
    return world


@pytest.fixture
def lily():
    labour = Organisation.objects.create(name="天河区人力资源和社会保障局", type="labour_office",
                                         jurisdiction=area("440106"))
    return make_user("lily", labour, "district_officer")


@pytest.fixture
def jia(world):
    return make_user("jia", world.organisations["A"], "enterprise_user")


def test_a_labour_officer_takes_a_red_site_from_the_map_to_the_contractors_payment(page, problems, world, lily, jia):
    site = world.sites["C"]
    c1 = world.workers["c1"]
    lon, lat = site.geom.centroid.coords
    log_in(page, "lily", "lily-password", "/")
    page.goto(f"/?lat={lat:.6f}&lng={lon:.6f}&z=16")
    wait_for_layer(page, "construction_site", 2)  # A and C, both in Tianhe; B (Haizhu) is far off
    click_feature(page, site.pk)
    popup = page.locator(".leaflet-popup-content .popup")
    popup.wait_for()
    assert popup.locator("strong").inner_text() == "工地CSC"
    popup.locator("a.open-record").click()
    page.wait_for_url(f"**/features/{site.pk}/")

    # Why it is red: the open warnings, worst first; red is the account-month without allocation.
    rows = page.locator("#warnings tr[data-rule]")
    assert rows.first.get_attribute("data-rule") == "wage.no_inflow"
    assert "level-3" in rows.first.locator("td.level").get_attribute("class")
    subject = f"worker:{c1.pk}:2026-03"
    assert page.locator(f"#warnings tr[data-subject='{subject}']").get_attribute("data-rule") == "wage.unpaid"
    assert ID_NUMBER.search(page.content()) is None

    # The worker-month's hazard, routed to the general contractor.
    hazard = Hazard.objects.get(feature=site, subject=subject)
    page.locator(f"#hazards tr[data-hazard='{hazard.pk}'] a").click()
    page.wait_for_url(f"**/hazards/{hazard.pk}/")
    assert page.locator("dd.organisation").inner_text() == "甲建筑有限公司"
    act(page, "dispatch")
    assert state(page) == "dispatched"
    act(page, "issue_notice")
    assert state(page) == "notice_issued"

    # The contractor pays (the bank's record arrives) and replies naming it.
    payment = pay(c1, "500.00")
    page.context.clear_cookies()
    log_in(page, "jia", "jia-password", f"/hazards/{hazard.pk}/")
    reply = page.locator("form.transition[data-action=reply]")
    reply.locator("input[name=payment_ids]").fill(payment.source_id)
    reply.locator("textarea[name=reason]").fill("已补发3月工资")
    with page.expect_navigation():
        reply.locator("button[type=submit]").click()
    assert state(page) == "replied"
    assert payment.source_id in page.locator("#timeline").inner_text()

    # The officer confirms: the named payment pays this worker for this month, so the evidence holds.
    page.context.clear_cookies()
    log_in(page, "lily", "lily-password", f"/hazards/{hazard.pk}/")
    act(page, "confirm")
    assert state(page) == "confirmed"
    assert Hazard.objects.get(pk=hazard.pk).state == "confirmed"
    assert ID_NUMBER.search(page.content()) is None
    assert problems.console_errors == [] and problems.foreign_requests == []


def act(page, action: str) -> None:
    form = page.locator(f"form.transition[data-action={action}]")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def state(page) -> str:
    return page.locator("article.hazard").get_attribute("data-state")
