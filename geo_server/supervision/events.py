"""The supervision loop's event hook: whoever needs to hear about a hazard event (the inbox, the
webhooks, the integrity score) subscribes here from its AppConfig.ready(); the core publishes.

An event is a saved HazardEvent: a transition, a hazard raised by a sweep (action "raise"), or one
of the overdue sweep's records ("overdue", "escalate"). Subscribers are called with a list of
events, so a sweep that raises ten thousand hazards hands them over at once and each subscriber
handles the batch set-based. They run after the transaction commits (`transaction.on_commit`),
so they never see a transition that rolled back, and each runs in its own atomic block: a failing
subscriber is logged and never undoes the transition or stops the other subscribers.
"""

import logging
from collections.abc import Callable, Iterable, Sequence

from django.db import transaction

from geo_server.supervision.states import TRANSITIONS

logger = logging.getLogger(__name__)

# Events that are not transitions a user takes.
SYSTEM_ACTIONS = ("raise", "overdue", "escalate")
ACTIONS = ("raise", *TRANSITIONS, "overdue", "escalate")

Subscriber = Callable[[Sequence], None]
_subscribers: list[Subscriber] = []


def subscribe(fn: Subscriber) -> Subscriber:
    """Register fn(events: list[HazardEvent]); registering the same function twice is a no-op."""
    if fn not in _subscribers:
        _subscribers.append(fn)
    return fn


def unsubscribe(fn: Subscriber) -> None:
    if fn in _subscribers:
        _subscribers.remove(fn)


def subscribers() -> list[Subscriber]:
    return list(_subscribers)


def publish(event) -> None:
    publish_many([event])


def publish_many(events: Iterable) -> None:
    """Hand the events to every subscriber once the current transaction commits (at once when
    there is none)."""
    batch = list(events)
    if batch:
        transaction.on_commit(lambda: deliver(batch))


def deliver(batch: list) -> None:
    for fn in subscribers():
        try:
            with transaction.atomic():
                fn(batch)
        except Exception:
            logger.exception("hazard event subscriber %s failed on %d event(s), first %s",
                             getattr(fn, "__qualname__", fn), len(batch), getattr(batch[0], "pk", None))
