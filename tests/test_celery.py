"""The Celery app: inline without a broker (tests/test_risk.py runs the task that way), and real
messages on Redis when a broker is configured. The Redis test skips when no server listens."""

import json
import uuid

import pytest
import redis

from basins.tasks import run_risk_model
from geo_server.celery import app

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


def test_it_runs_tasks_inline_when_no_broker_is_configured(settings):
    assert settings.CELERY_BROKER_URL == ""
    assert app.conf.task_always_eager


def test_it_puts_the_task_on_the_redis_queue_when_a_broker_is_configured(redis_client, monkeypatch):
    queue = f"geo_server_test_{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    try:
        with app.connection_for_write(REDIS_URL) as connection:
            result = run_risk_model.apply_async(args=["BASIN-X"], queue=queue, connection=connection)
        [raw] = redis_client.lrange(queue, 0, -1)
        message = json.loads(raw)
        assert message["headers"]["task"] == "basins.run_risk_model"
        assert message["headers"]["id"] == result.id
        assert "BASIN-X" in message["headers"]["argsrepr"]
    finally:
        redis_client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
