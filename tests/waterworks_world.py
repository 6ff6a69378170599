"""A water project at the Tianhe sports centre (inside the patrol square of tests/test_zones.py), its
contractor and another project's contractor, an inspector of the Tianhe office and one of Haizhu."""

from datetime import date

import pytest

from geo_server.accounts.models import Organisation
from geo_server.patrols.models import PatrolPlan
from geo_server.patrols.zones import create_zone
from geo_server.sectors.waterworks.models import WaterProjectDetail
from tests.conftest import TIANHE_SPORTS_CENTER, area, make_user, point_feature
from tests.test_zones import SQUARE

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def water_project(code: str, contractor: Organisation, where=TIANHE_SPORTS_CENTER):
    project = point_feature(code, *where, kind="water_project", name=f"{code} 水闸工程")
    WaterProjectDetail.objects.create(feature=project, project_type="sluice", owner_unit="市水务局",
                                      contractor=contractor.name, contractor_organisation=contractor,
                                      stage="foundation", budget_wan=100, started_on=date(2026, 1, 5))
    return project


@pytest.fixture
def contractor(db):
    return Organisation.objects.create(name="广州水利建设有限公司", type="enterprise", jurisdiction=area("440106"))


@pytest.fixture
def other_contractor(db):
    return Organisation.objects.create(name="珠江河道工程有限公司", type="enterprise", jurisdiction=area("440106"))


@pytest.fixture
def project(contractor):
    return water_project("WP-1", contractor)


@pytest.fixture
def other_project(other_contractor):
    return water_project("WP-2", other_contractor, where=(113.3250, 23.1370))


@pytest.fixture
def carl(contractor):
    return make_user("carl", contractor, "enterprise_user")


@pytest.fixture
def otto(other_contractor):
    return make_user("otto", other_contractor, "enterprise_user")


@pytest.fixture
def ivan(tianhe_office):
    return make_user("ivan", tianhe_office, "inspector")


@pytest.fixture
def hana(db):
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    return make_user("hana", haizhu, "inspector")


@pytest.fixture
def ivan_plan(bob, ivan):
    plan = PatrolPlan.objects.create(zone=create_zone(bob, "体育中心", SQUARE))
    plan.inspectors.set([ivan])
    return plan
