"""Every label and message in the page's language (issue #15): a city user walks the main pages of a
small hand-built world in Chinese and sees no English word or internal code outside ALLOWED, then in
English and sees no Chinese that is not the world's own data (names, addresses, organisations)."""

import re
from datetime import date

import pytest
from django.utils import timezone

from geo_server.accounts.models import Organisation
from geo_server.features.models import AdminArea, Feature
from geo_server.patrols.models import PatrolZone
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.sectors.waterworks.models import WaterProjectDetail
from geo_server.patrols.zones import create_zone
from geo_server.supervision.models import Hazard, Warning
from tests.browser.login import log_in
from tests.conftest import CANTON_TOWER, CONGHUA_CENTER, YUEXIU_PARK, make_user, point_feature
from geo_server.supervision.evaluation import sweep
from tests.loop import building, city_bureau

# Words a Chinese page may show in Latin letters, each for its reason.
ALLOWED = {
    "city",  # the user's own user name, in the header
    "geo_server",  # the product's name
    "GeoJSON", "CSV", "PDF", "PNG", "xlsx", "Excel", "KML", "GeoPackage", "QGIS", "GDAL", "OWSLib",  # formats, tools
    "EPSG",  # coordinate system codes (EPSG:4326)
    "EXIF", "GPS",  # photo metadata and positioning, written so in Chinese too
    "API", "HTTP", "Authorization", "Basic", "Bearer", "token",  # the API access example on /accounts/me/ (code)
    "MPa",  # units (mg/L, cm, km have fewer than three letters or are below)
    "JGJ",  # standard numbers such as JGJ 125
}
# Chinese an English page may show beyond the world's data: the language picker names each language
# in itself; an appraisal's handling advice carries the regulation's own term (城市危险房屋管理规定),
# "Stop use (停止使用)": a label of a model's choices, which this change leaves alone.
ALLOWED_CJK = {"简体中文", "观察使用", "处理使用", "停止使用", "整体拆除"}
WORD = re.compile(r"\b[A-Za-z][A-Za-z_]{2,}\b")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")

PAGES = ["/", "/hazards/", "/inbox/", "/integrity/", "/zones/compliance/", "/zones/calendar/",
         "/basins/compliance/", "/accounts/me/", "/dashboards/", "/concrete/failures/", "/zones/new"]
# Every dashboard, the core's and each sector's, with its panels drawn (they load after the page).
PAGES += [f"/dashboards/{name}/" for name in ("overview", "hazards", "buildings", "construction", "funds", "rivers")]

ZONE = {"type": "Polygon", "coordinates": [[[113.32, 23.13], [113.33, 23.13], [113.33, 23.14], [113.32, 23.13]]]}

# One feature of each kind beside the building (which gets its hazard from the real sweep): a real
# rule code of its kind, a subject as its rules write them, and both messages.
OTHERS = (
    ("construction_site", "S-1", "西村地块项目", "Xicun plot project", YUEXIU_PARK, "wage.underpaid",
     "worker:14:2026-10", "工人 2026-10 工资低于最低工资标准", "Worker paid below the minimum wage in 2026-10"),
    ("concrete_plant", "CP-1", "增荔搅拌站", "Zengli concrete plant", CANTON_TOWER, "concrete.batching_deviation",
     "batch:CP-1-0001", "生产记录 CP-1-0001 投料偏差超限：水泥 5.00%", "Batch CP-1-0001 batched outside tolerance"),
    ("fund_center", "FC-1", "住房公积金管理中心", "Housing Provident Fund Center", YUEXIU_PARK, "fund.liquidity",
     "", "流动性不足", "Liquidity below the threshold"),
    ("river_reach", "RR-1", "流溪河第1段", "Liuxi River reach 1", CONGHUA_CENTER, "reach.relapse_risk",
     "", "返黑返臭风险（黄色）", "Risk of relapse (yellow)"),
)


def world(user) -> list[Feature]:
    organisation = user.organisation
    features = [building("B-1", organisation=organisation)]
    Feature.objects.filter(pk=features[0].pk).update(name="花园路147号", name_en="No. 147 Huayuan Road")
    sweep("building")
    now = timezone.now()
    for kind, code, name, name_en, where, rule, subject, zh, en in OTHERS:
        feature = point_feature(code, *where, kind=kind, name=name, name_en=name_en, organisation=organisation)
        warning = Warning.objects.create(rule_code=rule, feature=feature, subject=subject, level=1, message_zh=zh,
                                         message_en=en, first_seen=now, last_seen=now)
        Hazard.objects.create(feature=feature, warning=warning, rule_code=rule, subject=subject, kind=kind,
                              district=feature.district, geom=feature.geom, level=1, message_zh=zh, message_en=en,
                              responsible_organisation=organisation)
        features.append(feature)
    # A water project whose hazard the real rule raises: its message names the stage, by its label.
    project = point_feature("WP-1", *CANTON_TOWER, kind="water_project", name="排水管网工程",
                            name_en="Drainage network project", organisation=organisation)
    WaterProjectDetail.objects.create(feature=project, project_type="pipe_network", owner_unit="市水务局",
                                      contractor="穗水建设公司", stage="main_structure", budget_wan=1200,
                                      started_on=date(2020, 3, 1))
    sweep("water_project")
    # Yellow: a warning the sweep does not promote; the hazard an officer raises from it keeps its words.
    warning = Warning.objects.get(feature=project, rule_code="water.overrun")
    Hazard.objects.create(feature=project, warning=warning, rule_code=warning.rule_code, kind="water_project",
                          district=project.district, geom=project.geom, level=warning.level,
                          message_zh=warning.message_zh, message_en=warning.message_en,
                          responsible_organisation=organisation)
    features.append(project)
    create_zone(user, "天河巡查片区", ZONE)
    return features


@pytest.fixture
def city(db):
    return make_user("city", city_bureau(), "supervisor")


def walk(page, features) -> dict[str, str]:
    paths = PAGES + [f"/features/{f.pk}/" for f in features]
    paths += [f"/hazards/{h}/" for h in Hazard.objects.order_by("pk").values_list("pk", flat=True)]
    texts = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        texts[path] = page.inner_text("body")
    return texts


def data_strings() -> list[str]:
    """The world's own words: names, addresses and organisations are data, shown as they are stored."""
    strings = [f.name for f in Feature.objects.all()] + [o.name for o in Organisation.objects.all()]
    strings += list(AdminArea.objects.values_list("name", flat=True))
    strings += list(PatrolZone.objects.values_list("name", flat=True))
    strings += list(BuildingDetail.objects.values_list("address", flat=True))
    strings += [s for pair in WaterProjectDetail.objects.values_list("owner_unit", "contractor") for s in pair]
    return [s for s in strings if s]


def test_it_shows_no_english_on_chinese_pages(page, problems, city):
    features = world(city)
    log_in(page, "city", "city-password")
    found = {path: sorted(set(WORD.findall(text)) - ALLOWED) for path, text in walk(page, features).items()}
    failures = {path: words for path, words in found.items() if words}
    assert not failures, failures
    assert page.locator("html").get_attribute("lang").startswith("zh")


def test_it_shows_no_untranslated_chinese_on_english_pages(browser, live_server, problems, city):
    features = world(city)
    context = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en"},
                                  viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, "city", "city-password")
        texts = walk(page, features)
    finally:
        context.close()
    data = data_strings()
    found = {path: sorted({run for run in CJK.findall(text)
                           if run not in ALLOWED_CJK and not any(run in s for s in data)})
             for path, text in texts.items()}
    failures = {path: runs for path, runs in found.items() if runs}
    assert not failures, failures
