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
    html = client.get(URL, {"area": "440106"}, **ZH).content.decode()
    scale = re.search(r'class="scale-label"[^>]*>([^<]+)<', html)[1]
    assert re.fullmatch(r"\d+(\.\d+)? k?m", scale) and scale in text  # the bar's label, drawn in the PDF
    assert "海珠区" in text and "北" in text  # the context's labels and the north arrow, from the SVG
    assert [round(float(v), 1) for v in pages[0].mediabox[2:]] == [841.9, 595.3]


def test_it_answers_bad_parameters_with_json_codes(client, bob):
    client.force_login(bob)
    cases = [({}, 400, "invalid_area"), ({"area": "999"}, 400, "unknown_area"),
             ({"area": "440100"}, 400, "unknown_area"),  # a city is not a sheet's area
             ({"area": "440106", "paper": "a5"}, 400, "invalid_paper"),
             ({"area": "440106", "grid": "yes"}, 400, "invalid_grid"),
             ({"area": "440106", "format": "png"}, 400, "invalid_format"),
             ({"area": "440106", "scale": "1000"}, 400, "unknown_parameter"),
             ({"area": "440104"}, 403, "area_out_of_scope")]  # Yuexiu, outside bob's Tianhe
    for query, status, code in cases:
        response = client.get(URL, query)
        assert (response.status_code, response.json()["code"]) == (status, code), query


def test_a_tianhe_officer_prints_a_tianhe_street_but_no_yuexiu_one(client, bob, tianhe):
    building = tianhe[0]
    client.force_login(bob)
    assert building.street is not None and building.street.parent.code == "440106"
    response = client.get(URL, {"area": building.street.code}, **ZH)
    assert response.status_code == 200
    html = response.content.decode()
    assert building.street.name in html and "TH-B1" in html
    other = area("440106").children.exclude(pk=building.street_id).filter(level="street").first()
    assert "TH-B1" not in client.get(URL, {"area": other.code}).content.decode()  # not in that street
    yuexiu_street = area("440104").children.filter(level="street").first()
    response = client.get(URL, {"area": yuexiu_street.code, "format": "pdf"})
    assert (response.status_code, response.json()["code"]) == (403, "area_out_of_scope")


def test_it_lists_only_the_hazards_and_features_the_user_may_see(client, alice, erin, tianhe):
    lon, lat = YUEXIU_PARK
    point_feature("CP-YX-1", lon, lat, name="越秀搅拌站")
    client.force_login(alice)  # the province: every district, everything in it
    html = client.get(URL, {"area": "440106"}).content.decode()
    assert "TH-B1" in html and "CP-YX-1" not in html  # the Yuexiu plant is not in Tianhe
    client.force_login(erin)  # an enterprise prints its city's districts with its own features only
    html = client.get(URL, {"area": "440106"}).content.decode()
    assert "TH-B1" not in html and "CP-TH-1" not in html and "危险房屋" not in html


def test_a3_and_a4_are_landscape_pages_of_their_size(client, bob, tianhe):
    client.force_login(bob)
    sizes = {}
    for paper in ("a4", "a3"):
        pages = pdf_pages(client.get(URL, {"area": "440106", "paper": paper, "format": "pdf"}).content)
        assert len(pages) == 1
        sizes[paper] = [round(float(v), 1) for v in pages[0].mediabox[2:]]
    assert sizes == {"a4": [841.9, 595.3], "a3": [1190.6, 841.9]}


def test_the_grid_and_its_labels_only_when_asked(client, bob, tianhe):
    client.force_login(bob)
    plain = client.get(URL, {"area": "440106"}).content.decode()
    gridded = client.get(URL, {"area": "440106", "grid": "1"}).content.decode()
    assert "grid-label" not in plain and "CGCS2000" not in plain
    # Tianhe spans about 113°15'E-113°29'E and 23°06'N-23°15'N: a 3' step labels these.
    for label in ("113°21′E", "113°24′E", "23°09′N", "23°12′N"):
        assert label in gridded and label not in plain
    text = pdf_pages(client.get(URL, {"area": "440106", "grid": "1", "format": "pdf"}).content)[0].extract_text()
    assert "CGCS2000" in text and "113°21′E" in text


def test_it_says_when_it_draws_only_the_worst_features(client, bob, tianhe, monkeypatch):
    from layers.printsheet import drawing

    monkeypatch.setattr(drawing, "MAX_FEATURES", 1)
    monkeypatch.setitem(drawing.MAX_HAZARDS, "a4", 1)
    plant = tianhe[1]
    Hazard.objects.create(feature=plant, rule_code="x.open", kind=plant.kind, district=plant.district,
                          geom=plant.geom, level=RiskLevel.ORANGE, message_zh="开着", message_en="open")
    client.force_login(bob)
    html = client.get(URL, {"area": "440106"}, **EN).content.decode()
    assert "1 of 2 features drawn" in html
    assert html.count('class="features"') == 1 and 'fill="#c62828" fill-opacity' in html  # the red building
    assert 'class="points' not in html  # not the orange plant
    open_hazards = Hazard.objects.exclude(state="closed").count()
    assert open_hazards == 2 and f"The 1 most serious of {open_hazards} open hazards are listed." in html
    assert html.count('<span class="no"') == 1 and "TH-B1" in html  # the red one


def test_the_page_is_in_the_request_language(client, bob, tianhe):
    client.force_login(bob)
    chinese = client.get(URL, {"area": "440106"}, **ZH).content.decode()
    english = client.get(URL, {"area": "440106"}, **EN).content.decode()
    assert "图例" in chinese and "比例尺" in chinese and "Legend" not in chinese
    assert "Legend" in english and "Tianhe" in english and "图例" not in english


def test_the_command_writes_the_sheet_as_a_user_sees_it(bob, tianhe, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "tianhe.pdf"
    call_command("print_sheet", "--area", "440106", "--user", "bob", "--paper", "a3", "--grid", "--out", str(out),
                 stdout=io.StringIO())
    page = pdf_pages(out.read_bytes())[0]
    assert [round(float(v), 1) for v in page.mediabox[2:]] == [1190.6, 841.9]
    assert "TH-B1" in page.extract_text() and "图例" in page.extract_text()
    with pytest.raises(CommandError, match="area_out_of_scope"):
        call_command("print_sheet", "--area", "440104", "--user", "bob", "--out", str(tmp_path / "y.html"))


def test_names_reach_the_sheet_as_text(client, bob, tianhe):
    building = tianhe[0]
    Feature.objects.filter(pk=building.pk).update(name='<img src=x onerror="alert(1)">')
    client.force_login(bob)
    response = client.get(URL, {"area": "440106"})
    html = response.content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html and "<img" not in html
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "script" not in html.lower()  # the sheet runs no script at all
