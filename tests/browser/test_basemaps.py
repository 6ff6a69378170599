"""The map's basemaps in real Chromium: without one, district names orient the map at its opening
zoom; with an offline MBTiles basemap, its tiles come from this server."""

import io
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from tests.browser.login import log_in, open_guangzhou

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# Zoom 9 tiles around the opening view (23.13 N, 113.35 E is tile 417/222): wider than a 1280x800 window.
OPENING_TILES = [(x, y) for x in range(405, 431) for y in range(210, 236)]


@pytest.fixture
def offline_basemap(tmp_path, settings):
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (232, 240, 224)).save(out, "PNG")
    path = tmp_path / "offline.mbtiles"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name text, value text)")
        db.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)")
        db.execute("INSERT INTO metadata VALUES ('format', 'png')")
        db.executemany("INSERT INTO tiles VALUES (9, ?, ?, ?)", [(x, 2**9 - 1 - y, out.getvalue()) for x, y in OPENING_TILES])
    db.close()
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAP_URL": "", "BASEMAPS": [
        {"id": "offline", "type": "mbtiles", "path": str(path), "title_zh": "离线底图", "title_en": "Offline"}]}
    return path


def test_it_names_the_districts_at_the_opening_zoom_without_a_basemap(page, problems, alice, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAP_URL": "", "BASEMAPS": []}
    log_in(page, "alice", "alice-password")
    open_guangzhou(page)

    page.wait_for_selector("#map[data-place-names='11']")

    page.wait_for_function("() => document.querySelectorAll('path.gs-river').length === 6")
    assert page.locator("path.gs-water").count() == 6
    tianhe = page.locator(".gs-place-district", has_text="天河区")
    assert tianhe.is_visible()
    assert page.locator(".gs-place-street").count() == 0  # street names wait for zoom 12
    assert page.locator("img.leaflet-tile").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map_without_basemap.png"))
    assert problems.console_errors == [] and problems.foreign_requests == []


def test_it_draws_an_offline_mbtiles_basemap(page, problems, alice, offline_basemap):
    log_in(page, "alice", "alice-password")
    open_guangzhou(page)

    page.wait_for_selector("#map[data-place-names='11']")
    page.wait_for_selector("#map[data-loaded_district='11']")
    page.wait_for_function("""() => {
        const tiles = document.querySelectorAll('img.leaflet-tile');
        return tiles.length > 0 && Array.from(tiles).every(t => t.classList.contains('leaflet-tile-loaded'));
    }""")

    sources = page.eval_on_selector_all("img.leaflet-tile", "tiles => tiles.map(t => new URL(t.src).pathname)")
    assert len(sources) >= 15 and all(s.startswith("/basemaps/offline/9/") and s.endswith(".png") for s in sources)
    assert page.locator(".leaflet-control-layers-base label", has_text="离线底图").count() == 1
    # The district outlines stay over the basemap: its tiles sit in a pane under the vector tiles'.
    panes = page.evaluate("""() => [document.querySelectorAll('.leaflet-gsBasemap-pane img.leaflet-tile').length,
        ...['gsBasemap', 'tile'].map(p => +getComputedStyle(document.querySelector('.leaflet-' + p + '-pane')).zIndex)]""")
    assert panes == [len(sources), 150, 200]
    assert page.locator("path.gs-water").count() == 0  # the basemap has its own water
    page.screenshot(path=str(SCREENSHOTS / "map_with_offline_basemap.png"))
    assert problems.console_errors == [] and problems.foreign_requests == []


def test_zone_drawing_shows_place_names_and_water(page, problems, bob, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAP_URL": "", "BASEMAPS": []}
    log_in(page, "bob", "bob-password", "/zones/new")

    page.wait_for_function("() => +(document.getElementById('zone-map').dataset.placeNames || 0) > 0")
    page.wait_for_function("() => document.querySelectorAll('#zone-map path.gs-river').length === 6")

    page.wait_for_function("() => document.querySelectorAll('#zone-map path.gs-context-district').length === 11")
    assert page.locator("#zone-map .gs-place").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "zone_drawing_context.png"))
    assert problems.console_errors == [] and problems.foreign_requests == []
