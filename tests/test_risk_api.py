"""The risk-run API: a run's reach ids and assessment summary stay within the user's scope."""

from django.utils import timezone

from basins.models import RiskAssessment, RiskModelRun
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature


def a_run_over_two_districts() -> tuple[RiskModelRun, dict]:
    """One reach in Tianhe (red, water quality), one in Haizhu (yellow, problem), both training labels."""
    reaches = {"tianhe": point_feature("R-TH", *TIANHE_SPORTS_CENTER, kind="river_reach"),
               "haizhu": point_feature("R-HZ", *CANTON_TOWER, kind="river_reach")}
    run = RiskModelRun.objects.create(model_version="test", started_at=timezone.now(),
                                      training_reach_ids=[reaches["haizhu"].pk, reaches["tianhe"].pk])
    RiskAssessment.objects.create(run=run, reach=reaches["tianhe"], probability=0.8, level=3,
                                  warning_type="water_quality")
    RiskAssessment.objects.create(run=run, reach=reaches["haizhu"], probability=0.4, level=1, warning_type="problem")
    return run, reaches


def test_it_lists_only_the_training_reaches_and_assessments_in_the_users_district(client, bob):
    run, reaches = a_run_over_two_districts()
    client.force_login(bob)
    body = client.get(f"/api/risk-runs/{run.pk}").json()
    assert body["training_reach_ids"] == [reaches["tianhe"].pk]
    summary = body["assessments"]
    assert (summary["count"], summary["mean_probability"]) == (1, 0.8)
    assert summary["by_level"] == {"none": 0, "yellow": 0, "orange": 0, "red": 1}
    assert summary["by_warning_type"] == {"water_quality": 1, "problem": 0, "notice": 0}
    # The model itself (how many labels it learnt from) is the same for everyone.
    assert body["training_labels"] == 2


def test_it_shows_a_city_wide_run_whole_to_the_province(client, alice):
    run, reaches = a_run_over_two_districts()
    client.force_login(alice)
    body = client.get(f"/api/risk-runs/{run.pk}").json()
    assert body["training_reach_ids"] == sorted(r.pk for r in reaches.values())
    assert body["assessments"]["count"] == 2


def test_it_shows_no_reach_to_an_enterprise_or_a_user_without_organisation(client, erin, django_user_model):
    run, _reaches = a_run_over_two_districts()
    for user in (erin, django_user_model.objects.create_user("viewer", password="x")):
        client.force_login(user)
        body = client.get(f"/api/risk-runs/{run.pk}").json()
        assert (body["training_reach_ids"], body["assessments"]["count"]) == ([], 0)
