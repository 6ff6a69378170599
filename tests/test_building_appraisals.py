"""Appraisal reports one by one: checked fields and PDF, the review (submitted -> reviewed ->
published, 409 otherwise), the building's grade from its latest published report, its history."""

import json
from datetime import date

import pytest

from geo_server.sectors.buildings import report_checks
from geo_server.sectors.buildings.appraisals import transition
from geo_server.sectors.buildings.models import AppraisalReport, BuildingDetail
from geo_server.supervision.models import Hazard
from tests.building_world import building, haizhu_officer, pdf_bytes, pdf_file  # noqa: F401
from tests.loop import committed

FIELDS = {"agency": "广州市房屋安全鉴定所", "appraisers": "张工, 李工", "appraised_on": "2026-03-02",
          "grade": "C", "handling": "处理使用"}
FINDINGS = [{"member": "二层梁 L3", "location": "2F/B-C", "defect": "受力裂缝 0.4mm", "grade": "C"}]


def upload(client, user, feature, pdf=None, **fields):
    client.force_login(user)
    body = {**FIELDS, **fields, "findings": json.dumps(FINDINGS), "pdf": pdf or pdf_file()}
    return client.post(f"/api/buildings/{feature.pk}/appraisals", body)


def grade_of(feature) -> str:
    return BuildingDetail.objects.get(feature=feature).safety_grade


def report(feature, grade, appraised_on, state="published"):
    return AppraisalReport.objects.create(building=feature, agency="鉴定所", appraisers="王工", grade=grade,
                                          appraised_on=appraised_on, handling="observe", pdf="appraisals/x.pdf",
                                          state=state)


def test_it_stores_a_report_with_its_findings_as_submitted(client, bob):
    feature = building()
    response = upload(client, bob, feature)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["grade"], body["handling"]) == ("submitted", "C", "treat")
    assert body["findings"] == FINDINGS
    assert client.get(body["pdf"]).getvalue().startswith(b"%PDF-")
    assert grade_of(feature) == ""  # a submitted report grades nothing


@pytest.mark.parametrize("data, code", [
    (b"GIF89a not a report", "pdf_not_pdf"),
    (b"%PDF-1.7\n" + b"garbage " * 20, "pdf_unreadable"),
    (b"", "pdf_missing"),
])
def test_it_refuses_a_file_that_is_no_readable_pdf(client, bob, data, code):
    feature = building()
    response = upload(client, bob, feature, pdf=pdf_file(data=data))
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["details"]["errors"]] == [code]
    assert not AppraisalReport.objects.exists()


def test_it_refuses_a_pdf_over_the_size_limit(client, bob, monkeypatch):
    monkeypatch.setattr("geo_server.sectors.buildings.appraisals.PDF_MAX_BYTES", len(pdf_bytes()) - 1)
    response = upload(client, bob, building())
    assert [e["code"] for e in response.json()["details"]["errors"]] == ["pdf_too_large"]


def test_it_lists_every_bad_field_of_a_report(client, bob):
    response = upload(client, bob, building(), grade="E", handling="拆", appraised_on="2026-13-01", agency="")
    assert response.status_code == 422
    assert sorted(e["column"] for e in response.json()["details"]["errors"]) == [
        "agency", "appraised_on", "grade", "handling"]


def test_it_checks_the_pdf_header_size_and_pages_without_a_database():
    assert report_checks.check_pdf(pdf_bytes()) == []
    assert report_checks.check_pdf(b"%PDF") [0][1] == "pdf_not_pdf"  # no version: not a header


def test_it_moves_a_report_through_its_review_and_refuses_a_skipped_step(client, bob):
    feature = building()
    report_id = upload(client, bob, feature).json()["id"]

    def act(action):
        return client.post(f"/api/buildings/appraisals/{report_id}/transitions", json.dumps({"action": action}),
                           content_type="application/json")

    assert (act("publish").status_code, act("publish").json()["code"]) == (409, "illegal_transition")
    assert act("review").json()["state"] == "reviewed"
    assert act("review").status_code == 409
    assert act("return").json()["state"] == "submitted"
    act("review")
    assert act("publish").json()["state"] == "published"
    assert act("return").status_code == 409
    assert act("bogus").status_code == 409
    assert grade_of(feature) == "C"


def test_an_enterprise_may_upload_but_not_review(client, erin, enterprise):
    feature = building(organisation=enterprise)
    report_id = upload(client, erin, feature).json()["id"]
    response = client.post(f"/api/buildings/appraisals/{report_id}/transitions", json.dumps({"action": "review"}),
                           content_type="application/json")
    assert response.status_code == 403
    assert AppraisalReport.objects.get(pk=report_id).state == "submitted"


def test_the_grade_is_that_of_the_latest_published_report_by_appraisal_date(bob):
    feature = building(grade="A")
    report(feature, "D", date(2024, 5, 1))
    newer = report(feature, "B", date(2025, 5, 1), state="reviewed")
    older = report(feature, "A", date(2023, 5, 1), state="reviewed")
    transition(bob, older.pk, "publish")  # published last, appraised first: the 2024 D stays in force
    assert grade_of(feature) == "D"
    transition(bob, newer.pk, "publish")
    assert grade_of(feature) == "B"


def test_publishing_a_d_report_puts_the_building_on_the_hazard_list(bob, tianhe_office, enterprise):
    feature = building(organisation=enterprise)
    pending = report(feature, "D", date(2026, 1, 10), state="reviewed")
    with committed():
        transition(bob, pending.pk, "publish")
    hazard = Hazard.objects.get(feature=feature, rule_code="building.dangerous_grade")
    assert hazard.level == 3


def test_a_district_sees_its_own_buildings_reports_only(client, bob, haizhu_officer):
    feature = building()
    report_id = upload(client, bob, feature).json()["id"]
    client.force_login(haizhu_officer)
    assert client.get(f"/api/buildings/{feature.pk}/appraisals").status_code == 404
    assert client.get(f"/api/buildings/appraisals/{report_id}/report.pdf").status_code == 404
    assert upload(client, haizhu_officer, feature).status_code == 404
    client.force_login(bob)
    assert [r["id"] for r in client.get(f"/api/buildings/{feature.pk}/appraisals").json()["reports"]] == [report_id]


def test_the_record_page_shows_the_history_newest_first_with_the_report_in_force(client, bob):
    feature = building()
    report(feature, "D", date(2024, 5, 1))
    report(feature, "B", date(2025, 5, 1))
    report(feature, "A", date(2026, 2, 1), state="submitted")
    client.force_login(bob)
    page = client.get(f"/features/{feature.pk}/").content.decode()
    rows = [page.index(f'data-grade="{g}"') for g in "ABD"]
    assert rows == sorted(rows)
    assert 'data-state="published" data-grade="B" class="in-force"' in page


def test_the_page_form_submits_a_report_and_says_what_was_wrong(client, bob):
    feature = building()
    client.force_login(bob)
    response = client.post(f"/buildings/{feature.pk}/appraisals/new", {**FIELDS, "pdf": pdf_file(data=b"nope")},
                           follow=True)
    assert "pdf: the file does not start with %PDF-" in response.content.decode()
    client.post(f"/buildings/{feature.pk}/appraisals/new", {**FIELDS, "pdf": pdf_file()})
    assert AppraisalReport.objects.get(building=feature).state == "submitted"
