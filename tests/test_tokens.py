"""HTTP Basic and personal Bearer tokens, the way QGIS and GDAL authenticate."""

import base64
import json
from io import StringIO

from django.core.management import call_command

from geo_server.accounts.models import ApiToken
from geo_server.accounts.tokens import issue_token
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def codes(response) -> list[str]:
    return [f["properties"]["code"] for f in json.loads(response.content)["features"]]


def test_it_accepts_http_basic_and_scopes_by_the_users_jurisdiction(client, bob):
    point_feature("HZ", *CANTON_TOWER)
    point_feature("TH", *TIANHE_SPORTS_CENTER)
    response = client.get("/api/features", HTTP_AUTHORIZATION=basic("bob", "bob-password"))
    assert response.status_code == 200
    assert codes(response) == ["TH"]


def test_it_accepts_a_bearer_token_and_records_its_use(client, bob):
    point_feature("TH", *TIANHE_SPORTS_CENTER)
    token = issue_token(bob, "QGIS")
    response = client.get("/api/features", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert codes(response) == ["TH"]
    assert ApiToken.objects.get(user=bob).last_used_at is not None


def test_it_stores_only_a_digest_of_the_token(bob):
    token = issue_token(bob, "script")
    record = ApiToken.objects.get(user=bob)
    assert token not in (record.digest, record.prefix)
    assert token.startswith("gs_" + record.prefix)


def test_it_rejects_wrong_credentials_with_a_basic_challenge(client, bob):
    for header in (basic("bob", "wrong"), "Bearer gs_nope", "Digest abc", "Basic !!!"):
        response = client.get("/api/features", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert json.loads(response.content)["code"] == "bad_credentials"
        assert response["WWW-Authenticate"].startswith("Basic")


def test_it_challenges_an_anonymous_machine_client(client, db):
    response = client.get("/api/features")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_it_prints_a_working_token_from_the_command(client, bob):
    out = StringIO()
    call_command("issue_token", "bob", stdout=out)
    token = out.getvalue().strip()
    assert client.get("/api/features", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_it_issues_and_revokes_a_token_on_the_users_page(client, bob):
    client.force_login(bob)
    page = client.post("/accounts/me/", {"name": "QGIS"}).content.decode()
    token = ApiToken.objects.get(user=bob)
    assert "gs_" + token.prefix in page
    client.post(f"/accounts/me/tokens/{token.pk}/revoke")
    assert not ApiToken.objects.filter(user=bob).exists()


def test_it_shows_a_form_error_for_an_empty_token_name(client, bob):
    client.force_login(bob)
    response = client.post("/accounts/me/", {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "errorlist" in response.content.decode()


def test_it_stops_accepting_remembered_basic_credentials_once_the_password_changes(client, bob):
    header = basic("bob", "bob-password")
    assert client.get("/api/features", HTTP_AUTHORIZATION=header).status_code == 200
    bob.set_password("new-password")
    bob.save()
    assert client.get("/api/features", HTTP_AUTHORIZATION=header).status_code == 401
    assert client.get("/api/features", HTTP_AUTHORIZATION=basic("bob", "new-password")).status_code == 200
