"""Who is asking: HTTP Basic and Bearer tokens are taken on machine paths only; pages need their
session and, for a form, its CSRF token, whatever Authorization header comes along."""

import pytest
from django.test import Client

from geo_server.accounts.models import ApiToken
from geo_server.accounts.tokens import issue_token
from tests.conftest import TIANHE_SPORTS_CENTER, point_feature
from tests.photos import photo_bytes
from tests.test_photos import hazard, post_photo  # noqa: F401 (a fixture)
from tests.test_rasters import grid_layer  # noqa: F401 (a fixture)
from tests.test_tokens import basic


@pytest.fixture
def browser(db):
    """A client that checks CSRF tokens the way a real browser session is checked."""
    return Client(enforce_csrf_checks=True)


def test_it_ignores_basic_credentials_on_a_page_form_and_issues_no_token(browser, bob):
    response = browser.post("/accounts/me/", {"name": "forged"}, HTTP_AUTHORIZATION=basic("bob", "bob-password"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not ApiToken.objects.exists()


def test_it_ignores_a_bearer_token_on_a_page(browser, bob):
    token = issue_token(bob, "script")
    response = browser.get("/accounts/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_still_wants_the_csrf_token_from_a_logged_in_page_sending_credentials(browser, bob):
    browser.force_login(bob)
    response = browser.post("/accounts/me/", {"name": "forged"}, HTTP_AUTHORIZATION=basic("bob", "bob-password"))
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_it_lets_a_script_post_to_the_api_with_basic_and_no_csrf_token(browser, bob):
    response = browser.post("/api/inbox/read-all", HTTP_AUTHORIZATION=basic("bob", "bob-password"))
    assert response.status_code == 200


def test_it_refuses_a_cross_site_browser_post_carrying_remembered_basic_credentials(browser, bob):
    response = browser.post("/api/inbox/read-all", HTTP_AUTHORIZATION=basic("bob", "bob-password"),
                            HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


@pytest.mark.parametrize("path", ["/api/features", "/ogc/collections", "/tiles/concrete_plant/14/13349/7109.mvt",
                                  "/exports/?layer=concrete_plant&format=geojson"])
def test_it_takes_a_bearer_token_on_each_machine_path(browser, bob, path):
    point_feature("TH", *TIANHE_SPORTS_CENTER)
    token = issue_token(bob, "QGIS")
    assert browser.get(path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_it_serves_a_photo_to_a_script_with_basic_credentials(client, browser, hazard, erin):  # noqa: F811
    urls = post_photo(client, erin, hazard.pk, photo_bytes()).json()["urls"]
    response = browser.get(urls["original"], HTTP_AUTHORIZATION=basic("erin", "erin-password"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_it_takes_a_bearer_token_for_raster_tiles_as_qgis_sends_it(browser, bob, grid_layer):  # noqa: F811
    token = issue_token(bob, "QGIS")
    response = browser.get("/rasters/grid/5/0/0.png", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
