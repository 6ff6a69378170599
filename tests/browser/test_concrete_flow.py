"""Concrete in real Chromium: the plant's enterprise sees a specimen group past 28 days on its plant
and answers the hazard with its test report (number and scan), which the district officer then
confirms; a district officer opens a failed evaluation batch and sees, on the map, the plant and the
receiving site in the district, coloured failed."""

from datetime import date

import pytest
from PIL import Image

from geo_server.accounts.models import Organisation
from geo_server.features.kinds import Kind
from geo_server.sectors.concrete.models import SpecimenGroup
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.browser.login import log_in
from tests.browser.test_wage_flow import act, state
from tests.concrete_trace_world import build_trace_world
from tests.conftest import area, make_user


@pytest.fixture
def world():
    world = build_trace_world()
    # B3's group, cast 2026-06-03, still untested on 2026-07-15: due 2026-07-02 (28 days + 1).
    SpecimenGroup.objects.create(plant=world.plants["P1"], source_id="G-B3", batch=world.batches["B3"],
                                 cast_date=date(2026, 6, 3))
    sweep(Kind.CONCRETE_PLANT, today=date(2026, 7, 15))
    return world


@pytest.fixture
def hu():
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    return make_user("hu", haizhu, "district_officer")


@pytest.fixture
def bing(world):
    return make_user("bing", world.plants["P1"].organisation, "enterprise_user")


def test_an_enterprise_answers_a_28_day_warning_with_its_test_report_which_the_officer_confirms(page, problems, world, hu, bing, tmp_path):
    plant = world.plants["P1"]
    hazard = Hazard.objects.get(feature=plant, warning__rule_code="concrete.past_28_days")
    assert hazard.subject == "group:G-B3"
    log_in(page, "hu", "hu-password", f"/hazards/{hazard.pk}/")
    act(page, "dispatch")
    act(page, "issue_notice")
    assert state(page) == "notice_issued"

    page.context.clear_cookies()
    log_in(page, "bing", "bing-password", f"/features/{plant.pk}/")
    assert page.locator("#warnings tr[data-rule='concrete.past_28_days']").count() == 1
    assert page.locator("#concrete-plant tr[data-rule='concrete.past_28_days']").count() == 1
    page.locator(f"#hazards tr[data-hazard='{hazard.pk}'] a").click()
    page.wait_for_url(f"**/hazards/{hazard.pk}/")
    # The plant's specimens feed records the test (tests/test_concrete_ingest.py covers the feed).
    SpecimenGroup.objects.filter(source_id="G-B3").update(test_date=date(2026, 7, 16), strength_1_mpa="38.0",
                                                          strength_2_mpa="38.2", strength_3_mpa="38.4",
                                                          group_value_mpa="38.2")
    report = tmp_path / "report.png"
    Image.new("RGB", (64, 48), "white").save(report)
    reply = page.locator("form.transition[data-action=reply]")
    reply.locator("input[name=photos]").set_input_files(str(report))
    reply.locator("input[name=test_report_no]").fill("BG-2026-0716")
    reply.locator("textarea[name=reason]").fill("试块 G-B3 已于 2026-07-16 试压：38.2 MPa，检测报告见附件")
    with page.expect_navigation():
        reply.locator("button[type=submit]").click()
    assert state(page) == "replied"
    assert "BG-2026-0716" in page.locator("#timeline").inner_text()
    assert page.locator("#photos li[data-photo]").count() == 1
    assert Hazard.objects.get(pk=hazard.pk).state == "replied"
    assert problems.console_errors == [] and problems.foreign_requests == []

    # The officer confirms: the report is named, attached and its test on record.
    page.context.clear_cookies()
    log_in(page, "hu", "hu-password", f"/hazards/{hazard.pk}/")
    act(page, "confirm")
    assert state(page) == "confirmed"
    assert Hazard.objects.get(pk=hazard.pk).state == "confirmed"
    assert problems.console_errors == [] and problems.foreign_requests == []


def test_a_district_officer_traces_a_failed_evaluation_to_the_sites_on_the_map(page, problems, world, hu):
    log_in(page, "hu", "hu-password", "/concrete/failures/")
    page.locator(f"tr[data-evaluation='{world.evaluation.pk}'] a.trace-link").click()
    page.wait_for_url(f"**/concrete/trace/evaluation/{world.evaluation.pk}/")
    sites = page.locator("#tracemap path.trace-site")
    sites.first.wait_for()
    # Haizhu sees its own site CS2 and the plant; CS1 (Tianhe) received B1 and B3 outside its jurisdiction.
    assert sites.count() == 1 and page.locator("#tracemap path.trace-failed").count() == 1
    assert page.locator("#tracemap path.trace-plant").count() == 1
    assert page.locator("#tracemap path.trace-line").count() == 1
    assert page.locator("#trace-sites tr[data-site]").get_attribute("data-site") == str(world.sites["CS2"].pk)
    assert page.locator("#trace-rows tr[data-batch]").count() == 3
    sites.first.click(force=True)
    assert "海珠工地" in page.locator(".leaflet-popup-content").inner_text()
    assert problems.console_errors == [] and problems.foreign_requests == []


def test_an_enterprise_sees_where_its_plant_delivered_without_the_sites_records(page, problems, world, bing):
    log_in(page, "bing", "bing-password", f"/concrete/trace/evaluation/{world.evaluation.pk}/")
    sites = page.locator("#tracemap path.trace-site")
    sites.first.wait_for()
    # P1 delivered B1 and B3 to CS1 (Tianhe) and B2 to CS2 (Haizhu): both shown, as points.
    assert sites.count() == 2 and page.locator("#tracemap path.trace-line").count() == 2
    rows = page.locator("#trace-sites tr[data-site]")
    assert sorted(rows.nth(i).get_attribute("data-site") for i in range(2)) == sorted(
        str(world.sites[code].pk) for code in ("CS1", "CS2"))
    assert page.locator("#trace-sites a[href^='/features/']").count() == 0
    assert "3F 楼板" in page.locator("#trace-sites").inner_text()
    sites.first.click(force=True)
    assert page.locator(".leaflet-popup-content a").count() == 0
    assert problems.console_errors == [] and problems.foreign_requests == []
