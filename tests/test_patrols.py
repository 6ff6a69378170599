"""Patrol validity on hand-made tracks beside the hand-made reach of tests/reaches.py."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from basins.patrols import verdict
from tests.conftest import make_user
from tests.reaches import LAT, METRES_PER_DEGREE_LON, add_points, make_chief, make_reach

START = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
NORTH_20_M = 0.00018  # 20 m of latitude


def track(west: float, east: float, minutes: float, lat: float = LAT + NORTH_20_M, vertices: int = 5) -> dict:
    step = (east - west) / (vertices - 1)
    return {
        "track": {"type": "LineString", "coordinates": [[west + i * step, lat] for i in range(vertices)]},
        "times": [(START + timedelta(minutes=minutes * i / (vertices - 1))).isoformat() for i in range(vertices)],
    }


@pytest.fixture
def reach(db):
    return make_reach()


@pytest.fixture
def chief(reach, tianhe_office):
    user = make_user("rachel", tianhe_office, "river_chief", river_chief_level="village")
    make_chief(reach, user, "village")
    return user


def upload(client, reach, body):
    return client.post("/api/patrols", json.dumps({"reach": reach.pk, **body}), content_type="application/json")


def test_it_places_the_hand_made_reach_in_tianhe_and_measures_point_chainage(reach):
    points = add_points(reach)
    assert reach.district.code == "440106"
    for point, lon in zip(points, (113.322, 113.330, 113.338)):
        point.refresh_from_db()
        assert point.chainage_m == pytest.approx((lon - 113.320) * METRES_PER_DEGREE_LON, rel=2e-3)


def test_it_counts_a_20_minute_1_4_km_walk_along_the_reach(client, reach, chief):
    client.force_login(chief)
    response = upload(client, reach, track(113.321, 113.335, 20))
    body = response.json()
    assert response.status_code == 201
    assert body["valid"] is True
    assert body["length_m"] == pytest.approx(0.014 * METRES_PER_DEGREE_LON, rel=2e-3)  # 1,434 m
    assert body["near_share"] == pytest.approx(1.0)


def test_it_rejects_a_walk_shorter_than_10_minutes(client, reach, chief):
    client.force_login(chief)
    body = upload(client, reach, track(113.321, 113.335, 5)).json()
    assert body["valid"] is False
    assert body["reasons"] == ["lasted 5.0 min, less than 10 min"]


def test_it_rejects_a_walk_shorter_than_1_km(client, reach, chief):
    client.force_login(chief)
    body = upload(client, reach, track(113.321, 113.328, 20)).json()  # 717 m
    assert body["valid"] is False
    assert body["reasons"] == ["covered 0.72 km, less than 1 km"]


def test_it_rejects_a_walk_500_m_away_from_the_reach(client, reach, chief):
    client.force_login(chief)
    body = upload(client, reach, track(113.321, 113.335, 20, lat=LAT + 0.0045)).json()
    assert body["valid"] is False
    assert body["near_share"] == 0
    assert body["reasons"] == ["only 0% of the track within 100 m of the reach (at least 80% required)"]


def test_it_rejects_a_walk_that_leaves_the_reach_halfway(client, reach, chief):
    client.force_login(chief)
    # 1,024 m along the reach, then 1,024 m beyond its east end: half the track is near it
    body = upload(client, reach, track(113.330, 113.350, 30, vertices=3)).json()
    assert body["near_share"] == pytest.approx(0.55, abs=0.01)  # the buffer reaches 100 m past the end
    assert body["valid"] is False


def test_it_forbids_patrols_by_someone_who_is_not_a_chief_of_the_reach(client, reach, tianhe_office):
    client.force_login(make_user("sam", tianhe_office, "river_chief", river_chief_level="village"))
    response = upload(client, reach, track(113.321, 113.335, 20))
    assert response.status_code == 403
    assert response.json()["code"] == "not_chief_of_reach"


def test_it_hides_reaches_outside_the_jurisdiction(client, reach, erin):
    client.force_login(erin)
    assert upload(client, reach, track(113.321, 113.335, 20)).status_code == 404


def test_it_rejects_times_that_do_not_match_the_vertices(client, reach, chief):
    client.force_login(chief)
    body = track(113.321, 113.335, 20)
    body["times"] = body["times"][:-1]
    response = upload(client, reach, body)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_track_times"


def test_it_accepts_a_gpx_upload_from_the_page(client, reach, chief):
    client.force_login(chief)
    points = "".join(f'<trkpt lat="{LAT + NORTH_20_M}" lon="{113.321 + i * 0.0035}"><time>'
                     f'{(START + timedelta(minutes=5 * i)).isoformat()}</time></trkpt>' for i in range(5))
    gpx = f'<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>{points}</trkseg></trk></gpx>'
    from django.core.files.uploadedfile import SimpleUploadedFile
    response = client.post("/basins/patrols/upload/", {"reach": reach.pk,
                                                       "track": SimpleUploadedFile("walk.gpx", gpx.encode())})
    assert response.status_code == 302
    assert reach.patrols.get().valid is True


def test_it_lists_every_reason_a_patrol_fails():
    valid, reasons = verdict(300, 500, 0.5)
    assert valid is False and len(reasons) == 3
    assert verdict(600, 1000, 0.8)[0] is True  # exactly 10 min, 1 km, 80%: counts


def test_it_gives_the_reasons_in_chinese_too():
    assert verdict(300, 500, 0.5, language="zh-hans")[1] == [
        "历时 5.0 分钟，少于 10 分钟", "里程 0.50 公里，少于 1 公里", "轨迹仅 50% 位于河段 100 米范围内（要求至少 80%）"]
    assert verdict(300, 500, 0.5)[1][2] == "only 50% of the track within 100 m of the reach (at least 80% required)"


def test_it_counts_every_pass_of_a_walk_there_and_back_along_the_reach(client, reach, chief):
    # 700 m east, then back west along the same line: 1,400 m walked, all of it along the reach.
    lat = LAT + NORTH_20_M
    coordinates = [[113.321, lat], [113.3245, lat], [113.328, lat], [113.3245, lat], [113.321, lat]]
    times = [(START + timedelta(minutes=5 * i)).isoformat() for i in range(5)]
    client.force_login(chief)
    body = upload(client, reach, {"track": {"type": "LineString", "coordinates": coordinates}, "times": times}).json()
    assert body["length_m"] == pytest.approx(0.014 * METRES_PER_DEGREE_LON, rel=2e-3)
    assert body["near_share"] == pytest.approx(1.0)
    assert body["valid"] is True
