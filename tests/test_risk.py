"""The relapse risk model: warning rules (pure), a full run on the demo with the fixed seed, its link
to patrol frequency, and the Celery task inline without a broker."""

from datetime import date

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import F

from basins import risk
from basins.compliance import chief_tasks
from basins.models import Basin, RelapseTruth, ReachChief, RiskAssessment, RiskModelRun
from basins.risk_features import NAMES
from basins.risk_runs import run_model
from basins.tasks import run_risk_model
from geo_server.demo.load import load_demo
from geo_server.features.models import Feature
from layers.catalogue import get_layer
from tests.test_demo import quiet
from tests.test_rasters import rasters, synthetic_dir  # noqa: F401 (fixtures)

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize("probability, level", [(0.0, 0), (0.29, 0), (0.3, 1), (0.5, 2), (0.69, 2), (0.7, 3), (1.0, 3)])
def test_it_maps_probability_to_a_warning_level(probability, level):
    assert risk.warning_level(probability) == level


def test_it_types_the_warning_by_the_family_pushing_hardest():
    names = ("wqi_recent", "outfalls_200m", "buildings_500m", "past_hazards", "cluster_0")
    assert risk.warning_type(np.array([0.5, 0.6, 0.3, 0.0, 5.0]), names) == "problem"  # clusters are no family
    assert risk.warning_type(np.array([1.0, 0.5, 0.3, 0.0, 0.0]), names) == "water_quality"
    assert risk.warning_type(np.array([0.1, 0.0, 0.0, 2.0, 0.0]), names) == "notice"
    assert risk.warning_type(np.array([-1.0, -1.0, -1.0, 0.0, 0.0]), names) == "water_quality"


def test_it_lists_the_three_largest_contributions_with_their_raw_values():
    names = ("wqi_recent", "outfalls_200m", "buildings_500m", "past_hazards")
    factors = risk.top_factors(np.array([0.2, 1.5, -0.4, 0.7]), names, {"outfalls_200m": 3.0})
    assert [f["name"] for f in factors] == ["outfalls_200m", "past_hazards", "wqi_recent"]
    assert factors[0] == {"name": "outfalls_200m", "family": "pressure", "contribution": 1.5, "value": 3.0}


def test_it_scores_precision_at_the_top_tenth():
    scores = np.arange(20, dtype=float)
    truth = np.zeros(20, dtype=bool)
    truth[[19, 5]] = True
    assert risk.precision_at(scores, truth) == 0.5  # top 2 are 19 (relapsed) and 18 (not)


@pytest.fixture
def demo(db, rasters):  # noqa: F811
    load_demo(1, log=quiet)


def test_it_beats_the_latest_ammonia_baseline_on_held_out_reaches(demo):
    run = run_model()
    metrics = run.metrics
    assert metrics["model"]["roc_auc"] > metrics["baseline"]["roc_auc"]
    # The training labels are exactly the visible ones; evaluation uses none of them.
    visible = set(RelapseTruth.objects.filter(label_visible=True).values_list("reach_id", flat=True))
    assert set(run.training_reach_ids) == visible
    assert metrics["held_out"] == RelapseTruth.objects.filter(label_visible=False).count()
    assert run.assessments.count() == Feature.objects.filter(kind="river_reach").count()
    assert run.duration_s > 0 and run.finished_at >= run.started_at


def test_it_writes_each_reachs_level_and_factors(demo):
    run = run_model()
    red = RiskAssessment.objects.filter(run=run, level=3).select_related("reach").first()
    assert red is not None and red.probability >= 0.7
    assert red.reach.risk_level == 3
    assert len(red.factors) == 3 and {f["name"] for f in red.factors} <= set(NAMES) | {f"cluster_{k}" for k in range(4)}
    assert red.warning_type in {"water_quality", "problem", "notice"}
    assert not RiskAssessment.objects.filter(run=run).exclude(level=F("reach__risk_level")).exists()


def test_it_changes_a_chiefs_patrol_frequency_with_the_warning_level(demo):
    Feature.objects.filter(kind="river_reach").update(risk_level=0)
    link = ReachChief.objects.filter(level="village", reach__in=RelapseTruth.objects.values("reach")).first()
    before = {row.task.reach_id: row.task for row in chief_tasks(link.chief, WEDNESDAY)}
    run = run_model()
    after = {row.task.reach_id: row.task for row in chief_tasks(link.chief, WEDNESDAY)}
    assert before[link.reach_id].requirement.period == "xun"  # no warning: one day per 旬 [S]
    level = run.assessments.get(reach=link.reach).level
    assert after[link.reach_id].colour == level
    expected = {0: "xun", 1: "week", 2: "week", 3: "workday"}[level]
    assert after[link.reach_id].requirement.period == expected


def test_it_runs_the_task_inline_without_a_broker(demo, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    result = run_risk_model.delay().get(timeout=60)
    assert RiskModelRun.objects.get(pk=result["run_id"]).metrics == result["metrics"]


def test_it_prints_the_metrics_table_and_run_id(demo, capsys):
    call_command("run_risk_model")
    out = capsys.readouterr().out
    assert "ROC AUC" in out and "baseline (latest monthly ammonia)" in out
    assert f"run {RiskModelRun.objects.get().pk} " in out


def test_it_shows_the_risk_history_on_the_reach_record(demo, client):
    from geo_server.accounts.models import User
    client.force_login(User.objects.create_superuser("root", password="x"))
    reach = Feature.objects.filter(kind="river_reach").first()
    before = client.get(f"/features/{reach.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "has not assessed this reach yet" in before and 'data-run="' not in before
    first, second = run_model(), run_model(parameters={"C": 0.3})
    page = client.get(f"/features/{reach.pk}/").content.decode()
    assert f'data-run="{second.pk}"' in page and f'data-run="{first.pk}"' in page
    assert page.index(f'data-run="{second.pk}"') < page.index(f'data-run="{first.pk}"')  # newest first
    top = RiskAssessment.objects.get(run=second, reach=reach).factors[0]["name"]
    assert top in page.split('class="risk-history"')[1]


def test_it_shades_basins_by_their_share_of_red_and_orange_reaches(demo):
    from geo_server.accounts.models import User
    run_model()
    rows = {row["code"]: row for row in get_layer("basin_risk").rows(User.objects.create_superuser("root", password="x"))}
    for basin in Basin.objects.all():
        reaches = Feature.objects.filter(kind="river_reach", basin=basin)
        high = reaches.filter(risk_level__gte=2).count()
        row = rows[basin.code]
        assert (row["reach_count"], row["red_orange_count"]) == (reaches.count(), high)
        share = high / reaches.count() if reaches.count() else None
        assert row["red_orange_share"] == pytest.approx(share)
        expected = "none" if not share else "red" if share >= 0.5 else "orange" if share >= 0.25 else "yellow"
        assert row["risk"] == expected
