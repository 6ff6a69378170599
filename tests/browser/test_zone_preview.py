"""Drawing a patrol zone in real Chromium shows, before saving, what the outline covers."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from geo_server.features.kinds import RiskLevel
from geo_server.patrols.models import PatrolZone
from geo_server.supervision.models import Hazard
from geo_server.supervision.states import CLOSED_STATES
from tests.browser.login import log_in
from tests.browser.test_zones import SQUARE, draw
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, explain_colour, point_feature


def test_it_counts_what_the_drawn_outline_covers_before_saving(page, problems, bob):
    # SQUARE spans 113.320..113.330 E, 23.133..23.143 N: the sports centre (113.324, 23.138) is inside.
    # Coloured through a warning, which the live server's commit hooks may also turn into a hazard of
    # their own: the hazard counted here is on the uncoloured reach.
    explain_colour(point_feature("CP-TH-001", *TIANHE_SPORTS_CENTER, name="体育中心搅拌站"), RiskLevel.RED)
    reach = point_feature("RR-TH-001", 113.326, 23.140, kind="river_reach", name="体育中心涌")
    point_feature("CP-TH-002", 113.340, 23.138)  # east of the square
    point_feature("CP-HZ-001", *CANTON_TOWER)  # Haizhu: not bob's
    Hazard.objects.create(feature=reach, rule_code="test.preview", kind=reach.kind, geom=reach.geom, level=RiskLevel.YELLOW,
                          message_zh="测试", message_en="Test", deadline=timezone.localdate())
    log_in(page, "bob", "bob-password", "/zones/new")

    draw(page, SQUARE)
    panel = page.locator("#zone-preview[data-state=shown]")
    panel.wait_for()
    (Path(settings.BASE_DIR) / "var" / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=Path(settings.BASE_DIR) / "var" / "screenshots" / "zone_preview.png", full_page=True)

    assert panel.locator(".zone-preview-total").inner_text() == "此范围内有 2 个您监管的对象"
    assert panel.locator(".zone-preview-risk li[data-risk=red] strong").inner_text() == "1"
    assert panel.locator(".zone-preview-risk li[data-risk=none] strong").inner_text() == "1"
    hazards = Hazard.objects.filter(feature__code__in=["CP-TH-001", "RR-TH-001"]).exclude(state__in=CLOSED_STATES).count()
    assert hazards >= 1
    assert panel.locator(".zone-preview-hazards").inner_text() == f"其中未销号隐患：{hazards} 条"
    assert panel.locator(".zone-preview-kinds li").count() == 2
    assert PatrolZone.objects.count() == 0
    assert problems.console_errors == [] and problems.foreign_requests == []
