"""The demo's synthetic site documents: four per synthetic water project, labelled, the plan a valid PDF;
a second run adds none; the demo contractor gets the first Panyu project."""

from datetime import date

from django.core.files.storage import default_storage

from geo_server.accounts.models import Organisation
from geo_server.demo.names import CONTRACTORS
from geo_server.sectors.waterworks.demo_documents import PLAN_FILE, load_documents
from geo_server.sectors.waterworks.documents import check_file
from geo_server.sectors.waterworks.models import SiteDocument, WaterProjectDetail
from tests.conftest import area, point_feature

PANYU_POINT = (113.3840, 22.9370)  # 番禺区市桥
TIANHE_POINT = (113.3240, 23.1380)


def synthetic_project(code, where, contractor="某水利公司"):
    feature = point_feature(code, *where, kind="water_project", synthetic=True)
    WaterProjectDetail.objects.create(feature=feature, project_type="sluice", owner_unit="市水务局",
                                      contractor=contractor, stage="foundation", budget_wan=10,
                                      started_on=date(2026, 3, 1))
    return feature


def test_it_adds_four_labelled_documents_per_synthetic_project_once(db, media):
    demo_contractor = Organisation.objects.create(name=CONTRACTORS[0], type="enterprise", jurisdiction=area("440100"))
    panyu = synthetic_project("WP0000001", PANYU_POINT)
    tianhe = synthetic_project("WP0000002", TIANHE_POINT)
    real = point_feature("WP-REAL", *TIANHE_POINT, kind="water_project")
    assert panyu.district.code == "440113"

    assert load_documents(lambda line: None) == 8
    assert load_documents(lambda line: None) == 0
    documents = SiteDocument.objects.all()
    assert {d.feature_id for d in documents} == {panyu.pk, tianhe.pk} and real.pk not in {d.feature_id for d in documents}
    assert all(d.synthetic and "合成" in d.title for d in documents)
    assert sorted(documents.filter(feature=panyu).values_list("doc_type", flat=True)) == [
        "material", "plan", "safety_education", "work_point"]
    session = documents.get(feature=panyu, doc_type="safety_education")
    assert session.held_on == date(2026, 3, 1 + panyu.pk % 20) and session.attendance == 10 + panyu.pk % 30
    assert documents.get(feature=panyu, doc_type="material").certificate_no == "SYN-WP0000001"
    with default_storage.open(PLAN_FILE, "rb") as pdf:
        assert check_file(pdf.read(), 10**6) == "application/pdf"
    assert WaterProjectDetail.objects.get(feature=panyu).contractor_organisation == demo_contractor
    assert WaterProjectDetail.objects.get(feature=tianhe).contractor_organisation is None
