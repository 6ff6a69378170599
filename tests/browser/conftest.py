"""Real headless Chromium against pytest-django's live server.

The live server needs transactional_db, whose flush after each test empties every table,
the session-loaded areas included; the `areas` fixture puts them back for the next test.
"""

import importlib
import os
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection

from geo_server.features.models import AdminArea

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def is_local(url: str) -> bool:
    """A request that stays on this machine: the live server, a page's own blob: or data: URL, or the
    browser's own files (chrome: and chrome-extension:, e.g. its PDF viewer showing a kept document)."""
    parts = urlsplit(url)
    return parts.scheme in ("blob", "data", "chrome", "chrome-extension") or parts.hostname in LOCAL_HOSTS


# Reference rows that data migrations seed, which the flush also empties: (migration module, function).
SEEDS = (("geo_server.patrols.migrations.0002_zone_matrix_and_tiles", "seed"),
         ("basins.migrations.0005_seed_patrol_matrix", "seed"),
         ("geo_server.checklists.migrations.0002_seed_templates", "seed"),
         ("geo_server.integrity.migrations.0002_default_weights", "add_defaults"))
SEEDED_MODELS = ("patrols.ZoneRequirement", "basins.PatrolRequirement", "checklists.ChecklistTemplate",
                 "integrity.ScoreWeight")


@pytest.fixture(autouse=True)
def areas(transactional_db):
    """Autouse, so areas (and the migrations' reference rows) exist before any persona fixture looks
    up its jurisdiction."""
    if not AdminArea.objects.filter(level=AdminArea.Level.STREET).exists():
        call_command("load_areas", verbosity=0)
    if not all(django_apps.get_model(name).objects.exists() for name in SEEDED_MODELS):
        for module, function in SEEDS:
            getattr(importlib.import_module(module), function)(django_apps, None)


QUIET_SQL = """SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
AND state IN ('active', 'idle in transaction')"""


@pytest.fixture(autouse=True)
def quiet_database_before_flush(transactional_db):
    """Set up after transactional_db, torn down before its flush and after the pages' contexts close:
    waits until the live server has finished the requests a closed page left in flight (a tile query
    still running when the flush's TRUNCATE starts deadlocks with it)."""
    yield
    quiet_since, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(QUIET_SQL)
            busy = cursor.fetchone()[0]
        now = time.monotonic()
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= 0.3:
            return
        time.sleep(0.05)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run bin/setup --browser")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Problems:
    """What a page did wrong: console errors, uncaught exceptions and requests off this machine."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


@pytest.fixture
def problems():
    return Problems()


@pytest.fixture
def page(browser, live_server, problems):
    # zh-CN makes Django pick zh-hans, the site's own language.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: message.type == "error" and problems.console_errors.append(message.text))
    page.on("pageerror", lambda error: problems.console_errors.append(str(error)))

    def only_local(route):
        # Nothing may leave the machine (no CDN, no tiles); abort it and remember it.
        if is_local(route.request.url):
            route.continue_()
        else:
            problems.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    yield page
    context.close()

