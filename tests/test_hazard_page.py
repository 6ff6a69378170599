"""The hazard page: only the current user's actions as forms, photos as thumbnails, their EXIF places
on the mini-map, the timeline with labels; the feature's record page shows the same timeline."""

import json
import re

import pytest

from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from geo_server.supervision.photos import store_photo
from tests.conftest import TIANHE_SPORTS_CENTER
from tests.photos import photo_bytes, upload
from tests.test_hazards import act, building


@pytest.fixture
def hazard(tianhe_office, enterprise):
    feature = building("B-1", organisation=enterprise)
    sweep("building")
    return Hazard.objects.get(feature=feature)


def page(client, user, hazard, language="en") -> str:
    client.force_login(user)
    response = client.get(f"/hazards/{hazard.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def forms(html: str) -> list[str]:
    return re.findall(r'<form method="post" class="transition[^"]*" data-action="([a-z_]+)"', html)


def map_data(html: str) -> dict:
    return json.loads(re.search(r'<script id="hazard-map-data" type="application/json">(.*?)</script>', html,
                                re.S).group(1))


def test_it_offers_each_side_only_its_own_actions(client, hazard, bob, erin):
    assert forms(page(client, bob, hazard)) == ["dispatch", "close_not_fixed"]
    assert forms(page(client, erin, hazard)) == []
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    assert forms(page(client, bob, hazard)) == ["extend", "refer", "close_not_fixed"]
    html = page(client, erin, hazard)
    assert forms(html) == ["reply"]
    # The reply form uploads files; a dangerous building's re-appraisal is a published report, not a
    # grade typed here: the page says what confirming needs.
    reply = html[html.index('data-action="reply"'):html.index("</form>", html.index('data-action="reply"'))]
    assert 'enctype="multipart/form-data"' in html and 'type="file" name="photos"' in reply
    assert 'name="reappraisal_grade"' not in reply and 'textarea name="reason" rows="2" required' in reply
    assert "A re-appraisal graded A or B".lower() in html.lower()


def test_it_shows_photos_thumbnails_and_their_exif_places_on_the_map(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    with_gps = store_photo(upload(), erin, hazard=hazard)
    without_gps = store_photo(upload(photo_bytes(gps=None)), erin, hazard=hazard)
    html = page(client, erin, hazard)
    assert f'src="{with_gps.thumbnail.url}"' in html and f'src="{without_gps.thumbnail.url}"' in html
    # Uploaded ahead and not yet part of a reply: offered as ticked boxes in the reply form.
    assert f'name="photo_ids" value="{with_gps.pk}" checked' in html
    data = map_data(html)
    assert data["hazard"]["coordinates"] == pytest.approx(list(TIANHE_SPORTS_CENTER))
    assert [(p["lon"], p["lat"]) for p in data["photos"]] == [pytest.approx(TIANHE_SPORTS_CENTER, abs=1e-6)]
    assert data["photos"][0]["thumbnail"] == with_gps.thumbnail.url and data["photos"][0]["taken_at"] == "2026-05-01 10:20"
    client.post(f"/hazards/{hazard.pk}/", {"action": "reply", "version": "3", "reason": "见照片",
                                           "photo_ids": [str(with_gps.pk)]})
    reply = Hazard.objects.get(pk=hazard.pk).events.get(action="reply")
    assert list(reply.photos.values_list("pk", flat=True)) == [with_gps.pk]


def test_it_shows_the_timeline_with_labels_notice_and_photos_in_chinese(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch", deadline="2030-03-31")
    act(client, bob, hazard.pk, "issue_notice")
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="加固完成", photos=[photo.pk])
    html = page(client, bob, hazard, language="zh-hans")
    notice = hazard.notices.get()
    assert "<strong>派发</strong>: 新建 → 已派发" in html
    assert f'>{notice.number}</a>' in html and "/notice.pdf" in html
    timeline = html[html.index('<ol class="timeline">'):]
    assert "加固完成" in timeline and photo.thumbnail.url in timeline
    assert forms(html) == ["reject", "confirm", "close_not_fixed"]


def test_it_shows_the_hazard_timeline_on_the_features_record_page(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="已整改", photos=[photo.pk])
    client.force_login(bob)
    html = client.get(f"/features/{hazard.feature_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html[html.index('id="hazards"'):]
    assert f'data-hazard="{hazard.pk}"' in section
    assert [m for m in re.findall(r'data-action="([a-z_]+)"', section)] == ["reply", "issue_notice", "dispatch",
                                                                                   "raise"]
    assert "<strong>Reply</strong>: Notice issued → Replied" in section and photo.thumbnail.url in section


def test_it_shows_a_refused_form_action_as_a_message(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    act(client, erin, hazard.pk, "reply", reason="无照片")
    client.force_login(bob)
    response = client.post(f"/hazards/{hazard.pk}/", {"action": "confirm", "version": "4"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "lacks the evidence" in response.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).state == "replied"
