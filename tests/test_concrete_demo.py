"""The production demo (demo_production.py) on 22 hand-placed plants and 8 sites: deterministic per
seed, a second run adds nothing, each of the 20 warnings fires after the sweep, most batches clean."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from geo_server.features.kinds import Kind
from geo_server.sectors.concrete.demo_defects import DEFECTS
from geo_server.sectors.concrete.demo_production import load_concrete
from geo_server.sectors.concrete.models import Batch, ConcretePlantDetail, EvaluationBatch, SpecimenGroup
from geo_server.sectors.concrete.rules import RULE_TABLE
from geo_server.sectors.worksites.models import ConstructionSiteDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Warning
from tests.conftest import point_feature

DAYS = 70


class Rollback(Exception):
    pass


@pytest.fixture
def plants(enterprise):
    made = []
    for i in range(len(DEFECTS) + 2):
        # The last plant belongs to an enterprise: its account gets the first defect (a group past 28 days).
        owner = enterprise if i == len(DEFECTS) + 1 else None
        plant = point_feature(f"CPT{i:03d}", 113.25 + i * 0.005, 23.10 + (i % 4) * 0.01, name=f"测试搅拌站{i}",
                              organisation=owner)
        ConcretePlantDetail.objects.create(feature=plant, enterprise="测试混凝土公司", licence_no=f"D{i}",
                                           annual_capacity_m3=300_000, mixer_count=2,
                                           licence_expires_on=date(2029, 12, 31), lab_qualification_no=f"L{i}",
                                           lab_qualification_expires_on=date(2029, 12, 31))
        made.append(plant)
    for i in range(8):
        site = point_feature(f"CST{i:03d}", 113.26 + i * 0.01, 23.12, kind="construction_site", name=f"测试工地{i}")
        ConstructionSiteDetail.objects.create(feature=site, permit_no=f"P-{i}", general_contractor="乙建筑",
                                              started_on=date(2026, 1, 1), planned_completion=date(2028, 1, 1),
                                              registered_workers=10, wage_account_bank="工商银行")
    return made


def load(today):
    return load_concrete(seed=7, log=lambda message: None, today=today, days=DAYS)


def digest() -> list[tuple]:
    return sorted(Batch.objects.values_list("serial", "volume_m3", "mix__code", "order__site__code", "line__code"))


def test_it_loads_the_same_rows_for_the_same_seed_and_nothing_twice(plants):
    today = timezone.localdate()
    with pytest.raises(Rollback), transaction.atomic():
        first = load(today)
        first_rows = digest()
        raise Rollback
    assert Batch.objects.count() == 0
    assert load(today) == first and digest() == first_rows
    assert first["batches"] == len(plants) * DAYS * 3 and first["defects"] == 20
    assert load(today) == {}
    assert Batch.objects.count() == len(plants) * DAYS * 3 + 1  # the live batch of rule 3


def test_it_makes_each_of_the_twenty_rules_fire_and_most_batches_clean(plants):
    today = timezone.localdate()
    load(today)
    sweep(Kind.CONCRETE_PLANT, today=today)
    open_codes = set(Warning.objects.filter(is_open=True).values_list("rule_code", flat=True))
    assert {rule.code for rule in RULE_TABLE} - open_codes == set()
    owned_first = [plants[-1]] + plants[:-1]
    clean_plants = [p.pk for p in owned_first[len(DEFECTS):]]
    assert not Warning.objects.filter(feature_id__in=clean_plants, is_open=True).exists()
    # One defect a plant, one rule a defect: exactly the defect's rule on each of the twenty.
    fired = Warning.objects.filter(is_open=True).values_list("feature__code", "rule_code").distinct()
    assert sorted(fired) == sorted((owned_first[i].code, code) for i, (code, _defect) in enumerate(DEFECTS))
    assert ("CPT021", "concrete.past_28_days") in fired
    failed = EvaluationBatch.objects.filter(passed=False)
    assert failed.count() == 1 and EvaluationBatch.objects.filter(passed=True).count() > 50
    flagged = Warning.objects.filter(is_open=True, subject__startswith="batch:").count()
    assert flagged <= 5 < Batch.objects.count() // 100
    assert SpecimenGroup.objects.filter(cast_date__lte=today - timedelta(days=30), test_date__isnull=True).count() == 1
