"""Site documents of a water project: checked by content, stored, listed to those who see the project
(its contractor, the offices of its jurisdiction), on the record page and in the phone's day."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from geo_server.sectors.waterworks.models import SiteDocument
from tests.photos import photo_bytes
from tests.waterworks_world import (PDF, carl, contractor, hana, ivan, ivan_plan, other_contractor,  # noqa: F401
                                    other_project, otto, project)


def post(client, user, project_id, data=None, file=None):
    client.force_login(user)
    body = dict(data or {})
    if file is not None:
        body["file"] = file
    return client.post(f"/api/waterworks/projects/{project_id}/documents", body)


def pdf(data=PDF, name="plan.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


PLAN = {"doc_type": "plan", "title": "水闸基坑施工方案"}


def test_it_stores_a_plan_pdf_by_its_content(client, carl, project, media):
    response = post(client, carl, project.pk, PLAN, pdf())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["doc_type"], body["content_type"], body["bytes"]) == ("plan", "application/pdf", len(PDF))
    stored = SiteDocument.objects.get(pk=body["id"])
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (media / stored.file.name).read_bytes() == PDF
    assert client.get(body["file_url"])["Content-Type"] == "application/pdf"


def test_it_accepts_a_certificate_photo_for_a_material_record(client, carl, project, media):
    data = {"doc_type": "material", "title": "钢筋进场", "material": "HRB400 钢筋", "certificate_no": "ZJ-2026-0117"}
    response = post(client, carl, project.pk, data, SimpleUploadedFile("cert.png", photo_bytes("PNG"), "image/png"))
    assert response.status_code == 201, response.json()
    assert (response.json()["content_type"], response.json()["certificate_no"]) == ("image/png", "ZJ-2026-0117")


@pytest.mark.parametrize("data, code", [
    (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "invalid_document"),           # truncated: no %%EOF trailer
    (b"MZ\x90\x00 this is a program", "unsupported_document_type"),  # named .pdf, is not one
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "unsupported_document_type"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "unsupported_document_type"),
    (b"", "invalid_document"),
])
def test_it_refuses_a_file_that_is_not_a_pdf_or_a_photo(client, carl, project, media, data, code):
    response = post(client, carl, project.pk, PLAN, pdf(data))
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert not SiteDocument.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(client, carl, project, media, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "WATER_DOCUMENT_MAX_BYTES": len(PDF) - 1}
    response = post(client, carl, project.pk, PLAN, pdf())
    assert (response.status_code, response.json()["code"]) == (413, "document_too_large")


@pytest.mark.parametrize("data, code", [
    ({"doc_type": "material", "title": "水泥", "material": "P.O 42.5"}, "certificate_no_required"),
    ({"doc_type": "safety_education", "title": "入场教育", "held_on": "2026-05-06", "trainer": "王工",
      "topic": "基坑防坍塌"}, "attendance_required"),
    ({"doc_type": "safety_education", "title": "入场教育", "held_on": "06/05/2026", "trainer": "王工",
      "topic": "基坑防坍塌", "attendance": "12"}, "invalid_held_on"),
    ({"doc_type": "work_point", "title": "闸门井", "lon": "113.324", "lat": "123"}, "invalid_lat"),
    ({"doc_type": "minutes", "title": "例会"}, "invalid_doc_type"),
])
def test_it_refuses_a_record_missing_what_its_type_needs(client, carl, project, data, code):
    response = post(client, carl, project.pk, data)
    assert (response.status_code, response.json()["code"]) == (400, code)


def test_it_keeps_a_safety_session_and_a_work_point_without_files(client, carl, project):
    session = post(client, carl, project.pk, {"doc_type": "safety_education", "title": "三级安全教育",
                                              "held_on": "2026-05-06", "trainer": "王工", "topic": "基坑防坍塌",
                                              "attendance": "23"}).json()
    assert (session["held_on"], session["trainer"], session["attendance"], session["file_url"]) == (
        "2026-05-06", "王工", 23, None)
    point = post(client, carl, project.pk, {"doc_type": "work_point", "title": "闸门井", "lon": "113.3241",
                                            "lat": "23.1381"}).json()
    assert point["location"] == [113.3241, 23.1381]


def test_it_lists_documents_only_to_those_who_see_the_project(client, carl, otto, ivan, hana, project, other_project,
                                                               media):
    post(client, carl, project.pk, PLAN, pdf())
    client.force_login(ivan)
    assert [d["title"] for d in client.get(f"/api/waterworks/projects/{project.pk}/documents").json()["documents"]] \
        == ["水闸基坑施工方案"]
    file_url = SiteDocument.objects.get().pk
    for stranger in (otto, hana):
        client.force_login(stranger)
        response = client.get(f"/api/waterworks/projects/{project.pk}/documents")
        assert (response.status_code, response.json()["code"]) == (404, "project_not_found")
        assert client.get(f"/waterworks/documents/{file_url}/file").status_code == 404
    assert post(client, otto, project.pk, PLAN, pdf()).status_code == 404
    assert SiteDocument.objects.count() == 1


def test_the_record_page_lists_the_documents_and_uploads_from_its_form(client, carl, ivan, project, media):
    client.force_login(carl)
    response = client.post(f"/waterworks/projects/{project.pk}/documents/upload",
                           {**PLAN, "file": pdf()}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "水闸基坑施工方案" in page and 'id="water-documents"' in page
    refused = client.post(f"/waterworks/projects/{project.pk}/documents/upload",
                          {**PLAN, "title": "假方案", "file": pdf(b"not a pdf")}, follow=True).content.decode()
    assert "假方案" not in refused and SiteDocument.objects.count() == 1
    client.force_login(ivan)
    assert "水闸基坑施工方案" in client.get(f"/features/{project.pk}/").content.decode()


def test_the_phone_day_carries_the_projects_documents(client, carl, ivan, ivan_plan, project, media):
    post(client, carl, project.pk, PLAN, pdf())
    client.force_login(ivan)
    features = client.get("/api/m/today").json()["features"]["features"]
    row = next(f for f in features if f["id"] == project.pk)
    assert [(d["doc_type"], d["title"]) for d in row["properties"]["documents"]] == [("plan", "水闸基坑施工方案")]
    assert client.get(row["properties"]["documents"][0]["file_url"]).status_code == 200
