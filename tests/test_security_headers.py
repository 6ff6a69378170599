"""Security headers through the test client: the CSP and its per-request nonce, Permissions-Policy,
the Server header; and the print map's own policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from geo_server.features.models import AdminArea
from geo_server.basemaps import basemap_source
from tests.conftest import TIANHE_SPORTS_CENTER, point_feature
from tests.test_zones import SQUARE

PAYLOAD = "<img src=x onerror=window.__xss=1>"


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split(None, 1)[1] for part in policy.split("; ")}


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", directives(response)["script-src"]).group(1)


def inline_scripts(html: str) -> list[str]:
    """The opening tags of scripts that run code written into the page (not src=, not JSON data)."""
    tags = re.findall(r"<script\b[^>]*>", html)
    return [tag for tag in tags if "src=" not in tag and 'type="application/json"' not in tag]


def test_it_allows_scripts_only_from_this_server_or_with_the_nonce(client, db):
    policy = directives(client.get("/health"))
    assert re.fullmatch(r"'self' 'nonce-[\w-]{24}'", policy["script-src"])
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["img-src"] == "'self' data: blob:"
    assert policy["connect-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


def test_it_puts_a_fresh_nonce_on_each_page_and_on_every_inline_script(client, alice):
    client.force_login(alice)
    first, second = client.get("/"), client.get("/")
    assert nonce_of(first) != nonce_of(second)
    scripts = inline_scripts(second.content.decode())
    assert scripts and all(f'nonce="{nonce_of(second)}"' in tag for tag in scripts)


def test_it_leaves_no_inline_script_or_handler_without_the_nonce_on_the_pages(client, bob, admin_user):
    from geo_server.patrols.zones import create_zone

    feature = point_feature("B-1", *TIANHE_SPORTS_CENTER, kind="building")
    zone = create_zone(bob, "体育中心片区", SQUARE)
    client.force_login(bob)
    paths = ["/", f"/features/{feature.pk}/", "/hazards/", "/zones/new", f"/zones/{zone.pk}/",
             f"/zones/{zone.pk}/edit", "/zones/compliance/", "/inbox/", "/m/", "/integrity/", "/api/docs",
             "/ogc/collections/building/items?f=html", f"/ogc/collections/building/items/{feature.pk}?f=html"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert all(f'nonce="{nonce_of(response)}"' in tag for tag in inline_scripts(html)), path
        assert not re.search(r"<[^>]+\son[a-z]+=", html), path
    client.force_login(admin_user)
    response = client.get(f"/admin/features/feature/{feature.pk}/change/")
    html = response.content.decode()
    assert inline_scripts(html) and all(f'nonce="{nonce_of(response)}"' in tag for tag in inline_scripts(html))


def test_it_keeps_inline_handlers_and_unnonced_scripts_out_of_every_template():
    root = Path(settings.BASE_DIR)
    templates = [*root.glob("geo_server/templates/**/*.html"), *root.glob("layers/templates/**/*.html"),
                 *root.glob("basins/templates/**/*.html")]
    assert len(templates) > 30
    for path in templates:
        html = path.read_text()
        assert not re.search(r"<[^>]+\son[a-z]+=", html), path
        assert all('nonce="{{ csp_nonce }}"' in tag for tag in inline_scripts(html)), path
        assert "|safe" not in html and "autoescape off" not in html, path


def test_it_allows_the_configured_basemap_tiles_as_images(client, db, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "BASEMAP_URL": "https://{s}.tile.example.org/{z}/{x}/{y}.png"}
    assert directives(client.get("/health"))["img-src"] == "'self' data: blob: https://*.tile.example.org"


def test_it_turns_a_tile_url_template_into_a_csp_source():
    assert basemap_source("") is None
    assert basemap_source("https://tiles.example.org:8443/{z}/{x}/{y}.png") == "https://tiles.example.org:8443"
    assert basemap_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    # A placeholder inside a name CSP cannot express: the scheme alone.
    assert basemap_source("https://t{s}.example.org/{z}/{x}/{y}.png") == "https:"
    assert basemap_source("http://a.{s}.example.org/{z}/{x}/{y}.png") == "http:"


def test_it_allows_geolocation_only_on_the_phone_page(client, bob):
    client.force_login(bob)
    assert "geolocation=(self)" in client.get("/m/")["Permissions-Policy"]
    for path in ("/", "/health", "/api/docs"):
        policy = client.get(path)["Permissions-Policy"]
        assert "geolocation=()" in policy and "camera=()" in policy and "microphone=()" in policy, path


def test_it_names_no_server_version(client, db):
    # Django's dev server (wsgiref) writes "WSGIServer/0.2 CPython/3.11" only if the app sent no Server.
    assert client.get("/health", SERVER_SOFTWARE="WSGIServer/0.2")["Server"] == "geo_server"
    # gunicorn writes its own versionless "Server: gunicorn" always; a second one would be noise.
    assert "Server" not in client.get("/health", SERVER_SOFTWARE="gunicorn/27.0.1")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_it_serves_the_print_map_with_its_own_sandboxed_policy_and_names_as_text(client, alice):
    AdminArea.objects.filter(code="440106").update(name=PAYLOAD)
    point_feature("B-1", *TIANHE_SPORTS_CENTER, kind="building", name=PAYLOAD)
    client.force_login(alice)
    response = client.get("/exports/printmap?district=440106")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'unsafe-inline'" and policy["default-src"] == "'none'"
    assert policy["sandbox"] == "allow-scripts"
    html = response.content.decode()
    # The file opened from disk keeps the policy, as a <meta> before any script.
    assert html.index('http-equiv="Content-Security-Policy"') < html.index("<script")
    assert PAYLOAD not in html and "&lt;img src=x onerror=window.__xss=1&gt;" in html
    # Tooltips as text nodes, not folium's GeoJsonTooltip (innerHTML).
    assert "print-tooltip" in html and "div.innerHTML=table" not in html
