"""The demo patrol: a zone around a Panyu water project, planned for the demo inspector, shown on /m/."""

from django.db import connection

from geo_server.demo.organisations import ensure_demo_users, ensure_organisations
from geo_server.demo.patrols import ZONE_NAME, ensure_demo_patrol
from geo_server.patrols.models import PatrolTask, PatrolZone
from tests.conftest import point_feature


def panyu_inner_point() -> tuple[float, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM features_adminarea "
                       "WHERE code = '440113') s")
        return cursor.fetchone()


def test_it_plans_a_checked_zone_for_the_demo_inspector_once(client, db):
    ensure_organisations()
    ensure_demo_users()
    assert ensure_demo_patrol().startswith("no demo patrol: no water project")
    assert PatrolZone.objects.count() == 0
    point_feature("WP-PY-001", *panyu_inner_point(), kind="water_project", synthetic=True)

    assert "open /m/ as inspector" in ensure_demo_patrol()
    ensure_demo_patrol()

    zone = PatrolZone.objects.get()
    assert zone.name == ZONE_NAME and zone.organisation.name == "番禺区住房和建设局"
    assert PatrolTask.objects.filter(inspector__username="inspector").count() == 1
    client.login(username="inspector", password="geo-demo-2026")
    today = client.get("/api/m/today").json()
    assert [t["zone_name"] for t in today["tasks"]] == [ZONE_NAME]
    assert [f["properties"]["code"] for f in today["features"]["features"]] == ["WP-PY-001"]
