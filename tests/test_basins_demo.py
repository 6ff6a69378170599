"""The water-quality demo: bounded, deterministic, idempotent, and shown on the reach's record page."""

import re

from django.db import connection

from basins.demo import MAX_TRIBUTARIES, load_basin_demo
from basins.models import MonitoringPoint, PollutionSource, RelapseTruth, WaterSample
from geo_server.demo.load import load_demo
from geo_server.features.models import Feature
from tests.test_demo import quiet


def samples_fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT md5(string_agg(concat_ws(',', p.code, s.taken_at, s.transparency_cm, s.dissolved_oxygen_mg_l,"
                       " s.orp_mv, s.ammonia_n_mg_l, s.depth_cm), ';' ORDER BY p.code, s.taken_at)) "
                       "FROM basins_watersample s JOIN basins_monitoringpoint p ON p.id = s.point_id")
        return cursor.fetchone()[0]


def test_it_simulates_main_reaches_and_a_bounded_set_of_tributaries(db):
    load_demo(1, log=quiet)
    main = Feature.objects.filter(kind="river_reach", river_reach_detail__main_stem=True).count()
    assert RelapseTruth.objects.count() == main + MAX_TRIBUTARIES
    per_reach = MonitoringPoint.objects.values("reach").distinct().count()
    assert per_reach == main + MAX_TRIBUTARIES
    assert not MonitoringPoint.objects.filter(chainage_m=None).exists()
    assert WaterSample.objects.count() == MonitoringPoint.objects.count() * 24
    assert not WaterSample.objects.filter(synthetic=False).exists()
    assert PollutionSource.objects.filter(kind="outfall").exists()


def test_it_gives_every_reach_3_or_more_points_at_most_about_600_m_apart(db):
    load_demo(1, log=quiet)
    with connection.cursor() as cursor:
        cursor.execute("""SELECT min(n), max(gap) FROM (SELECT reach_id, count(*) OVER (PARTITION BY reach_id) n,
                          chainage_m - lag(chainage_m) OVER (PARTITION BY reach_id ORDER BY chainage_m) gap
                          FROM basins_monitoringpoint) t""")
        fewest, widest = cursor.fetchone()
    assert fewest >= 3
    assert widest <= 600


def test_it_adds_the_same_samples_from_the_same_seed_and_nothing_twice(db):
    load_demo(1, seed=7, log=quiet)
    first = samples_fingerprint()
    assert sum(load_basin_demo(7, log=quiet).values()) == 0
    MonitoringPoint.objects.all().delete()
    RelapseTruth.objects.all().delete()
    load_basin_demo(7, log=quiet)
    assert samples_fingerprint() == first


def test_it_makes_relapsed_reaches_black_odorous_and_keeps_clean_ones_mostly_clean(db):
    load_demo(1, log=quiet)
    with connection.cursor() as cursor:
        cursor.execute("""SELECT t.relapsed, avg((s.ammonia_n_mg_l > 15)::int) FROM basins_watersample s
                          JOIN basins_monitoringpoint p ON p.id = s.point_id
                          JOIN basins_relapsetruth t ON t.reach_id = p.reach_id
                          WHERE s.taken_at >= '2026-09-01' GROUP BY 1""")
        severe_share = dict(cursor.fetchall())
    assert severe_share[True] > 0.6
    assert severe_share[False] < 0.15


def test_it_shows_class_chart_and_chiefs_on_a_reach_record_only(db, client):
    load_demo(1, log=quiet)
    from geo_server.accounts.models import User
    client.force_login(User.objects.create_superuser("root", password="x"))
    reach = RelapseTruth.objects.filter(relapsed=True).first().reach
    page = client.get(f"/features/{reach.pk}/").content.decode()
    assert 'id="water-quality"' in page and "<svg" in page
    assert 'data-level="severe"' in page
    assert "rc_village_" in page
    building = Feature.objects.filter(kind="building").first()
    assert 'id="water-quality"' not in client.get(f"/features/{building.pk}/").content.decode()


def test_it_explains_the_class_in_the_page_language(db, client):
    load_demo(1, log=quiet)
    from geo_server.accounts.models import User
    client.force_login(User.objects.create_superuser("root", password="x"))
    reach = RelapseTruth.objects.filter(relapsed=True).first().reach
    chinese = client.get(f"/features/{reach.pk}/").content.decode()
    english = client.get(f"/features/{reach.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    reasons = lambda page: page.split('class="quality-reasons"')[1].split("</ul>")[0]  # noqa: E731
    points = lambda page: page.split('class="points"')[1].split("</table>")[0]  # noqa: E731
    assert "个监测点中" in reasons(chinese) and "points" not in reasons(chinese)
    assert "的监测结果为重度黑臭" in points(chinese) and "<td>重度黑臭</td>" in points(chinese)
    assert " of " in reasons(english) and "points" in reasons(english) and "监测点" not in reasons(english)
    assert "of results severe" in points(english) and "<td>severe</td>" in points(english)


def test_it_loads_the_planned_demo_patrols_judged_by_the_real_rules(db):
    from django.utils import timezone

    from basins.demo import simulated_reaches
    from basins.demo_patrols import demo_assignments, plan_patrols
    from basins.models import ReachChief
    from geo_server.patrols.models import Patrol
    from geo_server.demo.load import DEFAULT_SEED

    load_demo(1, log=quiet)
    links = demo_assignments([r[0] for r in simulated_reaches()])
    plan = plan_patrols(DEFAULT_SEED, [(link.pk, f"{link.reach.code}:{link.level}") for link in links],
                        timezone.localdate())
    kinds = {kind: sum(1 for p in plan if p.kind == kind) for kind in ("valid", "too_short", "off_reach")}
    patrols = Patrol.objects.filter(synthetic=True)
    assert patrols.count() == len(plan) > 100 and not Patrol.objects.filter(synthetic=False).exists()
    assert min(kinds.values()) > 5
    assert patrols.filter(valid=True).count() == kinds["valid"]
    short = patrols.filter(valid=False, length_m__lt=1000)
    assert short.count() == kinds["too_short"]
    assert all(any("less than 10 min" in r for r in p.reasons) for p in short)
    off = patrols.filter(valid=False, length_m__gte=1000)
    assert off.count() == kinds["off_reach"] and all(p.coverage < 0.1 for p in off)
    assert all("within 100 m of the reach" in p.reasons[0] for p in off)
    # Every walk is by a chief of its reach, on a day before today.
    assert not patrols.exclude(walker__in=ReachChief.objects.values("chief")).exists()
    assert patrols.filter(started_at__date__gte=timezone.localdate()).count() == 0
    assert patrols.filter(walker__username="chief_haizhu").exists()
    assert load_demo(1, log=quiet) is not None and Patrol.objects.count() == len(plan)  # a second load adds none


def test_it_shows_done_and_missed_demo_patrols_in_the_compliance_table_and_reach_page(db, client):
    from geo_server.patrols.models import Patrol

    load_demo(1, log=quiet)
    from geo_server.accounts.models import User
    client.force_login(User.objects.create_superuser("root", password="x"))
    from basins.compliance import visible_compliance
    rows = visible_compliance(User.objects.get(username="root"))
    assert sum(r.task.done for r in rows) > 0 and sum(r.task.overdue for r in rows) > 0
    page = client.get("/basins/compliance/").content.decode()
    by_reach = page.split('id="by-reach"')[1]
    done_row = next(r for r in rows if r.task.done > 0)
    assert done_row.task.reach_name in by_reach
    reach = Patrol.objects.filter(synthetic=True, valid=True, reach_id=done_row.task.reach_id).first().reach
    section = client.get(f"/features/{reach.pk}/").content.decode().split('class="compliance"')[1].split("</table>")[0]
    row = next(tr for tr in section.split("<tr>") if f"<td>{done_row.chief}</td>" in tr)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[-3:] == [str(done_row.task.due), str(done_row.task.done), str(done_row.task.overdue)]

