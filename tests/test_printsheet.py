"""The print map sheet (issue #15): parameters, scoping, PDF text and page size, the grid, the cap.

Hand-checked figures: an A4 landscape page is 841.89 x 595.28 pt, A3 landscape 1190.55 x 841.89 pt."""

import io
import re

import pytest
from django.contrib.gis.geos import Polygon

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.features.models import Feature
from geo_server.supervision.models import Hazard
from tests.conftest import TIANHE_SPORTS_CENTER, YUEXIU_PARK, area, explain_colour, point_feature

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/exports/printmap/sheet"


def pdf_pages(content: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content)).pages


@pytest.fixture
def tianhe(db):
    lon, lat = TIANHE_SPORTS_CENTER
    square = Polygon.from_bbox((lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002))
    square.srid = 4326
    building = explain_colour(Feature.objects.create(kind=Kind.BUILDING, code="TH-B1", name="天河体育中心大楼",
                                                     geom=square), RiskLevel.RED)
    building.refresh_from_db()
    plant = explain_colour(point_feature("CP-TH-1", 113.36, 23.13, name="黄村搅拌站"), RiskLevel.ORANGE)
    Hazard.objects.create(feature=building, rule_code="building.dangerous_grade", kind="building",
                          district=building.district, geom=building.geom, level=RiskLevel.RED,
                          message_zh="危房", message_en="dangerous")
    Hazard.objects.create(feature=plant, rule_code="x.closed", kind=plant.kind, district=plant.district,
                          geom=plant.geom, level=RiskLevel.ORANGE, message_zh="已关闭", message_en="closed",
                          state="closed")
    return building, plant


def test_the_pdf_names_title_organisation_hazard_and_scale(client, bob, tianhe):
    client.force_login(bob)
    response = client.get(URL, {"area": "440106", "format": "pdf"}, **ZH)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) == 1
    text = pages[0].extract_text()
    assert "天河区" in text and "天河区住房和建设局" in text
    assert "TH-B1" in text  # the open hazard, listed
    assert "x.closed" not in text and "已关闭" not in text  # a closed one is not
    assert re.search(r"\b\d+(\.\d+)? (km|m)\b", text)
    assert [round(float(v), 1) for v in pages[0].mediabox[2:]] == [841.9, 595.3]
