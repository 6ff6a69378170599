"""A panel's data shared for a short while by the users who see the same rows.

Dashboards are lag-tolerant reads (they may already come from a replica a few seconds behind), and a
panel over a city's million features costs 0.1-0.7 s of database time at scale 200
(bench/README.md, "Seventh session"): fifty officers opening the same dashboard need not each pay it.

A panel's data depends on the user only through scope_features, which depends only on the user's
organisation (its type and jurisdiction) or on being a superuser; so the entry is keyed by that
scope, the panel, the filters and the language, and every user of one office shares it. The entry
lives DASHBOARD_CACHE_SECONDS (0: no cache); the answer's Age header says how old it is. A user who
has just written (the replica router's sticky cookie) gets fresh data, as their reads then come
from the primary.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from geo_server.features.scoping import scope_key
from geo_server.sector import Dashboard, DashboardFilter, DashboardPanel

# A request waits this long for another one computing the same entry (a panel takes up to ~1 s at
# scale 200 under load), checking every POLL_SECONDS.
COMPUTE_WAIT_SECONDS = 5
POLL_SECONDS = 0.02


def cache_key(user, dashboard: Dashboard, panel: DashboardPanel, filters: DashboardFilter) -> str:
    parts = (dashboard.id, panel.id, scope_key(user), str(filters.start), str(filters.end), filters.area or "",
             get_language() or "")
    return "dashboard-panel:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def panel_data(user, dashboard: Dashboard, panel: DashboardPanel, filters: DashboardFilter, *,
               fresh: bool = False) -> tuple[dict, int]:
    """(the panel's data, its age in whole seconds): from the cache unless `fresh` or the cache is
    off, else computed now (age 0) and kept for the next user of the same scope.

    One request computes a missing entry while the others asking for it at the same time wait for
    it (at most COMPUTE_WAIT_SECONDS, then compute it themselves): when a popular entry expires
    under load, the database runs the panel once, not once per waiting user."""
    seconds = settings.GEO_SERVER["DASHBOARD_CACHE_SECONDS"]
    if seconds <= 0:
        return panel.data(user, filters), 0
    key = cache_key(user, dashboard, panel, filters)
    if not fresh:
        entry = _cached(key)
        if entry is None and not cache.add(f"{key}:computing", 1, COMPUTE_WAIT_SECONDS):
            deadline = time.monotonic() + COMPUTE_WAIT_SECONDS
            while entry is None and time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)
                entry = _cached(key)
        if entry is not None:
            return entry
    try:
        data = panel.data(user, filters)
        cache.set(key, (time.time(), data), seconds)
    finally:
        cache.delete(f"{key}:computing")
    return data, 0


def _cached(key: str) -> tuple[dict, int] | None:
    entry = cache.get(key)
    if entry is None:
        return None
    computed_at, data = entry
    return data, max(0, int(time.time() - computed_at))
