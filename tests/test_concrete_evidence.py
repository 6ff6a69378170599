"""A strength hazard closes on a test report: its number, the report attached and, for a specimen group
past 28 days, the group's test on record (geo_server/sectors/concrete/evidence.py)."""

from datetime import date

import pytest

from geo_server.accounts.models import Organisation
from geo_server.features.kinds import Kind
from geo_server.sectors.concrete.evidence import clean, group_no, judge
from geo_server.sectors.concrete.models import SpecimenGroup
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.evidence import required_evidence
from geo_server.supervision.models import Hazard
from geo_server.supervision.photos import store_photo
from tests.concrete_trace_world import build_trace_world
from tests.conftest import area, make_user
from tests.photos import upload
from tests.test_hazards import act, post


def test_it_reads_a_report_number_as_printed_and_refuses_anything_else():
    assert clean("  BG-2026-0716 ") == "BG-2026-0716"
    assert clean("穗检2026/0716") == "穗检2026/0716"
    for bad in ("", "   ", "BG 2026", "<b>x</b>", "x" * 65, None):
        with pytest.raises(ValueError):
            clean(bad)


def test_it_judges_the_report_as_a_pure_function():
    assert group_no("group:G-B3") == "G-B3" and group_no("evaluation:M1:2026-06") is None and group_no("group:") is None
    assert judge("BG-1", 1, "group:G-B3", True)
    assert not judge("BG-1", 1, "group:G-B3", False)  # a report of a test the plant never recorded
    assert not judge("BG-1", 0, "group:G-B3", True)  # the report not attached
    assert not judge("", 1, "group:G-B3", True)
    assert judge("BG-1", 1, "evaluation:M1:2026-06", None)
    assert not judge("BG 1", 1, "evaluation:M1:2026-06", None)


def test_the_strength_rules_demand_a_test_report():
    assert required_evidence("concrete.past_28_days") == ("test_report",)
    assert required_evidence("concrete.strength_evaluation") == ("test_report",)
    assert required_evidence("concrete.specimen_groups") == ("photo",)


@pytest.fixture
def world(db):
    world = build_trace_world()
    SpecimenGroup.objects.create(plant=world.plants["P1"], source_id="G-B3", batch=world.batches["B3"],
                                 cast_date=date(2026, 6, 3))
    sweep(Kind.CONCRETE_PLANT, today=date(2026, 7, 15))
    return world


@pytest.fixture
def hu(db):
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    return make_user("hu", haizhu, "district_officer")


@pytest.fixture
def bing(world):
    return make_user("bing", world.plants["P1"].organisation, "enterprise_user")


def confirm(client, user, hazard):
    return post(client, user, hazard.pk, action="confirm", version=Hazard.objects.get(pk=hazard.pk).version)


def test_it_confirms_a_28_day_hazard_only_on_a_report_of_a_recorded_test(client, world, hu, bing, media):
    hazard = Hazard.objects.get(feature=world.plants["P1"], rule_code="concrete.past_28_days")
    act(client, hu, hazard.pk, "dispatch")
    act(client, hu, hazard.pk, "issue_notice")
    photo = store_photo(upload(), bing, hazard=hazard)
    body = act(client, bing, hazard.pk, "reply", reason="已试压", photos=[photo.pk], test_report_no=" BG-2026-0716 ")
    assert body["timeline"][-1]["data"] == {"photos": [photo.pk], "test_report_no": "BG-2026-0716"}
    # The group's test is not on record yet: the report names a test the plant never pushed.
    response = confirm(client, hu, hazard)
    assert response.status_code == 422 and response.json()["details"]["missing"] == ["test_report"]
    SpecimenGroup.objects.filter(source_id="G-B3").update(test_date=date(2026, 7, 16), group_value_mpa="38.2")
    assert act(client, hu, hazard.pk, "confirm")["state"] == "confirmed"


def test_it_refuses_a_bad_report_number_and_a_report_without_its_scan(client, world, hu, bing):
    hazard = Hazard.objects.get(feature=world.plants["P1"], rule_code="concrete.past_28_days")
    act(client, hu, hazard.pk, "dispatch")
    act(client, hu, hazard.pk, "issue_notice")
    version = Hazard.objects.get(pk=hazard.pk).version
    response = post(client, bing, hazard.pk, action="reply", version=version, reason="x", test_report_no="BG 1")
    assert response.status_code == 400 and response.json()["code"] == "invalid_test_report_no"
    SpecimenGroup.objects.filter(source_id="G-B3").update(test_date=date(2026, 7, 16), group_value_mpa="38.2")
    act(client, bing, hazard.pk, "reply", reason="已试压", test_report_no="BG-2026-0716")
    response = confirm(client, hu, hazard)
    assert response.status_code == 422 and response.json()["details"]["missing"] == ["test_report"]
