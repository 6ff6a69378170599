"""Outgoing webhooks: every hazard event that concerns an organisation is POSTed as JSON to its
active endpoints, signed, retried with backoff, each attempt logged.

The body is fixed when the delivery is created and sent byte for byte on every attempt, so the
signature `X-GeoServer-Signature: sha256=<hex HMAC-SHA256 of the body with the endpoint's secret>`
and the event id (`X-GeoServer-Event-Id`, the same for every endpoint and attempt, for receivers
to drop duplicates) never change; `X-GeoServer-Timestamp` is the attempt's time (Unix seconds).
A 2xx answer delivers; anything else (another status, a redirect, a refused connection, a
timeout) is logged and retried after 1 min, 5 min, 30 min and 2 h; the fifth failure gives up.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from http.client import HTTPException

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from geo_server.features.kinds import RiskLevel
from geo_server.notifications import audience
from geo_server.notifications.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from geo_server.supervision.models import HazardEvent

CHUNK = 5000
# A task started by a countdown may wake a little early.
DUE_TOLERANCE = timedelta(seconds=5)


def backoff() -> tuple[int, ...]:
    """Seconds to wait after each failed attempt; one attempt more than there are waits."""
    return tuple(settings.GEO_SERVER["WEBHOOK_BACKOFF_SECONDS"])


def max_attempts() -> int:
    return len(backoff()) + 1


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def on_events(events) -> None:
    """Subscriber (apps.py): a delivery per (event, concerned endpoint), sent after the commit."""
    if not WebhookEndpoint.objects.filter(active=True).exists():
        return  # the common case: a sweep's thousands of raises, and nobody listening
    ids = [event.pk for event in events]
    created = []
    for start in range(0, len(ids), CHUNK):
        pairs = audience.webhook_targets(ids[start:start + CHUNK])
        if not pairs:
            continue
        bodies = {event.pk: body(event) for event in _events({event_id for event_id, _ in pairs})}
        now = timezone.now()
        created += WebhookDelivery.objects.bulk_create(
            WebhookDelivery(endpoint_id=endpoint_id, event_id=event_id, event_type=bodies[event_id][0],
                            body=bodies[event_id][1], next_attempt_at=now, created_at=now)
            for event_id, endpoint_id in pairs)
    if created:
        delivery_ids = [delivery.pk for delivery in created]
        transaction.on_commit(lambda: enqueue(delivery_ids), robust=True)


def enqueue(delivery_ids: list[int]) -> None:
    from geo_server.notifications.tasks import deliver_webhook

    for pk in delivery_ids:
        deliver_webhook.delay(pk)


def _events(event_ids):
    return (HazardEvent.objects.filter(pk__in=event_ids)
            .select_related("actor", "hazard__feature", "hazard__district", "hazard__responsible_organisation")
            .defer("hazard__geom", "hazard__feature__geom", "hazard__district__geom",
                   "hazard__responsible_organisation__jurisdiction"))


def payload(event: HazardEvent) -> dict:
    hazard = event.hazard
    organisation = hazard.responsible_organisation
    path = reverse("hazard-page", args=[hazard.pk])
    return {
        "id": str(event.pk), "type": event.action, "occurred_at": event.at.isoformat(),
        "hazard": {
            "id": hazard.pk, "url": settings.GEO_SERVER["PUBLIC_URL"].rstrip("/") + path,
            "rule": hazard.rule_code, "kind": hazard.kind, "level": RiskLevel(hazard.level).name.lower(),
            "state": hazard.state, "version": hazard.version,
            "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
            "message": {"zh": hazard.message_zh, "en": hazard.message_en},
            "feature": {"id": hazard.feature_id, "code": hazard.feature.code, "name": hazard.feature.name},
            "district": ({"code": hazard.district.code, "name": hazard.district.name} if hazard.district else None),
            "organisation": {"id": organisation.pk, "name": organisation.name} if organisation else None,
        },
        "event": {"action": event.action, "from": event.from_state, "to": event.to_state,
                  "actor": event.actor.username if event.actor else None, "reason": event.reason,
                  "data": event.data},
    }


def body(event: HazardEvent) -> tuple[str, str]:
    return event.action, json.dumps(payload(event), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer the receiver must fix, not one to follow with the signed body."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(url: str, data: bytes, headers: dict, timeout: float) -> tuple[int | None, str]:
    """(status code or None, error text); never raises for network trouble."""
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(64 * 1024)
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code} {error.reason}"
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return None, f"timeout after {timeout:g} s"
        return None, f"connection failed: {error.reason}"
    except TimeoutError:
        return None, f"timeout after {timeout:g} s"
    except (OSError, HTTPException) as error:
        return None, f"{type(error).__name__}: {error}"


def headers_for(delivery: WebhookDelivery, data: bytes) -> dict:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "geo_server-webhooks/1",
        "X-GeoServer-Event": delivery.event_type,
        "X-GeoServer-Event-Id": str(delivery.event_id),
        "X-GeoServer-Delivery": str(delivery.pk),
        "X-GeoServer-Timestamp": str(int(time.time())),
        "X-GeoServer-Signature": sign(delivery.endpoint.secret, data),
    }


def attempt(delivery_id: int, due_by=None) -> WebhookAttempt | None:
    """POST a pending delivery if it is due (by `due_by`, default now); log the attempt and set the
    next one. The row stays locked during the POST, so two workers never send it twice."""
    due_by = due_by or timezone.now()
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("endpoint").filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).first())
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > due_by + DUE_TOLERANCE):
            return None
        number = delivery.attempts + 1
        if delivery.endpoint.active:
            data = delivery.body.encode()
            started = time.monotonic()
            status, error = post(delivery.endpoint.url, data, headers_for(delivery, data),
                                 settings.GEO_SERVER["WEBHOOK_TIMEOUT_SECONDS"])
            duration_ms = round((time.monotonic() - started) * 1000)
        else:
            status, error, duration_ms = None, "endpoint deactivated", 0
        now = timezone.now()
        delivered = status is not None and 200 <= status < 300
        next_at = None
        if delivered:
            delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, now
        elif number >= max_attempts() or not delivery.endpoint.active:
            delivery.status = WebhookDelivery.Status.FAILED
        else:
            next_at = now + timedelta(seconds=backoff()[number - 1])
        delivery.attempts, delivery.next_attempt_at = number, next_at
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "delivered_at"])
        logged = WebhookAttempt.objects.create(delivery=delivery, number=number, at=now, status_code=status,
                                               error=error, duration_ms=duration_ms, next_retry_at=next_at)
        if next_at is not None:
            transaction.on_commit(lambda: _schedule(delivery.pk, next_at), robust=True)
    return logged


def _schedule(delivery_id: int, at, **options) -> None:
    """With a broker, the retry waits on the queue; inline (no broker) the periodic retry_due does it."""
    from geo_server.celery import app
    from geo_server.notifications.tasks import deliver_webhook

    if not app.conf.task_always_eager:
        deliver_webhook.apply_async((delivery_id,), eta=at, **options)


def retry_due(now=None, limit: int = 500) -> list[WebhookAttempt]:
    """Attempt every pending delivery whose next attempt is due by `now` (the periodic task)."""
    now = now or timezone.now()
    due = list(WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    return [logged for pk in due if (logged := attempt(pk, due_by=now)) is not None]
