"""The one settings module: every value that differs between machines comes from the environment."""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from geo_server.secret_key import read_or_create_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {raw!r}")


def env_json(name: str, default):
    """The variable as JSON; text that is not JSON is kept as text for a system check to report."""
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str, pool_max: int) -> dict:
    """Turn postgres://user:password@host:port/name into a Django DATABASES entry with a connection pool."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "postgis"):
        raise ImproperlyConfigured(f"DATABASE_URL must be a postgres:// URL, got scheme {parts.scheme!r}")
    return {
        "ENGINE": "django.contrib.gis.db.backends.postgis",
        "NAME": unquote(parts.path.lstrip("/")) or "geo_server",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # Connections come from psycopg's pool (one per process, at most pool_max connections) and go
        # back to it at the end of each request; Django refuses CONN_MAX_AGE other than 0 with a pool.
        "CONN_MAX_AGE": 0,
        # JIT off for every statement: compiling cost more than it gained on each query measured
        # (tiles, pages, trace, ingestion merges: 20-170 ms per query, bench/README.md).
        "OPTIONS": {"pool": {"min_size": 1, "max_size": pool_max, "timeout": 10}, "options": "-c jit=off"},
        "TEST": {"NAME": "test_" + (unquote(parts.path.lstrip("/")) or "geo_server")},
    }


def replica_database(url: str) -> dict:
    """The replica without a pool: a pool keeps dead connections to a stopped replica and waits its
    timeout for a new one, where a plain connect is refused at once and the read falls back to the
    primary. One connection per thread, kept a minute and checked at each request."""
    entry = database_from_url(url, pool_max=1)
    entry["OPTIONS"] = {"options": "-c jit=off", "connect_timeout": 2}
    entry.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    # Tests run against the real replica's copy of the test database, never one of their own.
    entry["TEST"] = {"MIRROR": "default"}
    return entry


DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/geo_server"

# No default key: without GEO_SERVER_SECRET_KEY, one is made on the first start and kept in a file.
SECRET_KEY = os.environ.get("GEO_SERVER_SECRET_KEY") or read_or_create_secret_key(
    Path(env_str("GEO_SERVER_SECRET_KEY_FILE", str(BASE_DIR / "var" / "secret_key"))))
DEBUG = env_bool("GEO_SERVER_DEBUG", False)
ALLOWED_HOSTS = env_list("GEO_SERVER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# Behind a reverse proxy that terminates TLS (README, "Deploying behind HTTPS"): trust its
# X-Forwarded-Proto, send cookies only over HTTPS, redirect plain HTTP (the proxy's health check excepted).
behind_tls_proxy = env_bool("GEO_SERVER_BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_tls_proxy else None
SECURE_SSL_REDIRECT = behind_tls_proxy
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SESSION_COOKIE_SECURE = behind_tls_proxy
CSRF_COOKIE_SECURE = behind_tls_proxy
CSRF_FAILURE_VIEW = "geo_server.error_pages.csrf_failure"
CSRF_TRUSTED_ORIGINS = env_list("GEO_SERVER_CSRF_TRUSTED_ORIGINS", "")
# 0 until HTTPS is known to work: browsers remember HSTS for this long and refuse plain HTTP.
SECURE_HSTS_SECONDS = env_int("GEO_SERVER_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GEO_SERVER_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("GEO_SERVER_HSTS_PRELOAD", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "axes",
    "geo_server.accounts",
    "geo_server.audit",
    "geo_server.backup",
    "geo_server.features",
    "geo_server.supervision",
    "geo_server.notifications",
    "geo_server.integrity",
    "geo_server.demo",
    "basins",
    "layers",
    "geo_server.patrols",
    "geo_server.checklists",
    "geo_server.mobile",
    "geo_server.dashboards",
    "geo_server.jobs",
    "geo_server.sectors.buildings",
    "geo_server.sectors.worksites",
    "geo_server.sectors.concrete",
    "geo_server.sectors.funds",
    "geo_server.sectors.waterworks",
]

MIDDLEWARE = [
    "geo_server.security_headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside WhiteNoise: static files stay public; everything else depends on who asks.
    "geo_server.private_cache.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside header authentication, so a locked Basic/Bearer client's 401 becomes a 429, and every
    # 403 below is seen by the audit log.
    "axes.middleware.AxesMiddleware",
    "geo_server.audit.middleware.SecurityEventMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "geo_server.middleware.HeaderAuthenticationMiddleware",
    "geo_server.middleware.LoginRequiredMiddleware",
    "geo_server.middleware.ApiErrorMiddleware",
    # Last: a lag-tolerant view's reads go to the replica only once the user is known (from the primary).
    "geo_server.db_router.ReplicaMiddleware",
]

ROOT_URLCONF = "geo_server.urls"
WSGI_APPLICATION = "geo_server.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "geo_server" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "geo_server.notifications.context.inbox",
                "geo_server.security_headers.csp_nonce",
                "geo_server.sector.nav_pages",
            ],
        },
    },
]

# Pooled per process: gunicorn's workers x GEO_SERVER_DB_POOL_MAX stays well below PostgreSQL's
# max_connections (README, "Deploying behind HTTPS").
DATABASES = {"default": database_from_url(env_str("DATABASE_URL", DEFAULT_DATABASE_URL),
                                          pool_max=env_int("GEO_SERVER_DB_POOL_MAX", 8))}
# A streaming read replica (bin/replica): lag-tolerant reads go there (geo_server/db_router.py).
# Unset: no replica, every read from the primary.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = replica_database(env_str("DATABASE_REPLICA_URL", ""))
    DATABASE_ROUTERS = ["geo_server.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "map"
LOGOUT_REDIRECT_URL = "login"

# The lockout check comes first: a locked account or address is refused before a password is hashed.
AUTHENTICATION_BACKENDS = ["geo_server.accounts.lockout.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
# Failed logins (form, Basic, Bearer) are counted in the database, shared by all worker processes.
AXES_FAILURE_LIMIT = int(env_str("GEO_SERVER_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("GEO_SERVER_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = "geo_server.accounts.lockout.lockout_parameters"
AXES_LOCKOUT_CALLABLE = "geo_server.accounts.lockout_views.lockout_response"
AXES_CLIENT_IP_CALLABLE = "geo_server.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
# Logins are in geo_server's own audit log (SecurityEvent); axes keeps only the failure counts.
AXES_DISABLE_ACCESS_LOG = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [
    BASE_DIR / "geo_server" / "static",
    # Front-end libraries installed from npm by bin/setup (`npm ci`), served from this machine.
    ("vendor/leaflet.vectorgrid", BASE_DIR / "node_modules" / "leaflet.vectorgrid" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STATIC_ROOT = BASE_DIR / "var" / "static"
# collectstatic (run by `make run`) gives every file a content-hashed name and a gzipped copy;
# WhiteNoise serves them with a far-future cache header. Tests use plain names (tests/conftest.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded photos. Never served as open static files: /media/<name> goes through a view that checks
# the user may see the photo's hazard (supervision.photo_views).
MEDIA_ROOT = env_str("GEO_SERVER_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# App options in one namespaced dict (django-leaflet's habit).
GEO_SERVER = {
    # Empty by default: the map works offline on the district layer alone. BASEMAPS lists xyz, wmts,
    # tianditu and mbtiles sources (README, Basemaps); BASEMAP_URL is a one-entry XYZ shorthand.
    # Checked by a system check (geo_server/basemaps.py); JSON that does not parse stays text for it.
    "BASEMAPS": env_json("GEO_SERVER_BASEMAPS", []),
    "BASEMAP_URL": env_str("GEO_SERVER_BASEMAP_URL", ""),
    "BASEMAP_ATTRIBUTION": env_str("GEO_SERVER_BASEMAP_ATTRIBUTION", ""),
    # Set-based rules a full sweep runs at once, each on a database connection of its own (outside a
    # transaction only: inside one, they run in turn on its connection). 1: one after the other.
    "SWEEP_LANES": env_int("GEO_SERVER_SWEEP_LANES", 2),
    "API_PAGE_SIZE": 1000,
    "API_MAX_PAGE_SIZE": 10000,
    # OGC API items: default and maximum `limit`. A page's numberMatched is exact up to the count
    # limit and left out above it: counting 840,000 rows on every page costs ~100 ms, 10,000 ~3 ms.
    # `resultType=hits` gives the exact count on request.
    "OGC_PAGE_SIZE": 10,
    "OGC_MAX_PAGE_SIZE": 10000,
    "OGC_EXACT_COUNT_LIMIT": 10_000,
    "MAP_CENTER": (23.13, 113.35),
    "MAP_ZOOM": 9,
    # A drawn or uploaded export polygon larger than this is refused (413); below Django's
    # DATA_UPLOAD_MAX_MEMORY_SIZE, so a large JSON body meets this limit first.
    "EXPORT_MAX_UPLOAD_BYTES": 2 * 1024 * 1024,
    # Rendered tiles stay in Django's cache, keyed by data version, this long; 0 turns the cache off.
    "TILE_CACHE_SECONDS": int(env_str("GEO_SERVER_TILE_CACHE_SECONDS", "600")),
    # Dashboard panels' data is shared this long by users of one scope (dashboards/panel_cache.py); 0: off.
    "DASHBOARD_CACHE_SECONDS": env_int("GEO_SERVER_DASHBOARD_CACHE_SECONDS", 30),
    # Read replica (DATABASE_REPLICA_URL): after a write, that user's reads stay on the primary this
    # long (longer than the replica's usual lag); an unreachable replica is skipped this long.
    "REPLICA_STICKY_SECONDS": env_int("GEO_SERVER_REPLICA_STICKY_SECONDS", 5),
    "REPLICA_BACKOFF_SECONDS": env_int("GEO_SERVER_REPLICA_BACKOFF_SECONDS", 10),
    # Time-series tables partitioned by month (geo_server/partitions.py): create_partitions makes
    # this many months ahead; drop_old_partitions keeps, per table, this many months before the
    # current one (a table not named is kept whole: wage records are evidence for years).
    # JSON, e.g. {"buildings_reading": 36}.
    "PARTITION_MONTHS_AHEAD": env_int("GEO_SERVER_PARTITION_MONTHS_AHEAD", 3),
    "PARTITION_RETENTION": env_json("GEO_SERVER_PARTITION_RETENTION", {}),
    # Patrol zones: smaller than a hectare is a drawing slip; larger than 500 km² (a big district,
    # Tianhe is ~137 km²) cannot be walked as one zone.
    "ZONE_MIN_AREA_M2": 10_000,
    "ZONE_MAX_AREA_M2": 500_000_000,
    # Share of a zone's area allowed outside the organisation's jurisdiction: a border drawn by
    # hand at street zoom strays a few metres over it.
    "ZONE_OUTSIDE_TOLERANCE": 0.01,
    # Overlaps smaller than this (m²) are shared borders, not overlaps.
    "ZONE_OVERLAP_TOLERANCE_M2": 1.0,
    "ZONE_MAX_UPLOAD_BYTES": 5 * 1024 * 1024,
    # Photos: a phone's full-size JPEG is 2-8 MB. Pixels are capped apart from bytes: a small
    # compressed file can declare a huge canvas (decompression bomb); 64 MP is 8000 x 8000.
    "PHOTO_MAX_BYTES": 10 * 1024 * 1024,
    "PHOTO_MAX_PIXELS": 64_000_000,
    "PHOTO_THUMBNAIL_PX": 320,
    # Where this server is reached from outside: webhook bodies link to hazard pages under it.
    "PUBLIC_URL": env_str("GEO_SERVER_PUBLIC_URL", "http://127.0.0.1:8000"),
    # Outgoing webhooks: seconds to wait for a receiver, and between attempts (1 min, 5 min, 30 min,
    # 2 h); one attempt more than there are waits, then the delivery gives up.
    "WEBHOOK_TIMEOUT_SECONDS": 10,
    "WEBHOOK_BACKOFF_SECONDS": (60, 300, 1800, 7200),
    # [D] Days the supervising office has to dispatch a raised hazard, by level (3 red, 2 orange,
    # 1 yellow): a red one by the next day, an orange one within three, a yellow one within a week (a
    # district office's weekly hazard meeting). Past it the hazard is overdue (supervision/deadlines.py).
    "DISPATCH_DAYS": {3: 1, 2: 3, 1: 7},
    # The integrity score (诚信分) every organisation starts from; the weights are in the admin.
    "INTEGRITY_START_SCORE": 100,
    # Reverse proxies (nginx) in front that append to X-Forwarded-For; 0: REMOTE_ADDR is the client.
    # Login lockouts and the audit log count per client address, so this must match the deployment:
    # one proxy by default behind TLS, else every client would share the proxy's address.
    "TRUSTED_PROXIES": env_int("GEO_SERVER_TRUSTED_PROXIES", 1 if behind_tls_proxy else 0),
    # The key of the keyed hash (HMAC-SHA256) that stands for ID and bank-account numbers. Apart from
    # SECRET_KEY: rotating the session key must not orphan every stored hash. Made once into a file.
    "ID_HASH_KEY": os.environ.get("GEO_SERVER_ID_HASH_KEY") or read_or_create_secret_key(
        Path(env_str("GEO_SERVER_ID_HASH_KEY_FILE", str(BASE_DIR / "var" / "id_hash_key")))),
    # Construction wages (DOMAIN.md §3): Guangzhou's minimum monthly wage from March 2025 [S as
    # remembered], and the paid days a month the daily minimum divides by [S: 21.75].
    "MIN_MONTHLY_WAGE": env_int("GEO_SERVER_MIN_MONTHLY_WAGE", 2500),
    # Attendance, payment and inflow uploads are streamed; past this many bytes (inflated) a 413.
    "WAGE_UPLOAD_MAX_BYTES": env_int("GEO_SERVER_WAGE_UPLOAD_MAX_BYTES", 2 * 1024**3),
    # Concrete plants' production feeds (batches, batching records, lots, tests): the same, per request.
    "CONCRETE_UPLOAD_MAX_BYTES": env_int("GEO_SERVER_CONCRETE_UPLOAD_MAX_BYTES", 1024**3),
    # Judge an upload's plants in a background round per web process (answer first) instead of
    # inside the request: at tens of batches a second, rounds coalesce them (concrete/incremental.py).
    "CONCRETE_RULES_COALESCE": env_bool("GEO_SERVER_CONCRETE_RULES_COALESCE", False),
    # A job's progress reports are written at most this often (each write is also its cancel check).
    "JOB_PROGRESS_INTERVAL_MS": env_int("GEO_SERVER_JOB_PROGRESS_INTERVAL_MS", 1000),
}

# Celery: with no broker configured, tasks run inline (task_always_eager), so nothing needs Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "geo_server"
CELERY_TIMEZONE = TIME_ZONE
# A job's message is acknowledged when it ends, and handed back if its worker dies: another worker
# runs it again (geo_server/jobs/progress.py takes a running job back). One message at a time each.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Used by `celery -A geo_server beat` when a broker exists; without one, cron the commands instead.
CELERY_BEAT_SCHEDULE = {
    "evaluate-rules-nightly": {"task": "supervision.evaluate_rules", "schedule": crontab(hour=1, minute=30)},
    "escalate-overdue-daily": {"task": "supervision.escalate_overdue", "schedule": crontab(hour=6, minute=0)},
    "retry-webhooks": {"task": "notifications.retry_webhooks", "schedule": 60.0},
    # Risk drives patrols: the model weekly (before Monday's tasks), the tasks of each new period daily.
    "risk-model-weekly": {"task": "basins.run_risk_model", "schedule": crontab(hour=0, minute=20, day_of_week=1)},
    "patrol-tasks-daily": {"task": "patrols.generate_tasks", "schedule": crontab(hour=0, minute=40)},
    "tile-cells-nightly": {"task": "layers.refresh_tile_cells", "schedule": crontab(hour=2, minute=0)},
}

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": GEO_SERVER["MAP_CENTER"],
    "DEFAULT_ZOOM": GEO_SERVER["MAP_ZOOM"],
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 19,
    "TILES": (
        [("basemap", GEO_SERVER["BASEMAP_URL"], {"attribution": GEO_SERVER["BASEMAP_ATTRIBUTION"]})]
        if GEO_SERVER["BASEMAP_URL"]
        else []
    ),
    "ATTRIBUTION_PREFIX": "geo_server",
    "RESET_VIEW": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GEO_SERVER_LOG_LEVEL", "INFO")},
    # pyogrio tells every file write at INFO ("Created N records"): noise for batched exports.
    "loggers": {"pyogrio": {"level": "WARNING"},
                # axes tells every attempt at INFO; the audit log (SecurityEvent) keeps them.
                "axes": {"level": "WARNING"},
                # WeasyPrint tells its seven layout steps of every report PDF at INFO.
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Debian 12's GDAL 3.6 cannot sandbox spatial-reference lookups (gis.W001). geo_server never hands
# GDAL a CRS from user input except as an EPSG code from a fixed allowlist, so the warning is moot.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
