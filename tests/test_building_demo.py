"""The buildings' demo history on a few hand-made synthetic buildings: an appraisal history whose
latest report carries the building's grade, findings on C and D reports, the same rows on a second
run; and the rising tilt whose trend crosses its limit within 90 days of the demo's today."""

from datetime import timedelta

from django.db.models import Count

from geo_server.demo.common import TODAY
from geo_server.features.models import Feature
from geo_server.sectors.buildings.demo_appraisals import load_history
from geo_server.sectors.buildings.demo_monitoring import load_monitoring
from geo_server.sectors.buildings.models import AppraisalReport, BuildingDetail, MonitoringPoint
from tests.building_world import building

GRADES = {"S-A": "A", "S-B": "B", "S-C": "C", "S-D": "D", "S-0": ""}


def synthetic_world():
    for n, (code, grade) in enumerate(GRADES.items()):
        building(code, where=(113.3240 + n * 0.001, 23.1380), grade=grade)
    Feature.objects.filter(kind="building").update(synthetic=True)
    BuildingDetail.objects.filter(feature__code="S-A").update(historic=True)  # gets a protection level


def test_the_latest_report_of_each_appraised_building_carries_its_grade(db):
    synthetic_world()
    first = load_history()
    again = load_history()
    assert again["appraisal report"] == 0  # idempotent
    assert first["building attributes"] == 1 and again["building attributes"] == 0  # nothing unchanged rewritten
    assert BuildingDetail.objects.get(feature__code="S-A").protection_level != ""
    for code, grade in GRADES.items():
        reports = list(AppraisalReport.objects.filter(building__code=code).order_by("-appraised_on"))
        assert (reports[0].grade if reports else "") == grade
        assert 1 <= len(reports) <= 3 or not grade
        assert all(r.state == "published" and "合成" in r.agency for r in reports)
    assert first["appraisal report"] == AppraisalReport.objects.count()
    with_findings = AppraisalReport.objects.annotate(n=Count("findings")).filter(n__gt=0)
    assert set(with_findings.values_list("grade", flat=True)) <= {"C", "D"}


def test_one_dangerous_buildings_tilt_crosses_its_limit_within_90_days(db):
    synthetic_world()
    assert load_monitoring(seed=1) == 2 * 2 * 26  # S-C and S-D, two points, 26 weeks
    rising = MonitoringPoint.objects.get(building__code="S-C", code="T1")
    assert rising.last_value < rising.limit
    assert TODAY < rising.reaches_limit_on <= TODAY + timedelta(days=90)
    steady = MonitoringPoint.objects.get(building__code="S-D", code="T1")
    assert steady.reaches_limit_on is None or steady.reaches_limit_on > TODAY + timedelta(days=3650)
    assert load_monitoring(seed=1) == 0
