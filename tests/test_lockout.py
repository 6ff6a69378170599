"""Login throttling: per account and per address, on the form, HTTP Basic and Bearer tokens."""

import base64
from unittest import mock

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from geo_server.accounts.tokens import issue_token

LIMIT = 10  # settings.AXES_FAILURE_LIMIT's default
COOL_OFF = "900"  # 15 minutes, in seconds


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def api(client, header: str, address: str = "127.0.0.1"):
    return client.get("/api/features", HTTP_AUTHORIZATION=header, REMOTE_ADDR=address)


def fail_basic(client, username: str, times: int, address: str = "127.0.0.1"):
    return [api(client, basic(username, "wrong"), address).status_code for _ in range(times)]


@pytest.fixture
def hashing():
    """Counts password hashes, checked or made (ModelBackend hashes even for unknown users)."""
    with mock.patch.object(PBKDF2PasswordHasher, "verify", autospec=True,
                           side_effect=PBKDF2PasswordHasher.verify) as verify, \
         mock.patch.object(PBKDF2PasswordHasher, "encode", autospec=True,
                           side_effect=PBKDF2PasswordHasher.encode) as encode:
        yield lambda: verify.call_count + encode.call_count


def test_it_locks_an_account_after_ten_wrong_basic_passwords(client, bob):
    assert fail_basic(client, "bob", LIMIT - 1) == [401] * (LIMIT - 1)
    response = api(client, basic("bob", "wrong"))
    assert response.status_code == 429
    assert response["Retry-After"] == COOL_OFF
    assert response.json()["code"] == "too_many_attempts"
    # Even the right password is refused until the cool-off ends, from another address too.
    assert api(client, basic("bob", "bob-password"), "10.0.0.9").status_code == 429


def test_it_hashes_no_password_for_a_locked_account(client, bob, hashing):
    fail_basic(client, "bob", LIMIT)
    before = hashing()
    assert fail_basic(client, "bob", 5, "10.0.0.9") == [429] * 5
    assert hashing() == before
    assert api(client, basic("bob", "bob-password"), "10.0.0.9").status_code == 429
    assert hashing() == before


def test_it_locks_an_address_that_tries_many_accounts(client, bob, alice):
    for number in range(LIMIT):
        api(client, basic(f"guess{number}", "wrong"), "10.0.0.66")
    assert api(client, basic("alice", "alice-password"), "10.0.0.66").status_code == 429
    assert api(client, basic("alice", "alice-password"), "10.0.0.1").status_code == 200


def test_it_counts_bad_bearer_tokens_per_address(client, bob):
    token = issue_token(bob, "QGIS")
    for _ in range(LIMIT - 1):
        assert api(client, "Bearer gs_guess", "10.0.0.66").status_code == 401
    response = api(client, "Bearer gs_guess", "10.0.0.66")
    assert (response.status_code, response["Retry-After"]) == (429, COOL_OFF)
    assert api(client, "Bearer gs_guess", "10.0.0.1").status_code == 401
    assert api(client, basic("bob", "bob-password"), "10.0.0.66").status_code == 429
    # A good token cannot have been guessed: it still works from the locked address.
    assert api(client, f"Bearer {token}", "10.0.0.66").status_code == 200


def test_it_forgets_failures_after_a_successful_login(client, bob):
    fail_basic(client, "bob", LIMIT - 1)
    assert api(client, basic("bob", "bob-password")).status_code == 200
    assert fail_basic(client, "bob", LIMIT - 1) == [401] * (LIMIT - 1)


def test_it_remembers_good_basic_credentials_without_hashing_again(client, bob, hashing):
    assert api(client, basic("bob", "bob-password")).status_code == 200
    before = hashing()
    assert api(client, basic("bob", "bob-password")).status_code == 200
    assert hashing() == before


def test_it_shows_a_translated_lockout_page_on_the_login_form(client, bob):
    for _ in range(LIMIT - 1):
        assert client.post("/accounts/login/", {"username": "bob", "password": "wrong"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "bob", "password": "bob-password"})
    assert response.status_code == 302  # the tenth try, with the right password, still gets in
    client.logout()
    fail = [client.post("/accounts/login/", {"username": "bob", "password": "wrong"}) for _ in range(LIMIT)]
    assert [r.status_code for r in fail] == [200] * (LIMIT - 1) + [429]
    assert fail[-1]["Retry-After"] == COOL_OFF
    assert "登录失败次数过多" in fail[-1].content.decode()


def test_it_counts_each_client_behind_a_trusted_proxy_apart(client, bob, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "TRUSTED_PROXIES": 1}
    # nginx appends the address it saw; what the client put in front of it is not believed.
    for number in range(LIMIT):
        client.get("/api/features", HTTP_AUTHORIZATION="Bearer gs_guess", REMOTE_ADDR="10.0.0.2",
                   HTTP_X_FORWARDED_FOR=f"6.6.6.{number}, 203.0.113.7")
    blocked = client.get("/api/features", HTTP_AUTHORIZATION=basic("bob", "bob-password"), REMOTE_ADDR="10.0.0.2",
                         HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.get("/api/features", HTTP_AUTHORIZATION=basic("bob", "bob-password"), REMOTE_ADDR="10.0.0.2",
                       HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert (blocked.status_code, other.status_code) == (429, 200)


def test_it_lets_server_side_code_authenticate_without_a_request(client, bob):
    assert client.login(username="bob", password="bob-password")


def test_it_answers_a_locked_ogc_client_in_the_ogc_exception_shape(client, bob):
    for _ in range(LIMIT - 1):
        client.get("/ogc/collections", HTTP_AUTHORIZATION=basic("bob", "wrong"))
    response = client.get("/ogc/collections", HTTP_AUTHORIZATION=basic("bob", "wrong"))
    assert response.status_code == 429
    body = response.json()
    assert body["geo_server_code"] == "too_many_attempts" and body["code"] == "NoApplicableCode" and body["description"]
