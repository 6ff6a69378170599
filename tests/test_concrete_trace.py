"""The trace on a hand-checked world (tests/concrete_trace_world.py): the right batches, lots and
sites per direction, scoping (404 elsewhere, sites outside scope left out), GeoJSON and CSV."""

import csv
import io
import json
import shutil
import subprocess

import pytest
from django.urls import reverse

from geo_server.accounts.models import Organisation
from geo_server.sectors.concrete.trace import sites_of, trace, worst
from tests.concrete_trace_world import build_trace_world
from tests.conftest import area, make_user


@pytest.fixture
def world(db):
    return build_trace_world()


def _serials(found):
    return sorted({row["serial"] for row in found.rows})


def _sites(found):
    return {site["code"]: site for site in found.sites}


def test_it_traces_a_failed_evaluation_to_its_batches_lots_and_sites(world, alice):
    found = trace(alice, "evaluation", world.evaluation.pk)
    assert _serials(found) == ["B1", "B2", "B3"]
    assert sorted(_sites(found)) == ["CS1", "CS2"]
    assert _sites(found)["CS1"]["parts"] == ["3F 楼板", "4F 柱"]
    assert _sites(found)["CS1"]["batches"] == 2 and _sites(found)["CS2"]["status"] == "failed"
    assert [lot["lot"] for lot in found.lots] == ["LC1", "LS1"]
    assert {lot["supplier"] for lot in found.lots} == {"乙水泥", "甲建材"}
    assert {row["status"] for row in found.rows} == {"failed"}


def test_it_traces_a_chloride_test_to_the_one_site_that_received_its_batch(world, alice):
    found = trace(alice, "chloride", world.chloride.pk)
    assert _serials(found) == ["B2"]
    assert list(_sites(found)) == ["CS2"]
    assert found.rows[0]["reasons"] == ["evaluation", "chloride"]


def test_it_traces_a_bad_lot_to_every_plant_and_site_using_its_supplier_lot(world, alice):
    found = trace(alice, "lot", world.lots["LC1"].pk)
    assert _serials(found) == ["B1", "B2", "B3", "B4", "B5"]
    assert [p["code"] for p in found.plants] == ["P1", "P2"]
    assert sorted(_sites(found)) == ["CS1", "CS2", "CS3"]
    assert _serials(trace(alice, "lot", world.lots["LS2"].pk)) == ["B4", "B5"]


def test_it_lists_every_batch_a_site_received_with_its_test_status(world, alice):
    found = trace(alice, "site", world.sites["CS1"].pk)
    assert {row["serial"]: row["status"] for row in found.rows} == {"B1": "failed", "B3": "failed", "B5": "passed"}
    assert {row["ticket"] for row in found.rows} == {"T-B1", "T-B3", "T-B5"}


def test_it_marks_a_batch_without_tested_groups_pending(world, alice):
    world.evaluation.delete()
    found = trace(alice, "site", world.sites["CS1"].pk)
    assert {row["serial"]: row["status"] for row in found.rows} == {"B1": "passed", "B3": "pending", "B5": "passed"}


def test_it_answers_404_to_a_district_officer_elsewhere(world, bob, client):
    assert trace(bob, "evaluation", world.evaluation.pk) is None
    client.force_login(bob)
    for direction, origin in (("evaluation", world.evaluation.pk), ("chloride", world.chloride.pk),
                              ("lot", world.lots["LC1"].pk), ("site", world.sites["CS2"].pk)):
        assert client.get(reverse("concrete-trace", args=[direction, origin])).status_code == 404
        assert client.get(reverse("concrete-trace-download", args=[direction, origin, "csv"])).status_code == 404


def test_it_shows_a_site_officer_the_plants_as_names_without_their_position(world, bob):
    found = trace(bob, "site", world.sites["CS1"].pk)  # CS1 is in Tianhe, both plants elsewhere
    assert _serials(found) == ["B1", "B3", "B5"]
    assert {p["code"]: p["geojson"] for p in found.plants} == {"P1": None, "P2": None}


def test_it_leaves_out_sites_outside_the_users_jurisdiction(world):
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    found = trace(make_user("hai", haizhu, "district_officer"), "evaluation", world.evaluation.pk)
    assert list(_sites(found)) == ["CS2"]
    assert sorted(row["serial"] for row in found.rows if row["elsewhere"]) == ["B1", "B3"]


def test_it_answers_404_for_an_unknown_direction_or_origin(world, alice, client):
    client.force_login(alice)
    assert client.get(reverse("concrete-trace", args=["batch", world.evaluation.pk])).status_code == 404
    assert client.get(reverse("concrete-trace", args=["evaluation", 999999])).status_code == 404


def test_it_renders_the_trace_page_with_sites_and_map_data(world, alice, client):
    client.force_login(alice)
    page = client.get(reverse("concrete-trace", args=["evaluation", world.evaluation.pk]))
    assert page.status_code == 200
    data = json.loads(page.context["map_data"] and json.dumps(page.context["map_data"], default=str))
    assert sorted(s["code"] for s in data["sites"]) == ["CS1", "CS2"]
    assert "天河工地" in page.content.decode() and 'id="trace-data"' in page.content.decode()


def test_it_exports_the_trace_as_geojson_with_sites_plants_and_lines(world, alice, client, tmp_path):
    client.force_login(alice)
    response = client.get(reverse("concrete-trace-download", args=["evaluation", world.evaluation.pk, "geojson"]))
    assert response["Content-Type"].startswith("application/geo+json")
    body = b"".join([response.content])
    collection = json.loads(body.decode("utf-8"))
    roles = sorted((f["properties"]["role"], f["properties"]["code"]) for f in collection["features"])
    assert roles == [("delivery", "CS1"), ("delivery", "CS2"), ("plant", "P1"), ("site", "CS1"), ("site", "CS2")]
    assert "天河工地" in body.decode("utf-8")
    if shutil.which("ogrinfo"):
        path = tmp_path / "trace.geojson"
        path.write_bytes(body)
        info = subprocess.run(["ogrinfo", "-al", "-so", str(path)], capture_output=True, text=True, check=True)
        assert "Feature Count: 5" in info.stdout


def test_it_exports_the_trace_as_csv_in_utf8(world, alice, client):
    client.force_login(alice)
    response = client.get(reverse("concrete-trace-download", args=["site", world.sites["CS1"].pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["batch"], r["site"], r["part_poured"], r["status"]) for r in rows] == [
        ("B1", "天河工地", "3F 楼板", "failed"), ("B3", "天河工地", "4F 柱", "failed"), ("B5", "天河工地", "5F 梁", "passed")]
    assert rows[0]["lots"] == "LC1 cement 乙水泥; LS1 sand 甲建材"


def test_it_lists_failed_evaluations_and_chloride_tests_in_scope(world, alice, bob, client):
    client.force_login(alice)
    page = client.get(reverse("concrete-failures")).content.decode()
    assert f'data-evaluation="{world.evaluation.pk}"' in page and f'data-chloride="{world.chloride.pk}"' in page
    client.force_login(bob)
    page = client.get(reverse("concrete-failures")).content.decode()
    assert "data-evaluation=" not in page and "data-chloride=" not in page


def test_it_takes_a_sites_status_from_its_worst_batch():
    rows = [{"site_id": 1, "site_code": "A", "site_name": "甲", "site_geojson": "{}", "site_point": "{}",
             "part_poured": part, "batch_id": n, "volume_m3": 5, "status": status, "plant_id": 7,
             "site_in_scope": True}
            for n, part, status in ((1, "梁", "passed"), (2, "柱", "pending"), (2, "柱", "pending"))]
    assert sites_of(rows) == [{"id": 1, "code": "A", "name": "甲", "geojson": "{}", "point": "{}",
                               "parts": ["梁", "柱"], "batches": 2, "volume_m3": 10, "status": "pending",
                               "plants": [7], "in_scope": True}]
    assert worst(["passed", "failed", "pending"]) == "failed" and worst([]) == "pending"


def test_it_shows_a_plants_evaluations_and_warnings_on_its_record(world, alice, client):
    client.force_login(alice)
    page = client.get(reverse("feature-record", args=[world.plants["P1"].pk])).content.decode()
    assert 'id="concrete-plant"' in page and f'data-evaluation="{world.evaluation.pk}"' in page
    assert reverse("concrete-trace", args=["evaluation", world.evaluation.pk]) in page
    assert "B3" in page and "4F 柱" in page


def test_it_shows_the_concrete_a_site_received_on_its_record(world, bob, client):
    client.force_login(bob)
    page = client.get(reverse("feature-record", args=[world.sites["CS1"].pk])).content.decode()
    assert 'id="concrete-received"' in page
    assert page.count('data-batch="') == 3 and page.count('data-status="failed"') == 2


def test_it_passes_a_batch_without_groups_when_its_evaluation_batch_passed(world, alice):
    world.evaluation.passed = True
    world.evaluation.save()
    found = trace(alice, "site", world.sites["CS1"].pk)
    assert {row["serial"]: row["status"] for row in found.rows} == {"B1": "passed", "B3": "passed", "B5": "passed"}


def test_it_keeps_the_newest_rows_under_a_limit_and_counts_them_all(world, alice):
    found = trace(alice, "site", world.sites["CS1"].pk, limit=2)
    assert [row["serial"] for row in found.rows] == ["B3", "B5"] and found.total == 3 and found.cut


@pytest.fixture
def bing(world):
    return make_user("bing", world.plants["P1"].organisation, "enterprise_user")


def test_it_shows_an_enterprise_the_sites_its_plant_delivered_to_as_points_and_parts(world, bing):
    found = trace(bing, "evaluation", world.evaluation.pk)
    assert _serials(found) == ["B1", "B2", "B3"] and not any(row["elsewhere"] for row in found.rows)
    sites = _sites(found)
    assert sorted(sites) == ["CS1", "CS2"] and not any(site["in_scope"] for site in sites.values())
    assert sites["CS1"]["name"] == "天河工地" and sites["CS1"]["parts"] == ["3F 楼板", "4F 柱"]
    # A point on the site, never its outline.
    assert json.loads(sites["CS1"]["geojson"])["type"] == "Point" and sites["CS1"]["geojson"] == sites["CS1"]["point"]


def test_it_hides_from_an_enterprise_other_plants_deliveries_and_the_sites_records(world, bing, client):
    # Supplier lot SN-77 reached P2 too: its batches B4 and B5 (to CS3 and CS1) are P2's business.
    found = trace(bing, "lot", world.lots["LC1"].pk)
    assert _serials(found) == ["B1", "B2", "B3"] and sorted(_sites(found)) == ["CS1", "CS2"]
    assert [p["code"] for p in found.plants] == ["P1"]
    assert trace(bing, "site", world.sites["CS1"].pk) is None
    client.force_login(bing)
    page = client.get(reverse("concrete-trace", args=["evaluation", world.evaluation.pk])).content.decode()
    assert "天河工地" in page and "3F 楼板" in page
    assert reverse("feature-record", args=[world.sites["CS1"].pk]) not in page
    assert client.get(reverse("feature-record", args=[world.sites["CS1"].pk])).status_code == 404
    csv_rows = list(csv.DictReader(io.StringIO(client.get(reverse(
        "concrete-trace-download", args=["evaluation", world.evaluation.pk, "csv"])).content.decode("utf-8-sig"))))
    assert sorted((r["batch"], r["site_code"]) for r in csv_rows) == [("B1", "CS1"), ("B2", "CS2"), ("B3", "CS1")]


def test_a_district_officer_still_sees_no_site_outside_the_district_through_the_enterprises_plant(world):
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    found = trace(make_user("hai", haizhu, "district_officer"), "evaluation", world.evaluation.pk)
    assert list(_sites(found)) == ["CS2"] and _sites(found)["CS2"]["in_scope"]
