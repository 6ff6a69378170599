"""The dashboards over HTTP: the panel API and its refusals, the data exports (CSV and xlsx read back,
Chinese headers), the scoped area outlines, the pages and the monthly report PDF."""

import csv
import io

import pytest

from tests.conftest import make_user
from tests.dashboards_world import make_world
from tests.loop import city_bureau

API = "/api/dashboards/hazards/panels"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def carol(db):
    return make_user("carol", city_bureau(), "supervisor")


def test_the_panel_api_returns_the_scoped_chart(client, world, carol):
    client.force_login(carol)
    response = client.get(f"{API}/by_state?start=2026-01&end=2026-12&area=440106")
    assert response.status_code == 200
    assert {i["key"]: i["value"] for i in response.json()["items"]} == {"new": 1, "dispatched": 1, "closed": 1}


@pytest.mark.parametrize("query, status, code", [
    ("start=2026-13", 400, "bad_filter"),
    ("end=26-01", 400, "bad_filter"),
    ("start=2026-05&end=2026-04", 400, "bad_filter"),
    ("area=999999", 400, "bad_filter"),
    ("area=440300", 403, "area_out_of_scope"),  # Shenzhen, outside Guangzhou
    ("area=440000", 403, "area_out_of_scope"),  # the province around the city
    ("format=pdf", 400, "bad_format"),
])
def test_the_panel_api_refuses_bad_filters(client, world, carol, query, status, code):
    client.force_login(carol)
    response = client.get(f"{API}/by_state?{query}")
    assert response.status_code == status
    assert response.json()["code"] == code


def test_unknown_dashboards_and_panels_are_json_404s(client, world, carol):
    client.force_login(carol)
    assert client.get("/api/dashboards/nope/panels/by_state").json()["code"] == "unknown_dashboard"
    assert client.get(f"{API}/nope").json()["code"] == "unknown_panel"


def test_the_panel_api_needs_a_login(client, world):
    assert client.get(f"{API}/by_state").status_code == 401


def test_the_csv_export_has_a_bom_and_chinese_headers(client, world, alice):
    client.force_login(alice)
    response = client.get(f"{API}/by_district_map?format=csv", **ZH)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["区划代码", "区域", "数值"]
    assert rows[1:] == [["440106", "天河区", "3"], ["440104", "越秀区", "2"], ["440105", "海珠区", "1"]]


def test_the_xlsx_export_reads_back(client, world, alice):
    from openpyxl import load_workbook

    client.force_login(alice)
    response = client.get(f"{API}/opened_closed?format=xlsx&start=2026-01&end=2026-03", **ZH)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [["月份", "新增", "已关闭"], ["2026-01", 2, 1], ["2026-02", 3, 1], ["2026-03", 2, 1]]


def test_the_area_outlines_are_those_of_the_users_jurisdiction(client, world, alice, bob, carol):
    client.force_login(bob)
    response = client.get("/dashboards/areas.geojson?level=district")
    assert [f["properties"]["code"] for f in response.json()["features"]] == ["440106"]
    client.force_login(carol)
    codes = [f["id"] for f in client.get("/dashboards/areas.geojson?level=district").json()["features"]]
    assert len(codes) == 11 and all(code.startswith("4401") for code in codes)
    client.force_login(alice)
    assert len(client.get("/dashboards/areas.geojson?level=city").json()["features"]) == 21
    assert client.get("/dashboards/areas.geojson?level=planet").json()["code"] == "invalid_level"


def test_the_pages_list_and_render_the_dashboards(client, world, bob):
    client.force_login(bob)
    index = client.get("/dashboards/", **ZH).content.decode()
    assert 'href="/dashboards/hazards/"' in index and 'href="/dashboards/overview/"' in index
    assert 'href="/dashboards/construction/"' in index  # a sector's dashboard
    page = client.get("/dashboards/hazards/", **ZH).content.decode()
    assert 'id="dashboard-config"' in page and "vendor/echarts/echarts.min.js" in page
    assert client.get("/dashboards/nope/").status_code == 404


def test_the_monthly_report_is_a_pdf_with_the_area_and_an_embedded_chinese_font(client, world, carol):
    from pypdf import PdfReader

    client.force_login(carol)
    response = client.get("/dashboards/hazards/report.pdf?month=2026-02&area=440104", **ZH)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "越秀区" in text and "2026-02" in text and "月报" in text
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    descriptors = [d.get_object()["/FontDescriptor"].get_object() for f in fonts for d in f.get("/DescendantFonts", [])]
    assert any("CJK" in str(f["/BaseFont"]) for f in fonts)
    assert descriptors and all(any(k.startswith("/FontFile") for k in d) for d in descriptors)


def test_the_report_of_the_whole_jurisdiction_names_it_and_refuses_other_areas(client, world, carol):
    from pypdf import PdfReader

    client.force_login(carol)
    response = client.get("/dashboards/hazards/report.pdf?month=2026-01", **ZH)
    assert "广州市" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert client.get("/dashboards/hazards/report.pdf?month=2026-01&area=440300").status_code == 403
    assert client.get("/dashboards/hazards/report.pdf?month=January").json()["code"] == "bad_filter"
