"""export_districts and print_map, and the print map's offline promise, checked in the HTML."""

import json
import re

import pyogrio
from django.core.management import call_command

from layers.models import ExportLog
from tests.test_exports import buildings  # noqa: F401 (fixture)

GUANGZHOU_DISTRICTS = 11
# URLs that appear in the page as text and are never fetched: the SVG namespace Leaflet
# creates elements in, Leaflet's attribution link, and a comment in folium's stylesheet.
NOT_FETCHED = {"www.w3.org", "leafletjs.com", "bugzilla.mozilla.org"}


def mentions(html: str, text: str) -> bool:
    """folium writes its GeoJSON with \\u escapes; either spelling counts."""
    return text in html or json.dumps(text)[1:-1] in html


def test_it_writes_one_file_per_district(buildings, tmp_path):  # noqa: F811
    call_command("export_districts", "--layer", "building", "--format", "gpkg", "--crs", "4547",
                 "--out", str(tmp_path), stdout=None)

    files = sorted(tmp_path.glob("*.gpkg"))
    assert len(files) == GUANGZHOU_DISTRICTS
    tianhe = next(f for f in files if f.name.startswith("building_天河区_"))
    assert pyogrio.read_info(tianhe, layer="building")["crs"] == "EPSG:4547"
    assert sorted(pyogrio.read_dataframe(tianhe)["name"]) == ["天河体育中心大楼", "黄村商住楼"]
    logs = ExportLog.objects.all()
    assert logs.count() == GUANGZHOU_DISTRICTS
    assert {(log.requested_by, log.user_id) for log in logs} == {("system", None)}
    assert sum(log.feature_count for log in logs) == 3


def test_it_prints_a_district_map_with_no_external_reference(buildings, tmp_path):  # noqa: F811
    out = tmp_path / "tianhe.html"
    call_command("print_map", "--district", "440106", "--out", str(out), stdout=None)
    html = out.read_text(encoding="utf-8")

    assert mentions(html, "天河体育中心大楼") and mentions(html, "黄村商住楼") and not mentions(html, "广州塔附楼")
    assert "L.map(" in html  # Leaflet itself is inlined
    hosts = set(re.findall(r"https?://([^/\s\"'<>)]+)", html))
    assert hosts <= NOT_FETCHED, hosts - NOT_FETCHED
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    assert not re.search(r"url\((?!data:|#)", html)


def test_it_downloads_the_print_map_for_the_users_district(client, bob, buildings):  # noqa: F811
    client.force_login(bob)
    response = client.get("/exports/printmap?district=440106")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="map_440106_')
    assert mentions(response.content.decode(), "天河体育中心大楼")
    assert client.get("/exports/printmap?district=999").json()["code"] == "unknown_district"
