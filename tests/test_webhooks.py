"""Outgoing webhooks against a real HTTP server started in the test: signed bodies, the delivery
log, retries with backoff (the retry function is called with a later clock, nothing sleeps),
timeouts, giving up, and the retry scheduled on the real Redis broker."""

import hashlib
import hmac
import json
import threading
import time
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from geo_server.accounts.models import Organisation
from geo_server.notifications import webhooks
from geo_server.notifications.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from geo_server.supervision.models import HazardEvent
from tests.conftest import area
from tests.loop import act, committed, raise_hazard


class Receiver:
    """A local HTTP server answering each POST with the next status of `statuses` (then 200),
    after `delay` seconds; it keeps every request's headers and body."""

    def __init__(self, statuses=(), delay=0.0):
        self.statuses, self.delay, self.requests = list(statuses), delay, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((self.headers, body))  # case-insensitive names
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/geo"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hazard(tianhe_office, enterprise):
    return raise_hazard(organisation=enterprise)


def endpoint(organisation, url, **fields):
    return WebhookEndpoint.objects.create(organisation=organisation, url=url, **fields)


def test_it_posts_a_signed_event_to_the_responsible_organisations_endpoint(client, hazard, enterprise, bob):
    with Receiver() as receiver:
        hook = endpoint(enterprise, receiver.url)
        act(client, bob, hazard.pk, "dispatch")
    [(headers, body)] = receiver.requests
    expected = "sha256=" + hmac.new(hook.secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-GeoServer-Signature"], expected)
    event = HazardEvent.objects.get(hazard=hazard, action="dispatch")
    assert headers["X-GeoServer-Event-Id"] == str(event.pk) and headers["X-GeoServer-Event"] == "dispatch"
    assert abs(int(headers["X-GeoServer-Timestamp"]) - time.time()) < 60
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    payload = json.loads(body)
    assert (payload["id"], payload["type"], payload["hazard"]["id"], payload["hazard"]["state"]) == (
        str(event.pk), "dispatch", hazard.pk, "dispatched")
    assert payload["hazard"]["url"].endswith(f"/hazards/{hazard.pk}/")
    assert payload["event"]["actor"] == "bob" and payload["hazard"]["organisation"]["id"] == enterprise.pk
    delivery = WebhookDelivery.objects.get(endpoint=hook)
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("delivered", 1, None)
    [logged] = delivery.log.all()
    assert (logged.number, logged.status_code, logged.error, logged.next_retry_at) == (1, 200, "", None)
    assert logged.duration_ms >= 0
    # A tampered body does not verify.
    assert not hmac.compare_digest(
        headers["X-GeoServer-Signature"],
        "sha256=" + hmac.new(hook.secret.encode(), body + b" ", hashlib.sha256).hexdigest())


def test_it_posts_to_the_supervising_office_and_not_to_unconcerned_or_inactive_endpoints(
        client, hazard, tianhe_office, bob):
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    with Receiver() as receiver:
        supervising = endpoint(tianhe_office, receiver.url + "?who=tianhe")
        endpoint(haizhu, receiver.url + "?who=haizhu")
        endpoint(tianhe_office, receiver.url + "?who=off", active=False)
        only_replies = endpoint(tianhe_office, receiver.url + "?who=replies", event_types=["reply"])
        act(client, bob, hazard.pk, "dispatch")
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().endpoint == supervising
    assert not WebhookDelivery.objects.filter(endpoint=only_replies).exists()


def test_it_retries_a_failed_delivery_with_backoff_and_logs_every_attempt(client, hazard, enterprise, bob):
    with Receiver(statuses=[500]) as receiver:
        endpoint(enterprise, receiver.url)
        act(client, bob, hazard.pk, "dispatch")
        delivery = WebhookDelivery.objects.get()
        first = delivery.log.get()
        assert (delivery.status, delivery.attempts, first.status_code, first.error) == (
            "pending", 1, 500, "HTTP 500 Internal Server Error")
        assert first.next_retry_at - first.at == timedelta(minutes=1)
        assert webhooks.retry_due() == []  # not due yet
        [second] = webhooks.retry_due(now=timezone.now() + timedelta(minutes=2))
    delivery.refresh_from_db()
    assert (second.number, second.status_code, second.next_retry_at) == (2, 200, None)
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    [(headers1, body1), (headers2, body2)] = receiver.requests
    assert body1 == body2 and headers1["X-GeoServer-Event-Id"] == headers2["X-GeoServer-Event-Id"]
    assert headers1["X-GeoServer-Signature"] == headers2["X-GeoServer-Signature"]
    assert webhooks.retry_due(now=timezone.now() + timedelta(days=1)) == []


def test_it_logs_a_timeout_and_gives_up_after_five_attempts(client, hazard, enterprise, bob, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "WEBHOOK_TIMEOUT_SECONDS": 0.3}
    with Receiver(statuses=[503] * 9, delay=0.0) as receiver:
        endpoint(enterprise, receiver.url)
        receiver.delay = 1.0
        act(client, bob, hazard.pk, "dispatch")
        receiver.delay = 0.0
        clock = timezone.now()
        for _ in range(6):
            clock += timedelta(hours=3)
            webhooks.retry_due(now=clock)
    delivery = WebhookDelivery.objects.get()
    log = list(delivery.log.all())
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 5, None)
    assert [a.number for a in log] == [1, 2, 3, 4, 5]
    assert (log[0].status_code, log[0].error) == (None, "timeout after 0.3 s")
    assert 250 <= log[0].duration_ms < 1000
    assert [a.status_code for a in log[1:]] == [503] * 4
    assert [round((a.next_retry_at - a.at).total_seconds()) for a in log[:4]] == [60, 300, 1800, 7200]
    assert log[4].next_retry_at is None


def test_it_logs_a_refused_connection(client, hazard, enterprise, bob):
    with Receiver() as receiver:
        url = receiver.url
    endpoint(enterprise, url)  # the server is gone: nothing listens on that port
    act(client, bob, hazard.pk, "dispatch")
    logged = WebhookAttempt.objects.get()
    assert logged.status_code is None and logged.error.startswith("connection failed")
    assert logged.next_retry_at is not None


def test_it_delivers_each_event_once_per_endpoint_even_if_published_twice(client, hazard, enterprise, bob):
    from geo_server.supervision.events import deliver

    with Receiver() as receiver:
        endpoint(enterprise, receiver.url)
        act(client, bob, hazard.pk, "dispatch")
        with committed():
            deliver([HazardEvent.objects.get(hazard=hazard, action="dispatch")])
    assert len(receiver.requests) == 1 and WebhookDelivery.objects.count() == 1


def test_the_admin_edits_an_endpoints_event_types(client, enterprise):
    from tests.conftest import make_user

    client.force_login(make_user("root", None, "supervisor", is_staff=True, is_superuser=True))
    response = client.post("/admin/notifications/webhookendpoint/add/", {
        "organisation": enterprise.pk, "url": "https://example.org/hook", "secret": "s3cret", "active": "on",
        "event_types": ["dispatch", "overdue"], "description": "ERP"})
    assert response.status_code == 302
    hook = WebhookEndpoint.objects.get()
    assert (hook.event_types, hook.secret) == (["dispatch", "overdue"], "s3cret")
    bad = client.post("/admin/notifications/webhookendpoint/add/", {
        "organisation": enterprise.pk, "url": "ftp://example.org/hook", "secret": "x", "event_types": []})
    assert bad.status_code == 200 and WebhookEndpoint.objects.count() == 1


REDIS_URL = "redis://127.0.0.1:6379/15"


def test_with_a_broker_the_retry_waits_on_the_redis_queue(client, hazard, enterprise, bob, monkeypatch):
    import redis

    from geo_server.celery import app

    redis_client = redis.Redis.from_url(REDIS_URL)
    try:
        redis_client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    with Receiver(statuses=[502]) as receiver:
        endpoint(enterprise, receiver.url)
        act(client, bob, hazard.pk, "dispatch")
    delivery = WebhookDelivery.objects.get()
    queue = f"geo_server_test_{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    try:
        with app.connection_for_write(REDIS_URL) as connection:
            webhooks._schedule(delivery.pk, delivery.next_attempt_at, queue=queue, connection=connection)
        [raw] = redis_client.lrange(queue, 0, -1)
        message = json.loads(raw)
        assert message["headers"]["task"] == "notifications.deliver_webhook"
        assert message["headers"]["eta"] == delivery.next_attempt_at.isoformat()
        assert str(delivery.pk) in message["headers"]["argsrepr"]
    finally:
        redis_client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
