"""Raster overlays on the map in real Chromium: listed, off by default, drawn from PNG tiles when ticked."""

from pathlib import Path

import pytest
from django.conf import settings

from layers import synthetic_rasters
from layers.rasters import register_rasters
from tests.browser.login import log_in, open_guangzhou

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SEED = 2026


@pytest.fixture
def rasters(tmp_path):
    synthetic_rasters.generate(tmp_path, SEED)
    register_rasters(SEED, synthetic_dir=tmp_path)


def test_it_overlays_a_raster_with_its_legend(page, problems, alice, rasters):
    log_in(page, "alice", "alice-password")
    open_guangzhou(page)
    page.wait_for_selector("#map[data-rasters='4']")

    assert page.locator(".gs-raster img.leaflet-tile").count() == 0
    page.get_by_label("不透水面比例（合成）").check()
    tiles = ".gs-raster-impervious img.leaflet-tile"
    page.wait_for_function(f"() => document.querySelectorAll('{tiles}.leaflet-tile-loaded').length > 0"
                           f" && !document.querySelector('{tiles}:not(.leaflet-tile-loaded)')")

    sources = page.locator(".gs-raster-impervious img.leaflet-tile").evaluate_all("imgs => imgs.map(i => i.src)")
    assert all("/rasters/impervious/9/" in src for src in sources)
    assert page.locator(".raster-legend .legend-title").inner_text() == "不透水面比例（合成）"
    assert page.locator(".leaflet-control-layers").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "map_rasters.png")
    assert problems.console_errors == []
    assert problems.foreign_requests == []
