"""The one settings module: every value that differs between machines comes from the environment."""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

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


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn postgres://user:password@host:port/name into a Django DATABASES entry."""
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
        "CONN_MAX_AGE": 60,
        "TEST": {"NAME": "test_" + (unquote(parts.path.lstrip("/")) or "geo_server")},
    }


DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/geo_server"

SECRET_KEY = env_str("GEO_SERVER_SECRET_KEY", "dev-only-not-secret-change-me-in-production")
DEBUG = env_bool("GEO_SERVER_DEBUG", True)
ALLOWED_HOSTS = env_list("GEO_SERVER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "geo_server.accounts",
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
    "geo_server.sectors.buildings",
    "geo_server.sectors.worksites",
    "geo_server.sectors.concrete",
    "geo_server.sectors.funds",
    "geo_server.sectors.waterworks",
]

MIDDLEWARE = [
    "geo_server.security_headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "geo_server.middleware.HeaderAuthenticationMiddleware",
    "geo_server.middleware.LoginRequiredMiddleware",
    "geo_server.middleware.ApiErrorMiddleware",
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
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", DEFAULT_DATABASE_URL))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "map"
LOGOUT_REDIRECT_URL = "login"

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
]
STATIC_ROOT = BASE_DIR / "var" / "static"
# Uploaded photos. Never served as open static files: /media/<name> goes through a view that checks
# the user may see the photo's hazard (supervision.photo_views).
MEDIA_ROOT = env_str("GEO_SERVER_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# App options in one namespaced dict (django-leaflet's habit).
GEO_SERVER = {
    # Empty by default: the map works offline on the district layer alone.
    "BASEMAP_URL": env_str("GEO_SERVER_BASEMAP_URL", ""),
    "BASEMAP_ATTRIBUTION": env_str("GEO_SERVER_BASEMAP_ATTRIBUTION", ""),
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
    # The integrity score (诚信分) every organisation starts from; the weights are in the admin.
    "INTEGRITY_START_SCORE": 100,
}

# Celery: with no broker configured, tasks run inline (task_always_eager), so nothing needs Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "geo_server"
CELERY_TIMEZONE = TIME_ZONE
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
    "loggers": {"pyogrio": {"level": "WARNING"}},
}

# Debian 12's GDAL 3.6 cannot sandbox spatial-reference lookups (gis.W001). geo_server never hands
# GDAL a CRS from user input except as an EPSG code from a fixed allowlist, so the warning is moot.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
