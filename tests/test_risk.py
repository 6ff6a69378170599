"""The relapse risk model: warning rules (pure), a full run on the demo with the fixed seed, its link
to patrol frequency, and the Celery task inline without a broker."""

from datetime import date

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import translation

from basins import risk
from basins.compliance import chief_tasks
from basins.models import Basin, RelapseTruth, ReachChief, RiskAssessment, RiskModelRun
from basins.risk_features import NAMES, factor_label, water_quality
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
    names = ("wqi_recent", "outfalls_200m", "buildings_500m", "past_hazards", "peer_group")
    assert risk.warning_type(np.array([0.5, 0.6, 0.3, 0.0, 5.0]), names) == "problem"  # the peer group is no family
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


def test_it_beats_the_latest_ammonia_baseline_on_held_out_reaches(demo, capsys):
    run = run_model()
    metrics = run.metrics
    with capsys.disabled():
        print(f"\nheld-out reaches {metrics['held_out']} ({metrics['held_out_relapsed']} relapsed), "
              f"training labels {metrics['training_labels']}, run {run.duration_s:.2f} s")
        for key in ("model", "baseline", "oracle"):
            m = metrics[key]
            print(f"{key:8} AUC {m['roc_auc']:.3f}  p@10% {m['precision_at_10']:.3f}  "
                  f"expected p@10% {m['expected_precision_at_10']:.3f}")
    model, baseline, oracle = metrics["model"], metrics["baseline"], metrics["oracle"]
    assert model["roc_auc"] > baseline["roc_auc"] + 0.03
    assert model["expected_precision_at_10"] > baseline["expected_precision_at_10"]
    # The observed top 10% (18 reaches) hangs on coin flips: ranking by the hidden chance itself
    # scores lower than the baseline here, so the honest bar on the observed share is "no worse".
    assert model["precision_at_10"] >= baseline["precision_at_10"]
    assert oracle["roc_auc"] >= model["roc_auc"] - 0.02
    # The training labels are exactly the visible ones; evaluation uses none of them.
    visible = set(RelapseTruth.objects.filter(label_visible=True).values_list("reach_id", flat=True))
    assert set(run.training_reach_ids) == visible
    assert metrics["held_out"] == RelapseTruth.objects.filter(label_visible=False).count()
    assert run.assessments.count() == Feature.objects.filter(kind="river_reach").count()
    assert run.duration_s > 0 and run.finished_at >= run.started_at
    choice = run.parameters["cv_choice"]
    assert choice["labels"] == len(visible) and choice["C"] in risk.DEFAULT_PARAMETERS["C_grid"]
    assert choice["fitted_on"] == "all basins" and len(choice["cv_auc"]) == 2 * len(risk.DEFAULT_PARAMETERS["C_grid"])


def test_it_fits_a_basin_on_its_own_labels_when_it_has_enough(demo):
    counts = {}
    for code, relapsed in RelapseTruth.objects.filter(label_visible=True).values_list("reach__basin__code", "relapsed"):
        counts.setdefault(code, [0, 0])[relapsed] += 1
    rich = next(code for code, (no, yes) in counts.items() if min(no, yes) >= risk.MIN_LABELS_PER_OUTCOME)
    run = run_model(rich)
    own = set(RelapseTruth.objects.filter(label_visible=True, reach__basin__code=rich)
              .values_list("reach_id", flat=True))
    assert run.parameters["cv_choice"]["fitted_on"] == rich and set(run.training_reach_ids) == own
    assert run.basin_code == rich
    assert set(run.assessments.values_list("reach__basin__code", flat=True)) == {rich}


def test_it_falls_back_to_every_basins_labels_for_a_basin_with_too_few(demo):
    poor = next(b for b in Basin.objects.order_by("code")
                if RelapseTruth.objects.filter(label_visible=True, reach__basin=b, relapsed=True).count()
                < risk.MIN_LABELS_PER_OUTCOME and Feature.objects.filter(kind="river_reach", basin=b).exists())
    before = set(Feature.objects.filter(kind="river_reach").exclude(basin=poor).values_list("id", "risk_level"))
    run = run_model(poor.code)
    choice = run.parameters["cv_choice"]
    assert choice["fitted_on"] == "all basins" and f"basin {poor.code} has" in choice["fallback"]
    assert len(run.training_reach_ids) == RelapseTruth.objects.filter(label_visible=True).count()
    assert run.assessments.count() == Feature.objects.filter(kind="river_reach", basin=poor).count()
    # Other basins' warning levels are not touched by a basin's run.
    assert set(Feature.objects.filter(kind="river_reach").exclude(basin=poor).values_list("id", "risk_level")) == before


def test_it_refuses_with_one_line_when_no_basin_has_enough_labels(demo, capsys):
    RelapseTruth.objects.filter(relapsed=True).update(label_visible=False)
    with pytest.raises(CommandError) as caught:
        call_command("run_risk_model")
    message = str(caught.value)
    assert "\n" not in message and "at least 3 known relapsed" in message and "there are 0 and" in message
    assert not RiskModelRun.objects.exists()


def test_it_removes_the_rain_flush_before_measuring_level_and_trend():
    months = np.arange(12.0)
    rain = np.array([[50, 10, 0, 200, 300, 80, 0, 20, 150, 60, 10, 0]] * 3, dtype=float)
    slopes = np.array([0.0, 0.05, 0.1])
    index = 0.2 + slopes[:, None] * months + 0.004 * (rain - rain.mean())
    index[2, 4] = np.nan  # a month without samples
    recent, trend, gamma = water_quality(index, rain, months)
    assert gamma == pytest.approx(0.004)
    assert trend == pytest.approx(slopes)
    assert recent == pytest.approx(0.2 + slopes * 10)  # mean of months 9-11, rain taken out


def test_it_writes_each_reachs_level_and_factors(demo):
    run = run_model()
    red = RiskAssessment.objects.filter(run=run, level=3).select_related("reach").first()
    assert red is not None and red.probability >= 0.7
    assert red.reach.risk_level == 3
    assert len(red.factors) == 3 and {f["name"] for f in red.factors} <= set(NAMES) | {risk.PEER_GROUP}
    assert red.factors[0]["contribution"] > 0
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
    first, second = run_model(), run_model(parameters={"self_training_threshold": 0.95})
    page = client.get(f"/features/{reach.pk}/").content.decode()
    assert f'data-run="{second.pk}"' in page and f'data-run="{first.pk}"' in page
    assert page.index(f'data-run="{second.pk}"') < page.index(f'data-run="{first.pk}"')  # newest first
    top = RiskAssessment.objects.get(run=second, reach=reach).factors[0]["name"]
    history = page.split('class="risk-history"')[1]
    assert f'data-factor="{top}"' in history
    with translation.override("zh-hans"):
        chinese_label = factor_label(top)
    with translation.override("en"):
        assert chinese_label != factor_label(top)
    assert f'data-factor="{top}">{chinese_label}</span>' in history
    english = client.get(f"/features/{reach.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        assert f'data-factor="{top}">{factor_label(top)}</span>' in english.split('class="risk-history"')[1]


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


@pytest.fixture
def viewer(db):
    from geo_server.accounts.models import User
    return User.objects.create_user("viewer", password="x")  # read-only role, no organisation


def test_it_lists_the_stored_runs_newest_first_as_json(demo, client, viewer):
    whole, basin = run_model(), run_model("LXH")
    client.force_login(viewer)
    body = client.get("/api/risk-runs").json()
    assert [r["id"] for r in body["runs"]] == [basin.pk, whole.pk] and body["numberReturned"] == 2
    row = body["runs"][1]
    assert row["version"] == risk.VERSION and row["basin"] is None
    assert row["training_labels"] == len(whole.training_reach_ids) == 30
    assert row["metrics"]["model"]["roc_auc"] == pytest.approx(whole.metrics["model"]["roc_auc"])
    assert row["parameters"]["cv_choice"]["C"] == whole.parameters["cv_choice"]["C"]
    assert row["duration_s"] == whole.duration_s and row["started_at"] == whole.started_at.isoformat()
    assert [r["id"] for r in client.get("/api/risk-runs?basin=LXH").json()["runs"]] == [basin.pk]
    assert [r["id"] for r in client.get("/api/risk-runs?basin=").json()["runs"]] == [whole.pk]
    assert [r["id"] for r in client.get("/api/risk-runs?limit=1").json()["runs"]] == [basin.pk]
    bad = client.get("/api/risk-runs?limit=0")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_limit"
    assert client.get("/api/risk-runs?colour=red").json()["code"] == "unknown_parameter"


def test_it_details_a_run_with_its_assessments_summary_and_404s_an_unknown_one(demo, client):
    from geo_server.accounts.models import User
    run = run_model()
    client.force_login(User.objects.create_superuser("root", password="x"))  # every reach in scope
    body = client.get(f"/api/risk-runs/{run.pk}").json()
    summary = body["assessments"]
    assert summary["count"] == run.assessments.count() == sum(summary["by_level"].values())
    assert summary["by_level"]["red"] == run.assessments.filter(level=3).count()
    assert sum(summary["by_warning_type"].values()) == summary["count"]
    assert sorted(body["training_reach_ids"]) == sorted(run.training_reach_ids)
    missing = client.get(f"/api/risk-runs/{run.pk + 1000}")
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_risk_run"
    client.logout()
    assert client.get("/api/risk-runs").status_code == 401


def test_it_shows_runs_read_only_in_the_admin(demo, client):
    from geo_server.accounts.models import User
    run = run_model()
    client.force_login(User.objects.create_superuser("root", password="x"))
    listing = client.get("/admin/basins/riskmodelrun/").content.decode()
    assert f"{run.metrics['model']['roc_auc']:.3f}" in listing
    assert f"{run.metrics['baseline']['roc_auc']:.3f}" in listing
    detail = client.get(f"/admin/basins/riskmodelrun/{run.pk}/change/")
    assert detail.status_code == 200 and 'class="risk-metrics"' in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/basins/riskmodelrun/add/").status_code == 403
    assert client.post(f"/admin/basins/riskmodelrun/{run.pk}/delete/", {"post": "yes"}).status_code == 403
    assert RiskModelRun.objects.filter(pk=run.pk).exists()
