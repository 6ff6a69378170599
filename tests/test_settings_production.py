"""Production settings: what a deployment relies on and a change could silently break.

Each settings case runs in a fresh interpreter with a clean environment, since the settings module
reads the environment once, at import.
"""

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from geo_server import secret_key

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The README's production variables ("Deploying"), as nginx would front the server.
PRODUCTION_ENV = {
    "GEO_SERVER_SECRET_KEY": "a-long-random-production-key-" + "x7Qp2mZ9" * 6,
    "GEO_SERVER_ALLOWED_HOSTS": "geo.example.gov.cn",
    "GEO_SERVER_CSRF_TRUSTED_ORIGINS": "https://geo.example.gov.cn",
    "GEO_SERVER_BEHIND_TLS_PROXY": "1",
    "GEO_SERVER_HSTS_SECONDS": "31536000",
}


def clean_environment(**environment: str) -> dict:
    """Only PATH, DATABASE_URL when set (unset, as under `make test`, the default applies) and `environment`."""
    env = {"PATH": os.environ["PATH"], **environment}
    if "DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return env


def settings_in_clean_process(names: list[str], **environment: str) -> dict:
    """The named settings as a fresh process sees them."""
    env = clean_environment(**environment)
    code = ("import json; from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))")
    env["DJANGO_SETTINGS_MODULE"] = "geo_server.settings"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_it_makes_the_secret_key_file_private_and_reuses_it(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    first = settings_in_clean_process(["SECRET_KEY"], GEO_SERVER_SECRET_KEY_FILE=str(key_file))["SECRET_KEY"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text() == first and len(first) >= 50
    again = settings_in_clean_process(["SECRET_KEY"], GEO_SERVER_SECRET_KEY_FILE=str(key_file))["SECRET_KEY"]
    assert again == first
    assert [path.name for path in key_file.parent.iterdir()] == ["secret_key"]  # no temporary file left


def test_it_has_no_default_secret_key(tmp_path):
    one = settings_in_clean_process(["SECRET_KEY"], GEO_SERVER_SECRET_KEY_FILE=str(tmp_path / "one"))
    other = settings_in_clean_process(["SECRET_KEY"], GEO_SERVER_SECRET_KEY_FILE=str(tmp_path / "other"))
    assert one["SECRET_KEY"] != other["SECRET_KEY"]
    assert "dev-only" not in one["SECRET_KEY"]


def test_it_takes_the_key_from_the_environment_without_a_file(tmp_path):
    seen = settings_in_clean_process(["SECRET_KEY"], GEO_SERVER_SECRET_KEY="from-the-environment",
                                     GEO_SERVER_SECRET_KEY_FILE=str(tmp_path / "secret_key"))
    assert seen["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_it_keeps_the_first_key_when_two_workers_race(tmp_path, monkeypatch):
    key_file = tmp_path / "secret_key"

    def other_worker_wins(length):
        # The other worker links its key into place while this one is still making its own.
        key_file.write_text("the-other-workers-key")
        return "this-workers-key"

    monkeypatch.setattr(secret_key.secrets, "token_urlsafe", other_worker_wins)
    assert secret_key.read_or_create_secret_key(key_file) == "the-other-workers-key"
    assert key_file.read_text() == "the-other-workers-key"
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


def test_it_turns_debug_on_only_when_asked(tmp_path):
    key_file = str(tmp_path / "secret_key")
    assert settings_in_clean_process(["DEBUG"], GEO_SERVER_SECRET_KEY_FILE=key_file) == {"DEBUG": False}
    assert settings_in_clean_process(["DEBUG"], GEO_SERVER_SECRET_KEY_FILE=key_file,
                                     GEO_SERVER_DEBUG="1") == {"DEBUG": True}


def test_it_pools_database_connections(tmp_path):
    seen = settings_in_clean_process(["DATABASES"], GEO_SERVER_SECRET_KEY_FILE=str(tmp_path / "secret_key"),
                                     GEO_SERVER_DB_POOL_MAX="6")
    database = seen["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 10}


def test_it_trusts_the_proxys_https_only_when_told(tmp_path):
    names = ["SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
             "CSRF_TRUSTED_ORIGINS", "SECURE_HSTS_SECONDS"]
    key_file = str(tmp_path / "secret_key")
    direct = settings_in_clean_process(names, GEO_SERVER_SECRET_KEY_FILE=key_file)
    assert direct == {"SECURE_PROXY_SSL_HEADER": None, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
                      "SECURE_SSL_REDIRECT": False, "CSRF_TRUSTED_ORIGINS": [], "SECURE_HSTS_SECONDS": 0}
    proxied = settings_in_clean_process(names, **PRODUCTION_ENV)
    assert proxied == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"], "SESSION_COOKIE_SECURE": True,
                       "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": True,
                       "CSRF_TRUSTED_ORIGINS": ["https://geo.example.gov.cn"], "SECURE_HSTS_SECONDS": 31536000}


def test_it_passes_the_deploy_check_but_for_the_hsts_scope_warnings():
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=clean_environment(**PRODUCTION_ENV),
                          capture_output=True, text=True)
    # README, "Deploying": subdomains and preloading bind the whole domain, so they stay a choice.
    assert set(re.findall(r"\(([\w.]+\.[WE]\d+)\)", done.stderr + done.stdout)) == {"security.W005", "security.W021"}


@pytest.mark.django_db
def test_it_serves_hashed_compressed_static_files(tmp_path, alice):
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=tmp_path / "static"):
        call_command("collectstatic", interactive=False, verbosity=0)
        client = Client()
        client.force_login(alice)
        page = client.get("/").content.decode()
        hashed = re.search(r'src="(/static/geo_server/map\.[0-9a-f]{12}\.js)"', page)
        assert hashed, "the map page links map.js by its hashed name"
        script = client.get(hashed.group(1), headers={"accept-encoding": "gzip"})
    assert script.status_code == 200
    assert script["Content-Encoding"] == "gzip"
    assert "immutable" in script["Cache-Control"]
    assert settings.STORAGES["staticfiles"]["BACKEND"].endswith("StaticFilesStorage")  # back to plain names
