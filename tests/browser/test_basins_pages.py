"""A river chief uploads GPX tracks from the patrol page in real Chromium: a walk along the reach
counts and shows on the reach's compliance table; a too-short one is refused with its reasons."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from basins.models import PatrolRequirement
from geo_server.patrols.models import Patrol
from tests.browser.login import log_in
from tests.conftest import make_user
from tests.reaches import EAST, LAT, WEST, make_chief, make_reach

NORTH_15_M = 0.000135  # 15 m of latitude: inside the 100 m buffer, as a chief on the embankment


def gpx(west: float, east: float, minutes: float, vertices: int = 12) -> bytes:
    """A GPX 1.1 track along the hand-made reach (tests/reaches.py), ending a few minutes ago."""
    end = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    start = end - timedelta(minutes=minutes)
    points = "".join(
        f'<trkpt lat="{LAT + NORTH_15_M:.6f}" lon="{west + (east - west) * i / (vertices - 1):.6f}">'
        f"<time>{(start + (end - start) * i / (vertices - 1)).isoformat()}</time></trkpt>"
        for i in range(vertices))
    return (f'<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="geo_server tests" '
            f'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>巡河</name><trkseg>{points}</trkseg></trk></gpx>'
            ).encode()


@pytest.fixture
def matrix(transactional_db):
    """The patrol matrix of migration 0005 (the live server's flush after an earlier test empties it)."""
    if not PatrolRequirement.objects.exists():
        importlib.import_module("basins.migrations.0005_seed_patrol_matrix").seed(apps, None)


@pytest.fixture
def chief(matrix, tianhe_office):
    reach = make_reach()
    user = make_user("rachel", tianhe_office, "river_chief", river_chief_level="village")
    make_chief(reach, user, "village")
    return user, reach


def upload(page, reach, name: str, content: bytes) -> None:
    page.goto(f"/basins/patrols/upload/?reach={reach.pk}")
    assert page.locator("select[name=reach]").input_value() == str(reach.pk)
    page.locator("input[name=track]").set_input_files({"name": name, "mimeType": "application/gpx+xml",
                                                       "buffer": content})
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/features/{reach.pk}/")


def done_cell(page) -> str:
    """The Done column of the village chief's row in the reach page's compliance table."""
    return page.locator("table.compliance tbody tr").filter(has_text="rachel").locator("td").nth(5).inner_text()


def test_a_chief_uploads_a_valid_gpx_walk_and_then_a_too_short_one(page, problems, chief):
    user, reach = chief
    log_in(page, "rachel", "rachel-password", "/basins/patrols/upload/")

    upload(page, reach, "walk.gpx", gpx(WEST + 0.001, EAST - 0.004, 22))  # 1.54 km in 22 minutes
    message = page.locator("#water-quality p.message")
    assert "success" in message.get_attribute("class")
    assert message.inner_text().startswith("有效：22 分钟，1.54 公里")  # the page is in Chinese
    assert done_cell(page) == "1"
    assert Patrol.objects.get(walker=user).valid

    upload(page, reach, "short.gpx", gpx(WEST + 0.001, WEST + 0.004, 4))  # 307 m in 4 minutes
    message = page.locator("#water-quality p.message")
    assert "warning" in message.get_attribute("class")
    assert message.inner_text() == "历时 4.0 分钟，少于 10 分钟; 里程 0.31 公里，少于 1 公里"
    assert done_cell(page) == "1"  # the short walk does not count
    assert Patrol.objects.filter(walker=user, valid=False).count() == 1
    assert problems.console_errors == [] and problems.foreign_requests == []


def test_a_chief_sees_why_a_file_without_times_is_refused(page, problems, chief):
    user, reach = chief
    log_in(page, "rachel", "rachel-password", "/basins/patrols/upload/")
    page.goto(f"/basins/patrols/upload/?reach={reach.pk}")
    broken = gpx(WEST, EAST, 20).replace(b"<time>", b"<!--").replace(b"</time>", b"-->")
    page.locator("input[name=track]").set_input_files({"name": "no-times.gpx", "mimeType": "application/gpx+xml",
                                                       "buffer": broken})
    page.locator("main form button[type=submit]").click()

    assert "times 必须是 ISO 8601 格式" in page.locator("p.message.error").inner_text()
    assert "/basins/patrols/upload/" in page.url
    assert not Patrol.objects.exists()
    assert problems.foreign_requests == []
