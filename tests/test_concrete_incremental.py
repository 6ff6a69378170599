"""The incremental rule path (geo_server/sectors/concrete/incremental.py): inside the request by
default; with CONCRETE_RULES_COALESCE, rounds in one thread that take every plant pending."""

import threading

from geo_server.sectors.concrete import incremental
from geo_server.sectors.concrete.incremental import PlantQueue
from tests.test_concrete_ingest import batch, ndjson, plants, post  # noqa: F401 (the plants fixture)


def test_a_round_takes_every_plant_that_arrived_while_the_last_one_ran():
    rounds, started, release = [], threading.Event(), threading.Event()

    def evaluate(ids):
        rounds.append(ids)
        started.set()
        release.wait(5)

    queue = PlantQueue(evaluate)
    queue.add([3])
    assert started.wait(5)
    queue.add([2, 1])  # while the first round runs
    queue.add([2, 5])
    release.set()
    assert queue.wait_idle(5)
    assert rounds == [[3], [1, 2, 5]]


def test_a_failing_round_leaves_the_thread_judging_the_next():
    rounds = []

    def evaluate(ids):
        rounds.append(ids)
        if ids == [1]:
            raise RuntimeError("a rule's SQL is broken")

    queue = PlantQueue(evaluate)
    queue.add([1])
    assert queue.wait_idle(5)
    queue.add([2])
    assert queue.wait_idle(5)
    assert rounds == [[1], [2]]


def test_with_coalescing_an_upload_hands_its_plants_to_the_queue_after_the_commit(
        client, erin, plants, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "CONCRETE_RULES_COALESCE": True}
    queued, judged = [], []
    monkeypatch.setattr(incremental.QUEUE, "add", queued.append)
    monkeypatch.setattr(incremental, "evaluate_features", judged.append)
    client.force_login(erin)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "batches", ndjson([batch("B1")])).status_code == 201
        assert queued == []
    assert queued == [[plants["P1"].pk]] and judged == []
