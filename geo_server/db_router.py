"""Lag-tolerant reads to the read replica, everything else to the primary (docs/scale-out.md).

A view says it only reads, and may read a few seconds late, by `@lag_tolerant` (tiles, OGC items,
exports, dashboards); ReplicaMiddleware turns that mark into this request's routing. The mark sits
on the view itself (like csrf_exempt), not in a list of URLs kept elsewhere: it moves with the view,
and the core never names a URL of `layers/`. Everything else, and every write, goes to the primary.
A user who has just written (a successful POST, PUT, PATCH or DELETE) carries a signed cookie
that keeps their reads on the primary for REPLICA_STICKY_SECONDS, so they see their own write; the
cookie is set without a replica too while dashboard panels are cached (their cache skips it then).
When the replica cannot be reached, the read goes to the primary, with one log line, and the
replica is skipped for REPLICA_BACKOFF_SECONDS. Without DATABASE_REPLICA_URL there is no "replica"
alias and every read goes to the primary as before.

Raw SQL names its connection itself: a lag-tolerant read takes `read_connection()` (and
`read_alias()` for its transaction) instead of django.db.connection.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.core import signing
from django.core.signals import request_finished
from django.db import DatabaseError, connections

PRIMARY = "default"
REPLICA = "replica"
STICKY_COOKIE = "geo_server_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Identity, security and job tables always come from the primary: a session or token made a moment
# ago must be found, a lockout or a revoked token seen at once.
PRIMARY_ONLY_APPS = frozenset({"admin", "auth", "contenttypes", "sessions", "accounts", "axes", "audit", "jobs"})

log = logging.getLogger("geo_server.db")
_reads_may_lag: ContextVar[bool] = ContextVar("reads_may_lag", default=False)
_replica_down_until = 0.0  # time.monotonic(); per process


def lag_tolerant(view):
    """Mark a view whose reads may come a few seconds late from the replica."""
    view.lag_tolerant = True
    return view


def replica_configured() -> bool:
    return REPLICA in connections.settings


def read_alias() -> str:
    """The alias this request's lag-tolerant reads use: the replica when the request may lag and the
    replica answers, else the primary."""
    global _replica_down_until
    if not _reads_may_lag.get() or not replica_configured() or time.monotonic() < _replica_down_until:
        return PRIMARY
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as error:
        seconds = settings.GEO_SERVER["REPLICA_BACKOFF_SECONDS"]
        _replica_down_until = time.monotonic() + seconds
        log.warning("read replica unreachable, reading from the primary for %s s: %s", seconds,
                    str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
        return PRIMARY
    return REPLICA


def read_connection():
    return connections[read_alias()]


class ReplicaRouter:
    """DATABASE_ROUTERS entry (set when DATABASE_REPLICA_URL is)."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        return read_alias()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both: the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def just_wrote(request) -> bool:
    """The user wrote within REPLICA_STICKY_SECONDS (the signed cookie the middleware sets)."""
    try:
        until = request.get_signed_cookie(STICKY_COOKIE, salt=STICKY_COOKIE)
        return time.time() < float(until)
    except (KeyError, ValueError, signing.BadSignature):
        return False


class ReplicaMiddleware:
    """Routes a marked view's GET/HEAD reads to the replica, unless the user has just written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _reads_may_lag.set(False)
        response = self.get_response(request)
        writes = request.method not in SAFE_METHODS and not getattr(request, "lag_tolerant", False)
        # Also without a replica: cached dashboard panels (dashboards/panel_cache.py) skip the cache for it.
        if writes and response.status_code < 400 and (
                replica_configured() or settings.GEO_SERVER["DASHBOARD_CACHE_SECONDS"] > 0):
            seconds = settings.GEO_SERVER["REPLICA_STICKY_SECONDS"]
            response.set_signed_cookie(STICKY_COOKIE, str(time.time() + seconds), salt=STICKY_COOKIE,
                                       max_age=seconds, httponly=True, samesite="Lax",
                                       secure=settings.SESSION_COOKIE_SECURE)
        if not response.streaming:
            _reads_may_lag.set(False)
        return response  # a streamed body reads while it is sent; request_finished ends the routing

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A marked view only reads, whatever its method (an export POSTs its polygon).
        request.lag_tolerant = getattr(view_func, "lag_tolerant", False)
        if request.lag_tolerant and replica_configured() and not just_wrote(request):
            # What Django does to every connection when a request starts (its test client skips it):
            # a replica that went away since the last request is noticed now, not by a failing query.
            connections[REPLICA].close_if_unusable_or_obsolete()
            _reads_may_lag.set(True)
        return None


def _end_routing(**kwargs):
    _reads_may_lag.set(False)


request_finished.connect(_end_routing, dispatch_uid="geo_server.db_router.end_routing")
