"""The print map sheet drawn by real Chromium: an image check that the legend's risk swatches and the
scale bar are drawn where the page puts them, in their colours; and the map's print link opens the sheet.

Screenshots go to var/screenshots/printmap-*.png, beside the other browser tests' (the closing note of issue #15)."""

import io
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.utils import translation
from PIL import Image

from geo_server.features.kinds import RISK_COLOURS, Kind, RiskLevel
from geo_server.features.models import Feature
from geo_server.supervision.models import Hazard
from geo_server.supervision.states import OPEN_STATES
from layers.printsheet.params import SheetRequest
from layers.printsheet.sheet import sheet_html
from tests.browser.login import log_in
from tests.conftest import TIANHE_SPORTS_CENTER, area, explain_colour, point_feature

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)
PX_PER_MM = 96 / 25.4


def _world():
    lon, lat = TIANHE_SPORTS_CENTER
    square = Polygon.from_bbox((lon - 0.004, lat - 0.003, lon + 0.004, lat + 0.003))
    square.srid = 4326
    building = explain_colour(Feature.objects.create(kind=Kind.BUILDING, code="TH-B1", name="天河体育中心大楼",
                                                     geom=square), RiskLevel.RED)
    plant = explain_colour(point_feature("CP-TH-1", 113.36, 23.13, name="黄村搅拌站"), RiskLevel.ORANGE)
    explain_colour(point_feature("CP-TH-2", 113.40, 23.17, name="龙洞搅拌站"), RiskLevel.YELLOW)
    for feature, level in ((building, RiskLevel.RED), (plant, RiskLevel.ORANGE)):
        Hazard.objects.create(feature=feature, rule_code="building.dangerous_grade", kind=feature.kind,
                              district=feature.district, geom=feature.geom, level=level, message_zh="危房",
                              message_en="dangerous")


def _pixels(page) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _close(pixel, expected, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))


def test_the_sheet_draws_its_legend_swatches_and_scale_bar(page, problems, bob):
    _world()
    page.set_viewport_size({"width": 1300, "height": 900})
    with translation.override("zh-hans"):
        html = sheet_html(bob, SheetRequest(area("440106"), "a4", True, "html"))
    page.set_content(html, wait_until="load")
    image = _pixels(page)
    image.save(SHOTS / "printmap-a4-grid.png")

    # Legend: one swatch per risk level drawn (features' and open hazards' levels, worst first), filled
    # with its colour where the page puts it.
    open_hazards = Hazard.objects.filter(state__in=OPEN_STATES)
    levels = sorted(set(Feature.objects.values_list("risk_level", flat=True))
                    | set(open_hazards.values_list("level", flat=True)), reverse=True)
    assert levels[0] == RiskLevel.RED and len(levels) >= 2
    swatches = page.locator(".risk-swatch")
    assert swatches.count() == len(levels)
    for index, level in enumerate(levels):
        box = swatches.nth(index).bounding_box()
        assert 15 <= box["width"] <= 25  # 5 mm
        expected = _hex(RISK_COLOURS[RiskLevel(level)])
        centre = image.getpixel((int(box["x"] + box["width"] / 2), int(box["y"] + box["height"] / 2)))
        assert _close(centre, expected), (index, centre, expected)

    # Scale bar: its two black quarters are black on screen, the white ones white, and the whole bar
    # is as long as the label says at the sheet's scale.
    bar = page.locator("#scale-bar rect.black")
    assert bar.count() == 2
    for index in range(2):
        box = bar.nth(index).bounding_box()
        inner = [(int(box["x"] + dx * box["width"]), int(box["y"] + box["height"] / 2)) for dx in (0.2, 0.5, 0.8)]
        assert all(sum(image.getpixel(p)) < 90 for p in inner), [image.getpixel(p) for p in inner]
    first, second = (bar.nth(i).bounding_box() for i in range(2))
    white = (int((first["x"] + first["width"] + second["x"]) / 2), int(first["y"] + first["height"] / 2))
    assert sum(image.getpixel(white)) > 600
    bar_mm = (second["x"] + second["width"] - first["x"]) / PX_PER_MM * 4 / 3  # 3 of the 4 quarters
    label = page.locator("#scale-bar .scale-label").text_content()
    denominator = int(page.locator(".meta").inner_text().split("1:")[1].split()[0])
    metres = float(label.split()[0]) * (1000 if label.endswith("km") else 1)
    assert abs(bar_mm * denominator / 1000 - metres) / metres < 0.01

    # The grid is labelled in degrees and minutes, and the hazards are numbered on the map and in the list.
    assert page.locator(".grid-label").count() >= 4
    assert "°" in page.locator(".grid-label").first.text_content()
    numbers = [str(n) for n in range(1, open_hazards.count() + 1)]
    assert len(numbers) >= 2  # the two made above (and those the rules raise from the colouring warnings)
    assert page.locator(".hazard-marks text").all_text_contents() == numbers
    assert page.locator("ol.hazards .no").all_inner_texts() == numbers
    # Two hazards on one plant: each number readable, no marker over another (4.2 mm apart at least).
    centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
               for b in (page.locator(".hazard-marks circle").nth(i).bounding_box() for i in range(len(numbers)))]
    assert all(((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 >= 4.1 * PX_PER_MM
               for i, (ax, ay) in enumerate(centres) for bx, by in centres[i + 1:])
    assert problems.console_errors == []


def test_an_a3_sheet_without_grid_is_drawn_larger(page, problems, bob):
    _world()
    page.set_viewport_size({"width": 1700, "height": 1200})
    with translation.override("zh-hans"):
        html = sheet_html(bob, SheetRequest(area("440106"), "a3", False, "html"))
    page.set_content(html, wait_until="load")
    _pixels(page).save(SHOTS / "printmap-a3.png")
    # 310 x 259 mm of map (A3 less margins, header and panel) at 96 px per inch.
    box = page.locator(".map svg").bounding_box()
    assert abs(box["width"] - 310 * PX_PER_MM) < 2 and abs(box["height"] - 259 * PX_PER_MM) < 2
    assert page.locator(".grid-label").count() == 0
    assert "图例" in page.locator(".panel").inner_text() and "天河区" in page.locator("h1").inner_text()
    assert problems.console_errors == []


def test_the_maps_print_link_opens_the_sheet(page, problems, bob):
    _world()
    log_in(page, "bob", "bob-password")
    page.goto("/exports/printmap/sheet?area=440106&grid=1")
    assert "天河区" in page.locator("h1").inner_text()
    assert page.locator(".hazard-marks circle").count() >= 2
    assert page.locator("a.pdf-link").get_attribute("href") == "?area=440106&paper=a4&grid=1&format=pdf"
    page.screenshot(path=str(SHOTS / "printmap-served.png"), full_page=True)
    street = Feature.objects.get(code="TH-B1").street
    page.goto(f"/exports/printmap/sheet?area={street.code}")
    assert street.name in page.locator("h1").inner_text() and page.locator(".area-outline").count() == 1
    page.screenshot(path=str(SHOTS / "printmap-street.png"), full_page=True)
    page.goto("/exports/printmap/sheet?area=440106&grid=1")
    with page.expect_download() as download_info:
        page.evaluate("() => { const a = document.querySelector('a.pdf-link'); a.download = ''; a.click(); }")
    assert open(download_info.value.path(), "rb").read(5) == b"%PDF-"
    assert problems.console_errors == []
    assert problems.foreign_requests == []
