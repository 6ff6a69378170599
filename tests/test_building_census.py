"""Census entries: recorded within the surveyor's jurisdiction, shown beside the appraisal in force,
and a warning while an entry suggests danger with no published appraisal on or after its date."""

import json
from datetime import date

from geo_server.sectors.buildings.models import AppraisalReport, CensusRecord
from geo_server.sectors.buildings.census import clean_census
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Warning
from tests.building_world import building, haizhu_officer  # noqa: F401

RULE = "building.census_unappraised"
ENTRY = {"surveyed_on": "2026-05-10", "surveyor": "陈工", "structure": "brick_concrete", "floors": 4,
         "year_built": 1978, "use": "residential", "visible_defects": "外墙斜裂缝，楼梯踏步下沉", "suggests_danger": True,
         "photos": ["IMG_0001.jpg"]}


def post(client, user, feature, **changes):
    client.force_login(user)
    return client.post(f"/api/buildings/{feature.pk}/census", json.dumps({**ENTRY, **changes}, ensure_ascii=False),
                       content_type="application/json")


def appraised(feature, on, state="published"):
    AppraisalReport.objects.create(building=feature, agency="鉴定所", appraisers="王工", grade="B", appraised_on=on,
                                   handling="observe", pdf="appraisals/x.pdf", state=state)


def warned(feature) -> bool:
    sweep("building", today=date(2026, 6, 1))
    return Warning.objects.filter(feature=feature, rule_code=RULE, is_open=True).exists()


def test_it_records_a_census_entry_and_refuses_a_bad_one(client, bob):
    feature = building()
    assert post(client, bob, feature).status_code == 201
    bad = post(client, bob, feature, floors=0, structure="mud", surveyed_on="2026-5-10", surveyor="")
    assert bad.status_code == 422
    assert sorted(e["column"] for e in bad.json()["details"]["errors"]) == ["floors", "structure", "surveyed_on",
                                                                           "surveyor"]
    assert CensusRecord.objects.count() == 1


def test_another_district_cannot_record_a_census_of_this_building(client, haizhu_officer):
    assert post(client, haizhu_officer, building()).status_code == 404


def test_it_warns_of_a_census_suggesting_danger_until_an_appraisal_on_or_after_it_is_published(db):
    feature = building()
    entry, _problems = clean_census(ENTRY, date(2026, 6, 1))
    CensusRecord.objects.create(building=feature, **entry)
    appraised(feature, date(2026, 5, 9))  # the day before: it does not answer the census
    appraised(feature, date(2026, 5, 10), state="reviewed")  # not published yet
    assert warned(feature)
    AppraisalReport.objects.filter(appraised_on=date(2026, 5, 10)).update(state="published")
    assert not warned(feature)


def test_a_census_entry_that_suggests_no_danger_never_warns(db):
    feature = building()
    entry, _problems = clean_census({**ENTRY, "suggests_danger": False}, date(2026, 6, 1))
    CensusRecord.objects.create(building=feature, **entry)
    assert not warned(feature)


def test_the_record_page_sets_the_census_beside_the_appraisal_in_force(client, bob):
    feature = building()
    post(client, bob, feature)
    appraised(feature, date(2026, 5, 20))
    page = client.get(f"/features/{feature.pk}/").content.decode()
    assert "外墙斜裂缝，楼梯踏步下沉" in page and 'class="grade-in-force"' in page
    assert page.index('class="census"') < page.index('class="appraisal"')
