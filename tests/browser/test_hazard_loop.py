"""The supervision loop through the pages in real Chromium: the district officer dispatches and issues a
numbered notice, the enterprise replies with a photo file, the officer confirms and closes."""

import pytest

from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, Photo, RectificationNotice
from tests.browser.login import log_in
from tests.loop import publish_reappraisal
from tests.photos import photo_bytes
from tests.test_hazards import building


@pytest.fixture
def hazard(tianhe_office, enterprise, media):
    feature = building("B-1", organisation=enterprise)
    sweep("building")
    return Hazard.objects.get(feature=feature)


def act(page, action: str, **fields):
    form = page.locator(f"form.transition[data-action={action}]")
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if name == "reason":
            field.fill(value)
        else:
            field.select_option(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def state(page) -> str:
    return page.locator("article.hazard").get_attribute("data-state")


def test_it_drives_a_hazard_from_dispatch_to_closed_through_the_pages(page, problems, hazard, bob, erin):
    path = f"/hazards/{hazard.pk}/"
    log_in(page, "bob", "bob-password", path)
    act(page, "dispatch")
    assert state(page) == "dispatched"
    act(page, "issue_notice")
    assert state(page) == "notice_issued"
    notice = RectificationNotice.objects.get(hazard=hazard)
    assert page.locator("dd.notice a").first.inner_text() == notice.number

    # The printable notice, and its PDF as a download.
    page.locator("dd.notice a").first.click()
    page.wait_for_url(f"**/hazards/{hazard.pk}/notice")
    assert page.locator(".notice-sheet .number").inner_text() == notice.number
    with page.expect_download() as download:
        page.locator("a.notice-pdf").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.context.clear_cookies()
    log_in(page, "erin", "erin-password", path)
    assert page.locator("form.transition").evaluate_all("forms => forms.map(f => f.dataset.action)") == ["reply"]
    reply = page.locator("form.transition[data-action=reply]")
    reply.locator("input[name=photos]").set_input_files(
        {"name": "加固后.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()})
    # The agency's re-appraisal, graded B, has been published: it is the evidence, the reply names no grade.
    publish_reappraisal(hazard.feature_id, grade="B")
    act(page, "reply", reason="已加固并重新鉴定")
    assert state(page) == "replied"
    photo = Photo.objects.get(hazard=hazard)
    thumbnail = page.locator(f"#photos li[data-photo='{photo.pk}'] img")
    thumbnail.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth === 320", arg=thumbnail.element_handle())
    # The photo's EXIF place is a marker on the mini-map beside the building.
    assert page.locator("#hazardmap path.photo-marker").count() == 1

    page.context.clear_cookies()
    log_in(page, "bob", "bob-password", path)
    act(page, "confirm")
    assert state(page) == "confirmed"
    act(page, "close")
    assert state(page) == "closed" and page.locator("form.transition").count() == 0

    stored = Hazard.objects.get(pk=hazard.pk)
    assert (stored.state, stored.version) == ("closed", 6)
    assert Photo.objects.get(pk=photo.pk).event.action == "reply"
    actions = page.locator("#timeline li").evaluate_all("items => items.map(li => li.dataset.action)")
    assert actions == ["raise", "dispatch", "issue_notice", "reply", "confirm", "close"]
    assert "已加固并重新鉴定" in page.locator("#timeline").inner_text()
    assert page.locator("#timeline .event-photos img").count() == 1
    assert problems.console_errors == [] and problems.foreign_requests == []
